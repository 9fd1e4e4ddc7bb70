"""The one dispatcher: every hook call goes through pluggy, one plugin at a time.

pluggy aborts a whole hook call when one implementation raises; the tick cannot afford that, and a user's
command must say which plugin refused. So each plugin is called through its own pluggy caller (a subset caller
holding that plugin's implementation only), in pluggy's own order: pluggy's monitoring (LIANLUO_TRACE_PLUGINS)
sees every call, a `firstresult` hook stops at its first answer, and a failure, a hang (kernel/timelimit.py) or
a retry stays the one plugin's. Everything a plugin can raise is contained except KeyboardInterrupt, which is
the person at the terminal, not the plugin.
"""

from __future__ import annotations

from typing import Any, Callable

import attrs
import pluggy

from .errors import InputError, LianluoError, PluginError, RefusedError
from .timelimit import limited

hookimpl = pluggy.HookimplMarker("lianluo")


@attrs.frozen
class Answer:
    """One plugin's answer to one hook call: its result, or the exception it raised."""

    plugin: str
    result: Any = None
    error: BaseException | None = None


def implementers(pm: pluggy.PluginManager, hook: str) -> list[str]:
    """The plugins implementing `hook`, in the order pluggy calls them (tryfirst/trylast respected)."""
    caller = getattr(pm.hook, hook, None)
    return [impl.plugin_name for impl in reversed(caller.get_hookimpls())] if caller is not None else []


def is_firstresult(pm: pluggy.PluginManager, hook: str) -> bool:
    spec = getattr(pm.hook, hook).spec
    return bool(spec and spec.opts.get("firstresult"))


def plugin_caller(pm: pluggy.PluginManager, hook: str, plugin: str) -> pluggy.HookCaller:
    """pluggy's caller for `hook` restricted to `plugin`'s implementation."""
    others = [obj for name, obj in pm.list_name_plugin() if name != plugin]
    return pm.subset_hook_caller(hook, others)


def attempt(plugin: str, call: Callable[[], Any], limit: float | None = None,
            hung: set[str] | None = None) -> Answer:
    """Run `call` on behalf of `plugin`, catching whatever it raises (KeyboardInterrupt aside); with `limit`,
    a call that runs over that many seconds fails with HookTimeout and its plugin joins `hung`, whose plugins
    are not called again (timelimit.limited)."""
    try:
        with limited(plugin, limit, hung if hung is not None else set()):
            result = call()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # isolation is the point: SystemExit, HookTimeout and bugs alike are the plugin's
        return Answer(plugin, error=exc)
    return Answer(plugin, result=result)


def call_plugin(pm: pluggy.PluginManager, hook: str, plugin: str, limit: float | None = None,
                hung: set[str] | None = None, **kwargs: Any) -> Answer:
    """Call one plugin's implementation of `hook` through pluggy, contained as `attempt` says."""
    answer = attempt(plugin, lambda: plugin_caller(pm, hook, plugin)(**kwargs), limit, hung)
    if answer.error is None and not is_firstresult(pm, hook):
        # a one-implementation fan-out call answers [result], or [] for None
        answer = Answer(plugin, result=answer.result[0] if answer.result else None)
    return answer


def call_each(pm: pluggy.PluginManager, hook: str, only: set[str] | None = None, limit: float | None = None,
              hung: set[str] | None = None, **kwargs: Any) -> list[Answer]:
    """Call every implementation of `hook` (or those of the plugins in `only`), each on its own, catching
    each failure. A `firstresult` hook stops at the first answer that is not None, or at the first error."""
    plugins = implementers(pm, hook)
    first = bool(plugins) and is_firstresult(pm, hook)
    answers = []
    for plugin in plugins:
        if only is not None and plugin not in only:
            continue
        answer = call_plugin(pm, hook, plugin, limit, hung, **kwargs)
        answers.append(answer)
        if first and (answer.error is not None or answer.result is not None):
            break
    return answers


def raise_for(answer: Answer, hook: str, unsaved: bool = False) -> None:
    """A refusal passes through as it is; anything else a plugin raised is named as that plugin's failure."""
    if isinstance(answer.error, (InputError, RefusedError)):
        raise answer.error
    if answer.error is not None:
        raise PluginError(answer.plugin, hook, answer.error, unsaved) from answer.error


def call_strict(pm: pluggy.PluginManager, hook: str, **kwargs: Any) -> list[Answer]:
    """Call every implementation inside a user's command's transaction: a refusal passes through, a bug is
    named and said to have saved nothing (the raise leaves the transaction, which is then not committed)."""
    answers = call_each(pm, hook, **kwargs)
    for answer in answers:
        raise_for(answer, hook, unsaved=True)
    return [a for a in answers if a.result is not None]


def call_first(pm: pluggy.PluginManager, hook: str, **kwargs: Any) -> Any:
    """The first answer of a `firstresult` hook inside a user's command, or None; failures as call_strict."""
    for answer in call_strict(pm, hook, **kwargs):
        return answer.result
    return None


def call_registration(pm: pluggy.PluginManager, hook: str, make_register: Callable[[str], Callable],
                      only: set[str] | None = None, **kwargs: Any) -> None:
    """Call a `register_*` hook, giving each plugin a `register` callback tagged with its own name. A kernel
    refusal (a name registered twice) passes through; anything else a plugin raises is named."""
    for plugin in implementers(pm, hook):
        if only is not None and plugin not in only:
            continue
        answer = call_plugin(pm, hook, plugin, register=make_register(plugin), **kwargs)
        if isinstance(answer.error, LianluoError):
            raise answer.error
        raise_for(answer, hook)
