"""`lianluo plugins`: what is installed and what this home enables (its `plugins/*.py` included), and
`plugins enable|disable NAME` to change the home's profile without editing it by hand: checked as `init` checks a
profile, refused (with the reason) where the home's data still need the plugin, atomic, audited."""

from __future__ import annotations

import click

from .. import plugins as installed
from .. import profile_edit
from ..context import PROFILE_FILE, App
from ..errors import InputError, RefusedError
from ..local_plugins import FOLDER, local_plugins
from ..outcome import mark_saved
from ..plugins import ALWAYS_ON, plugin_hooks
from .common import Root, emit, json_option, pass_root


@click.group(name="plugins", invoke_without_command=True)
@json_option
@pass_root
@click.pass_context
def plugins_group(ctx: click.Context, root: Root, json_: bool) -> None:
    """列出已安装的插件、版本、实现的钩子，以及本数据目录是否启用；enable、disable 启用或停用。"""
    if ctx.invoked_subcommand is not None:
        return
    enabled: set[str] = set()
    local: dict = {}
    app = None
    if (root.home / PROFILE_FILE).exists():
        app = root.app()
        enabled, local = set(app.profile.enable), local_plugins(app.home)
    pm, broken = installed.load_installed()
    rows = [
        {"name": a.name, "source": a.source, "version": a.version, "enabled": a.name in enabled or a.name in ALWAYS_ON,
         "hooks": plugin_hooks(pm, a.name) if pm.has_plugin(a.name) else [], "error": broken.get(a.name)}
        for a in installed.available_plugins().values()
    ]
    if app is not None:  # the home's own plugins/*.py, registered in its plugin manager
        rows += [{"name": name, "source": f"{FOLDER}/{name}.py", "version": "", "enabled": True,
                  "hooks": plugin_hooks(app.pm, name), "error": None} for name in local]
    lines = [f"{'✓' if r['enabled'] else ' '} {r['name']:<14} {r['version']:<8} {r['source']:<12} "
             + (f"无法加载：{r['error']}" if r["error"] else ", ".join(r["hooks"])) for r in rows]
    emit(json_, rows, lines)


@plugins_group.command(name="enable")
@click.argument("name")
@json_option
@pass_root
def plugins_enable(root: Root, name: str, json_: bool) -> None:
    """在本数据目录启用一个已安装的插件（写入 profile.toml 的 plugins.enable，按 init 的检查校验，记入留痕）。"""
    app = root.app()
    known = installed.available_plugins()
    if name not in known:
        raise InputError("NAME", installed.not_installed(name, known).split("：", 1)[1])
    if name in app.profile.enable or name in ALWAYS_ON:
        emit(json_, {"plugin": name, "enabled": True, "changed": False}, f"插件 {name} 已启用，未作修改")
        return
    _change(app, name, [*app.profile.enable, name], "plugins enable", json_)


@plugins_group.command(name="disable")
@click.argument("name")
@json_option
@pass_root
def plugins_disable(root: Root, name: str, json_: bool) -> None:
    """在本数据目录停用一个插件；本数据目录的数据仍需要它时拒绝，并说明原因。"""
    app = root.app()
    if name in ALWAYS_ON:
        raise RefusedError(f"插件 {name} 始终启用，不能停用")
    if name in local_plugins(app.home):
        raise RefusedError(f"插件 {name} 是本数据目录的本地插件（{FOLDER}/{name}.py），移走该文件即停用")
    if name not in app.profile.enable:
        raise InputError("NAME", f"插件 {name} 未在本数据目录启用；已启用：{'、'.join(app.profile.enable) or '无'}")
    needed = _needed(app, name)
    if needed:
        raise RefusedError(f"不能停用插件 {name}：本数据目录{'；'.join(needed)}，停用后无法办理")
    _change(app, name, [p for p in app.profile.enable if p != name], "plugins disable", json_)


def _needed(app: App, name: str) -> list[str]:
    """Why the home's data still need plugin `name`: items of a kind it declares, rows in a table it owns."""
    reasons = []
    if not app.pm.has_plugin(name):
        return reasons  # not installed: nothing of it can be read anyway (kernel/readonly.py)
    with app.store.reader() as tx:
        for kind in app.kinds.kinds.values():
            if kind.plugin == name:
                count = len(tx.find(kind.table, kind=kind.name))
                if count:
                    reasons.append(f"有 {count} 件{kind.label}（{kind.name}）")
        for table, owner in sorted(app.tables.owners.items()):
            if owner == name and tx.count(table):
                reasons.append(f"表 {table} 中有 {tx.count(table)} 条该插件的记录")
    return reasons


def _change(app: App, name: str, enable: list[str], what: str, json_: bool) -> None:
    store = getattr(app.store, "_store", app.store)  # a home missing a plugin may still change which it enables
    with store.transaction() as tx:
        text = profile_edit.edited(profile_edit.current_text(app.home), "plugins.enable", enable)
        profile_edit.write(app, tx, text, what, plugin=name, old=list(app.profile.enable), new=enable)
    mark_saved()
    done = "启用" if what.endswith("enable") else "停用"
    emit(json_, {"plugin": name, "enabled": name in enable, "changed": True, "plugins": enable},
         [f"已在本数据目录{done}插件 {name}（已记入留痕）", f"启用的插件：{'、'.join(enable)}"])


COMMANDS = (plugins_group,)
