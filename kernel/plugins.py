"""The plugin manager factory: built-ins by module name, third parties from the `lianluo` entry points.

Nothing is registered at import time. A profile's `plugins.enable` list says which plugins act; the
`profiles` plugin is always on so that profiles can be listed before a home exists.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import sys
import time
from typing import Any

import attrs
import pluggy

from . import hookspecs
from .errors import ProfileError
from .hooks import call_plugin, call_registration, implementers

PROJECT = "lianluo"

BUILTIN_PLUGINS: dict[str, str] = {
    "profiles": "lianluo.plugins.profiles",
    "suggestions": "lianluo.plugins.suggestions",
    "session": "lianluo.plugins.session",
    "reminders": "lianluo.plugins.reminders",
    "cases": "lianluo.plugins.cases",
    "activities": "lianluo.plugins.activities",
    "scoring": "lianluo.plugins.scoring",
    "demo": "lianluo.plugins.demo",
    "web": "lianluo.plugins.web",
}
ALWAYS_ON = ("profiles",)


@attrs.frozen
class Available:
    """A plugin that could be enabled: its name, where it comes from, and its version."""

    name: str
    source: str  # "builtin" or the distribution name
    version: str
    target: str  # module path or entry-point value


def _kernel_version() -> str:
    try:
        return importlib.metadata.version(PROJECT)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a bare tree
        return "0"


def available_plugins() -> dict[str, Available]:
    """Every plugin this installation knows, built-in first; an entry point may not shadow a built-in."""
    found = {name: Available(name, "builtin", _kernel_version(), module) for name, module in BUILTIN_PLUGINS.items()}
    for ep in importlib.metadata.entry_points(group=PROJECT):
        if ep.name in found:
            continue
        dist = ep.dist.name if ep.dist else "?"
        version = ep.dist.version if ep.dist else "?"
        found[ep.name] = Available(ep.name, dist, version, ep.value)
    return found


def _load(entry: Available) -> Any:
    if entry.source == "builtin":
        return importlib.import_module(entry.target)
    for ep in importlib.metadata.entry_points(group=PROJECT, name=entry.name):
        return ep.load()
    raise ProfileError(f"找不到插件 {entry.name}")  # pragma: no cover - listed a moment ago


def _plugin_name(pm: pluggy.PluginManager, plugin: Any) -> str:
    return pm.get_name(plugin) or getattr(plugin, "__name__", type(plugin).__name__)


def _register(pm: pluggy.PluginManager, plugin: Any, name: str) -> None:
    """Register, turning pluggy's validation error into one that names the plugin and the hook; then refuse
    hook wrappers and add the plugin's own hookspecs (before check_pending, so that other plugins may
    implement them)."""
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise ProfileError(f"插件 {name} 的钩子实现无效：{exc}") from None
    except ValueError as exc:
        raise ProfileError(f"插件 {name} 无法注册：{exc}") from None
    try:
        _refuse_wrappers(pm, plugin, name)
        _add_own_hookspecs(pm, name)
    except BaseException:
        pm.unregister(plugin)
        raise


def _refuse_wrappers(pm: pluggy.PluginManager, plugin: Any, name: str) -> None:
    """The kernel calls each plugin on its own (its own time limit, failure and retry), so a wrapper would run
    around every other plugin's single call and could hide or alter their failures: refused, not skipped."""
    for caller in pm.get_hookcallers(plugin) or []:
        for impl in caller.get_hookimpls():
            if impl.plugin is plugin and (impl.hookwrapper or impl.wrapper):
                raise ProfileError(f"插件 {name} 的钩子 {caller.name} 是 hook wrapper：lianluo 逐个插件调用钩子，"
                                   "不支持 wrapper（跟踪调用请设 LIANLUO_TRACE_PLUGINS=1）")


def _add_own_hookspecs(pm: pluggy.PluginManager, name: str) -> None:
    """Call the plugin's `register_hookspecs`, as pytest calls `pytest_addhooks`."""
    def make_register(plugin: str):
        def register(specs: Any) -> None:
            try:
                pm.add_hookspecs(specs)
            except ValueError as exc:  # no spec in it, or a hook name already taken
                raise ProfileError(f"插件 {plugin} 声明的钩子无效：{exc}") from None

        return register

    call_registration(pm, "register_hookspecs", make_register, only={name})


