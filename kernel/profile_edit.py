"""Changing a home's profile from the command line (`lianluo profile set`, `lianluo plugins enable|disable`)
instead of editing profile.toml by hand: the edited text keeps the file's comments and each value's clause
(tomlkit), passes every check `init` applies to a profile (`check`), replaces the file atomically, and is
recorded in the audit trail with who changed what from what to what."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pluggy
import tomlkit
from tomlkit.items import InlineTable, Table

from . import report_schedule, timelimit
from .context import PROFILE_FILE, App, ProfileCheck, os_account
from .errors import InputError, LianluoError, ProfileError
from .hooks import call_each
from .plugins import get_plugin_manager
from .profile import Profile
from .store.atomic import atomic_write
from .store.protocol import Tx

CLAUSED = {"value", "clause", "note"}  # a value written with its source: { value = 2, clause = "…" }


def check(profile: Profile, extra: dict[str, Any] | None = None) -> pluggy.PluginManager:
    """What `init` checks before a home is made: every enabled plugin loads and reads its parameters, and the
    kernel's own parts (scheduled reports, time limits) read theirs. Returns the plugin manager."""
    pm = get_plugin_manager(profile.enable, extra=extra)
    for answer in call_each(pm, "check_profile", ctx=ProfileCheck(profile, pm)):
        if isinstance(answer.error, LianluoError):
            raise answer.error
        if answer.error is not None:
            raise ProfileError(f"配置文件 {profile.origin}：插件 {answer.plugin} 无法读取其参数：{answer.error}")
    report_schedule.load(profile)
    timelimit.from_profile(profile)
    return pm


def typed(raw: str, old: Any, key: str) -> Any:
    """The value typed for `key`, of the kind its current value is: text as typed for text; otherwise a TOML
    value (`3`, `true`, `"1 month"`, `["a", "b"]`)."""
    if isinstance(old, str):
        return raw
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    expected = {bool: "true 或 false", int: "整数", float: "数字", list: "列表（如 [\"a\", \"b\"]）"}
    for kind, words in expected.items():
        if isinstance(old, kind) and not (isinstance(value, kind) and (kind is bool) == isinstance(value, bool)):
            raise InputError(key, f"应为{words}，实为 {raw!r}")
    return value


def edited(text: str, key: str, value: Any) -> str:
    """`text` with `key` (dotted) set to `value`; a value written with its clause keeps the clause."""
    doc = tomlkit.parse(text)
    node: Any = doc
    parts = key.split(".")
    for part in parts[:-1]:
        if not isinstance(node, (dict, Table, InlineTable)) or part not in node:
            raise InputError(key, "配置中没有这个参数（用 lianluo profile show 查看全部参数）")
        node = node[part]
    last = parts[-1]
    if not isinstance(node, (dict, Table, InlineTable)) or last not in node:
        raise InputError(key, "配置中没有这个参数（用 lianluo profile show 查看全部参数）")
    current = node[last]
    if isinstance(current, (dict, Table, InlineTable)) and "value" in current and set(current) <= CLAUSED:
        current["value"] = value
    elif isinstance(current, (Table, InlineTable, dict)):
        raise InputError(key, "是一节参数，请逐项修改（如 KEY.子项）")
    else:
        node[last] = value
    return tomlkit.dumps(doc)


def write(app: App, tx: Tx, text: str, what: str, **fields: Any) -> Profile:
    """Check the new profile text as `init` would, then (inside `tx`, which holds the home's lock) replace
    profile.toml atomically and audit the change. Returns the new profile."""
    path = app.home / PROFILE_FILE
    profile = Profile.from_text(text, path)
    check(profile, app.extra)
    atomic_write(path, text.encode("utf-8"))
    audit(app, tx, what, **fields)
    return profile


def audit(app: App, tx: Tx, what: str, **fields: Any) -> None:
    tx.insert("audit", {"who": app.user, "account": os_account(),
                        "when": dt.datetime.now().isoformat(timespec="seconds"), "what": what, **fields})


def current_text(home: Path) -> str:
    return (Path(home) / PROFILE_FILE).read_text(encoding="utf-8")
