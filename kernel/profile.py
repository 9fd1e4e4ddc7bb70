"""Profiles: one organisation's choice of plugins and their numbers, each number with its clause.

A parameter is written either plainly (``chases = 2``) or with its source
(``chases = { value = 2, clause = "某规定 第N条" }``); the loader keeps values and clauses apart so
that plugins read values and `profile show` can print where each came from.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import attrs

from .calendar import Duration
from .errors import InputError, ProfileError
from .textcheck import check_text

_MISSING = object()


def _split(table: dict[str, Any], prefix: str, clauses: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and "value" in value and set(value) <= {"value", "clause", "note"}:
            values[key] = value["value"]
            if value.get("clause"):
                clauses[dotted] = value["clause"]
        elif isinstance(value, dict):
            values[key] = _split(value, dotted, clauses)
        else:
            values[key] = value
    return values


@attrs.frozen
class Params:
    """One plugin's section of a profile, with typed getters whose errors name `section.key`."""

    section: str
    values: dict[str, Any]
    origin: str

    def _raw(self, key: str, default: Any) -> Any:
        node: Any = self.values
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
        else:
            return node
        if default is _MISSING:
            raise ProfileError(f"配置文件 {self.origin} 缺少参数 {self.section}.{key}")
        return default

    def _bad(self, key: str, expected: str) -> ProfileError:
        return ProfileError(f"配置文件 {self.origin} 参数 {self.section}.{key} 应为{expected}，实为 {self._raw(key, None)!r}")

    def get(self, key: str, default: Any = _MISSING) -> Any:
        return self._raw(key, default)

    def str(self, key: str, default: Any = _MISSING) -> str:
        value = self._raw(key, default)
        if not isinstance(value, str):
            raise self._bad(key, "字符串")
        return value

    def int(self, key: str, default: Any = _MISSING) -> int:
        value = self._raw(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self._bad(key, "非负整数")
        return value

    def bool(self, key: str, default: Any = _MISSING) -> bool:
        value = self._raw(key, default)
        if not isinstance(value, bool):
            raise self._bad(key, " true 或 false")
        return value

    def table(self, key: str, default: Any = _MISSING) -> dict[str, Any]:
        value = self._raw(key, default)
        if not isinstance(value, dict):
            raise self._bad(key, "表")
        return value

    def list(self, key: str, default: Any = _MISSING) -> list[Any]:
        value = self._raw(key, default)
        if not isinstance(value, list):
            raise self._bad(key, "列表")
        return value

    def period(self, key: str, default: Any = _MISSING) -> Duration:
        value = self._raw(key, default)
        try:
            return Duration.parse(value, f"{self.section}.{key}")
        except InputError:
            raise self._bad(key, "期限（如 \"1 month\"、\"10 days\"、\"20 working days\"）") from None


@attrs.frozen
class Profile:
    """A loaded profile: its name, the plugins it enables, its parameters and their clauses."""

    name: str
    title: str
    enable: tuple[str, ...]
    values: dict[str, Any]
    clauses: dict[str, str]
    origin: str

    @classmethod
    def load(cls, path: Path) -> "Profile":
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ProfileError(f"找不到配置文件 {path}") from None
        except UnicodeDecodeError:
            raise ProfileError(f"配置文件 {path} 不是 UTF-8 编码，请另存为 UTF-8") from None
        except OSError as exc:
            raise ProfileError(f"配置文件 {path} 无法读取：{exc.strerror}") from None
        return cls.from_text(text, path)

    @classmethod
    def from_text(cls, text: str, path: Path) -> "Profile":
        """A profile from its TOML text; `path` names it in errors (a candidate edit is checked before it is
        written: kernel/profile_edit.py)."""
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"配置文件 {path} 格式错误：{exc}") from None
        _check_strings(raw, path)
        clauses: dict[str, str] = {}
        values = _split(raw, "", clauses)
        head = values.get("profile", {})
        if not isinstance(head.get("name"), str) or not head["name"]:
            raise ProfileError(f"配置文件 {path} 缺少 profile.name")
        enable = values.get("plugins", {}).get("enable")
        if not isinstance(enable, list) or not all(isinstance(p, str) for p in enable):
            raise ProfileError(f"配置文件 {path} 的 plugins.enable 应为插件名列表")
        return cls(
            name=head["name"],
            title=head.get("title", head["name"]),
            enable=tuple(enable),
            values=values,
            clauses=clauses,
            origin=str(path),
        )

    def params(self, section: str) -> Params:
        table = self.values.get(section, {})
        if not isinstance(table, dict):
            raise ProfileError(f"配置文件 {self.origin} 的 [{section}] 应为表")
        return Params(section, table, self.origin)


def _check_strings(value: Any, path: Path, key: str = "") -> None:
    """Every text of the profile (the organisation's name among them) passes the input check of typed text."""
    if isinstance(value, dict):
        for name, inner in value.items():
            _check_strings(inner, path, f"{key}.{name}" if key else str(name))
    elif isinstance(value, list):
        for inner in value:
            _check_strings(inner, path, key)
    elif isinstance(value, str):
        try:
            check_text(value, key)
        except InputError as exc:
            raise ProfileError(f"配置文件 {path} 参数 {key} {exc.message}") from None
