"""A home whose profile enables a plugin that is not installed: it can be read, not changed.

Reading (item list/show, report, notices) does not need the missing plugin, so it works; writing without it
would silently skip that plugin's part (its clocks, its notices, its channel), so every write transaction is
refused with one line naming the plugin. The CLI says it once per command (kernel/cli/common.py).
"""

from __future__ import annotations

from typing import Any

from .errors import RefusedError


def missing_line(missing: tuple[str, ...]) -> str:
    names = "、".join(missing)
    return f"本数据目录的配置启用了未安装的插件 {names}，只能查看数据、不能修改：请安装该插件，或从 profile.toml 的 plugins.enable 中删去"


class ReadOnlyStore:
    """The home's store with its write transactions refused; everything else is the store's own."""

    def __init__(self, store: Any, missing: tuple[str, ...]):
        self._store = store
        self.missing = missing
        self.refused = False  # said already, as the command's error

    def transaction(self) -> Any:
        self.refused = True
        raise RefusedError(missing_line(self.missing))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)
