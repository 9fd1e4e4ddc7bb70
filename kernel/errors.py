"""Domain exceptions, one sentence each; the CLI translates them once, at the edge.

Messages are in Chinese because clerks read them; the field names stay as the user typed them.
"""

from __future__ import annotations


class LianluoError(Exception):
    """Base of every error the kernel raises on purpose."""

    exit_code = 1


class InputError(LianluoError):
    """Bad input from the user: names the field, exits 2, nothing is written."""

    exit_code = 2

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}：{message}")


class RefusedError(LianluoError):
    """A well-formed request the rules do not allow now (e.g. replying to an unassigned item)."""


class StoreError(LianluoError):
    """The data home cannot be used: missing, corrupt, foreign, newer or locked."""


class BusyError(StoreError):
    """Another process holds the data home's lock for longer than we wait."""


class ProfileError(LianluoError):
    """A profile is malformed; names the key."""

    exit_code = 2


class DuplicateError(LianluoError):
    """Two plugins registered the same name in one registry (kinds, actions, jobs, tables, rule sets …): every
    registry refuses the same way, in one sentence naming the thing and both plugins."""

    def __init__(self, what: str, name: str, first: str, second: str):
        self.names = (first, second)
        super().__init__(f"{what} {name} 已由{owner_phrase(first)}注册，{owner_phrase(second)}不能再注册同名的{what}")


def owner_phrase(owner: str) -> str:
    return "内核" if owner == "kernel" else f"插件 {owner} "


class PluginError(LianluoError):
    """A plugin failed while handling a user's action; names the plugin."""

    def __init__(self, plugin: str, hook: str, error: BaseException, unsaved: bool = False):
        self.plugin = plugin
        self.hook = hook
        self.error = error
        note = "；本次操作未保存" if unsaved else ""  # raised inside the command's transaction, which is dropped
        super().__init__(f"插件 {plugin} 在 {hook} 中出错：{type(error).__name__}: {error}{note}")


class MaybeSent(Exception):
    """Raised by a channel (`deliver`) when its send may have gone out — the connection dropped after the
    message was handed over — so the notice is marked "uncertain" for a person to settle, never re-sent."""