def _trace(pm: pluggy.PluginManager) -> None:
    """LIANLUO_TRACE_PLUGINS: one stderr line per hook call (each call is one plugin's, see kernel/hooks.py)."""
    started: list[float] = []

    def before(hook_name, impls, kwargs) -> None:
        started.append(time.perf_counter())

    def after(outcome, hook_name, impls, kwargs) -> None:
        ms = (time.perf_counter() - started.pop()) * 1000
        plugins = ",".join(impl.plugin_name for impl in impls) or "-"
        error = outcome.exception
        status = "ok" if error is None else f"raised {type(error).__name__}"
        sys.stderr.write(f"lianluo trace: hook={hook_name} plugin={plugins} ms={ms:.3f} {status}\n")

    pm.add_hookcall_monitoring(before, after)


def _new_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    if os.environ.get("LIANLUO_TRACE_PLUGINS"):
        _trace(pm)
    return pm


def not_installed(name: str, known: dict[str, Available] | None = None) -> str:
    """The one line that says a profile names a plugin this installation lacks."""
    choices = "、".join(sorted(known if known is not None else available_plugins()))
    return f"plugins.enable：未知插件 {name!r}（未安装；已安装：{choices}）"


def get_plugin_manager(enable: tuple[str, ...] | list[str] = (), extra: dict[str, Any] | None = None,
                       missing: list[str] | None = None) -> pluggy.PluginManager:
    """Build a manager with the always-on plugins plus `enable`; `extra` maps names to plugin objects
    (tests and embedders) registered as given. A name not installed is refused, or, given a `missing` list,
    left out and added to it (a home whose plugin was uninstalled can still be read)."""
    pm = _new_manager()
    known = available_plugins()
    for name in (*ALWAYS_ON, *enable):
        if pm.has_plugin(name) or name in (extra or {}):
            continue
        if name not in known:
            if missing is not None:
                missing.append(name)
                continue
            raise ProfileError(not_installed(name, known))
        try:
            plugin = _load(known[name])
        except Exception as exc:  # a broken third-party package must be named, not crash the CLI
            raise ProfileError(f"插件 {name} 无法加载：{type(exc).__name__}: {exc}") from None
        _register(pm, plugin, name)
    for name, plugin in (extra or {}).items():
        _register(pm, plugin, name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise ProfileError(f"插件 {_plugin_name(pm, exc.plugin)} 实现了不存在的钩子：{exc}") from None
    return pm


def load_installed(extra: dict[str, Any] | None = None) -> tuple[pluggy.PluginManager, dict[str, str]]:
    """Every installed plugin, each loaded on its own: one that fails to import or validate is left out and
    reported (name → reason), so it cannot hide the others' commands, profiles or `lianluo plugins`."""
    pm = _new_manager()
    broken: dict[str, str] = {}
    for name, entry in available_plugins().items():
        try:
            _register(pm, _load(entry), name)
        except Exception as exc:  # a third party's import error is theirs to fix, not ours to crash on
            broken[name] = f"{type(exc).__name__}: {exc}"
    for name, plugin in (extra or {}).items():
        try:
            _register(pm, plugin, name)
        except ProfileError as exc:
            broken[name] = str(exc)
    for _ in range(len(pm.get_plugins()) + 1):  # drop each plugin with a hook no spec knows, then recheck
        try:
            pm.check_pending()
            break
        except pluggy.PluginValidationError as exc:
            bad = _plugin_name(pm, exc.plugin)
            broken[bad] = str(exc)
            pm.unregister(exc.plugin)
    return pm, broken


def plugin_hooks(pm: pluggy.PluginManager, name: str) -> list[str]:
    """The hook names a registered plugin implements."""
    plugin = pm.get_plugin(name)
    return sorted(h.name for h in (pm.get_hookcallers(plugin) or []))


def offered_by_disabled(pm: pluggy.PluginManager, hook: str, name: str) -> list[str]:
    """The installed plugins not enabled in `pm` (a home's) whose registration `hook` (`register_kinds`,
    `register_scoring_rules`, …) offers `name`: what to tell a clerk who names a rule, a kind or such that this
    home does not know."""
    everything, _ = load_installed()
    found = []
    for plugin in implementers(everything, hook):
        if pm.has_plugin(plugin):
            continue
        offered: list[Any] = []
        answer = call_plugin(everything, hook, plugin, register=lambda entry, *rest: offered.append(entry))
        if answer.error is None and any(getattr(entry, "name", entry) == name for entry in offered):
            found.append(plugin)
    return found


def not_enabled_hint(pm: pluggy.PluginManager, hook: str, name: str) -> str:
    """"；X 由已安装但本数据目录未启用的插件 P 提供，启用：lianluo plugins enable P", or "" when no such plugin."""
    plugins = offered_by_disabled(pm, hook, name)
    if not plugins:
        return ""
    return (f"；{name} 由已安装、但本数据目录未启用的插件 {'、'.join(plugins)} 提供，"
            f"启用：lianluo plugins enable {plugins[0]}")
