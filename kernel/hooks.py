"""Calling hooks one implementation at a time, so one plugin's failure is named and contained.

pluggy aborts a whole hook call when one implementation raises; the tick cannot afford that, and a
user's command must say which plugin refused. Implementations run in pluggy's own order.
"""

from __future__ import annotations

from typing import Any

import attrs
import pluggy

from .errors import InputError, PluginError, RefusedError
from .timelimit import HookTimeout, limited

hookimpl = pluggy.HookimplMarker("lianluo")


@attrs.frozen
class Answer:
    """One plugin's answer to one hook call: its result, or the exception it raised."""

    plugin: str
    result: Any = None
    error: BaseException | None = None


def call_each(pm: pluggy.PluginManager, hook: str, only: set[str] | None = None, limit: float | None = None,
              hung: set[str] | None = None, **kwargs: Any) -> list[Answer]:
    """Call every implementation of `hook` (or those of the plugins in `only`), catching each failure;
    with `limit`, a call that runs over that many seconds fails with HookTimeout, and its plugin joins `hung`,
    whose plugins are not called again (timelimit.limited)."""
    answers = []
    for impl in reversed(getattr(pm.hook, hook).get_hookimpls()):
        if (only is not None and impl.plugin_name not in only) or impl.hookwrapper or impl.wrapper:
            continue
        try:
            with limited(impl.plugin_name, limit, hung if hung is not None else set()):
                result = impl.function(*[kwargs[name] for name in impl.argnames])
        except (Exception, HookTimeout) as exc:  # isolation is the point: any plugin bug is contained and named
            answers.append(Answer(impl.plugin_name, error=exc))
        else:
            answers.append(Answer(impl.plugin_name, result=result))
    return answers


def call_strict(pm: pluggy.PluginManager, hook: str, **kwargs: Any) -> list[Answer]:
    """Call every implementation for a user's command: a refusal passes through, a bug is named."""
    answers = call_each(pm, hook, **kwargs)
    for answer in answers:
        if isinstance(answer.error, (InputError, RefusedError)):
            raise answer.error
        if answer.error is not None:
            raise PluginError(answer.plugin, hook, answer.error)
    return [a for a in answers if a.result is not None]


def call_registration(pm: pluggy.PluginManager, hook: str, make_register, **kwargs: Any) -> None:
    """Call a `register_*` hook, giving each plugin a `register` callback tagged with its own name."""
    for impl in reversed(getattr(pm.hook, hook).get_hookimpls()):
        if impl.hookwrapper or impl.wrapper:
            continue
        values = {**kwargs, "register": make_register(impl.plugin_name)}
        impl.function(*[values[name] for name in impl.argnames])
