"""The field types of what a data file holds, checked in one place when a file is opened or restored.

A hand-edited or damaged file (a counter "abc", `last_tick` "garbage", a phone stored as a number, clocks
"x" …) is refused with one sentence naming the file and what is wrong, like any other damage (datafile.py),
instead of failing later as an internal error. Counters are checked against the ids stored: a counter below
the highest id would hand out an id already used, and the next insert would overwrite a record.

Only the kernel's own tables have known shapes here; a plugin's documents are the plugin's to read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .datafile import hint

Check = Callable[[Any], bool]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _optional(check: Check) -> Check:
    return lambda value: value is None or check(value)


def _list_of(check: Check) -> Check:
    return lambda value: isinstance(value, list) and all(check(v) for v in value)


def _is_dict(value: Any) -> bool:
    return isinstance(value, dict)


def _shaped(fields: Mapping[str, Check]) -> Check:
    return lambda value: isinstance(value, dict) and _first_wrong(value, fields) is None


def _first_wrong(doc: Mapping[str, Any], fields: Mapping[str, Check]) -> str | None:
    """The first field present whose value has the wrong type (fields a document lacks are the reader's
    business: older documents lack fields added since)."""
    for name, check in fields.items():
        if name in doc and not check(doc[name]):
            return name
    return None


_CLOCK = _shaped({"name": _is_str, "start": _is_date, "due": _is_date, "limit": _optional(_is_date),
                  "stopped": _optional(_is_date), "status": lambda v: v in ("open", "met", "missed"),
                  "alarm": _is_dict})
_EVENT = _shaped({"action": _is_str, "at": _is_date, "who": _is_str})
_STR_OR_NONE = _optional(_is_str)

ITEM: dict[str, Check] = {
    "id": _is_int, "kind": _is_str, "title": _is_str, "status": _is_str, "received": _is_date,
    "deputies": _list_of(_is_int), "co": _optional(_list_of(_is_int)), "lead": _optional(_is_int),
    "clocks": _optional(_list_of(_CLOCK)), "events": _optional(_list_of(_EVENT)),
    "next_check": _optional(_is_date), "extra": _optional(_is_dict),
}
DEPUTY: dict[str, Check] = {
    "id": _is_int, "name": _is_str, "level": _is_str, "body": _STR_OR_NONE, "group": _STR_OR_NONE,
    "sector": _STR_OR_NONE, "unit": _STR_OR_NONE, "phone": _STR_OR_NONE, "address": _STR_OR_NONE,
    "liaison": _STR_OR_NONE, "email": _STR_OR_NONE, "mobile": _STR_OR_NONE, "opt_out": _optional(_list_of(_is_str)),
}
DEPARTMENT: dict[str, Check] = {"id": _is_int, "name": _is_str, "head": _STR_OR_NONE, "leader": _STR_OR_NONE}
SESSION: dict[str, Check] = {"id": _is_int, "name": _is_str, "opens": _is_date, "closes": _is_date}
NOTICE: dict[str, Check] = {"id": _is_int, "key": _is_str, "to": _is_str, "text": _is_str, "date": _is_date,
                            "sent": _optional(_is_date), "item": _optional(_is_int), "level": _optional(_is_int)}
# the kernel's tables whose documents it reads field by field
TABLES: dict[str, dict[str, Check]] = {"items": ITEM, "tasks": ITEM, "deputies": DEPUTY, "departments": DEPARTMENT,
                                       "sessions": SESSION, "notices": NOTICE}

META: dict[str, Check] = {
    "counters": lambda v: isinstance(v, dict) and all(_is_int(n) and n >= 0 for n in v.values()),
    "last_tick": _optional(_is_date),
    "organisation": _optional(_is_dict),
    "calendar_fingerprint": _STR_OR_NONE,
}


def damaged(path: Path | str, what: str, backup: Path | str | None) -> StoreError:
    """`path`: the data file (or, for PostgreSQL, a string naming the database); `backup`: the file to restore
    from, named in the message (None: PostgreSQL, which keeps none per commit)."""
    place = f"数据文件 {path} " if isinstance(path, Path) else f"{path} "
    tail = hint(backup) if backup is not None else "数据未作任何修改；请用 lianluo restore 从备份恢复"
    return StoreError(f"{place}中{what}；{tail}")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def check_meta(path: Path, meta: Mapping[str, Any], backup: Path | str) -> None:
    """The meta row's fields: counters are non-negative integers, last_tick a date, …"""
    wrong = _first_wrong(meta, META)
    if wrong is not None:
        raise damaged(path, f"的 _meta.{wrong} 类型不对（{_shown(meta.get(wrong))}）", backup)


def check_docs(path: Path, table: str, docs: Mapping[str, Any], backup: Path | str) -> None:
    """Each document of a kernel table has its fields' types, and its `id` is its key."""
    fields = TABLES.get(table)
    for key, doc in docs.items():
        if doc.get("id", int(key)) != int(key):
            raise damaged(path, f"表 {table} 第 {key} 号记录的 id 为 {_shown(doc.get('id'))}，与其编号不符", backup)
        wrong = _first_wrong(doc, fields) if fields is not None else None
        if wrong is not None:
            raise damaged(path, f"表 {table} 第 {key} 号记录的字段 {wrong} 类型不对（{_shown(doc.get(wrong))}）",
                          backup)


def check_counter(path: Path | str, table: str, counter: int, highest: int, backup: Path | str | None) -> None:
    """A counter below the highest id stored would hand that id out again and overwrite the record."""
    if highest > counter:
        raise damaged(path, f"的计数器 counters.{table} 为 {counter}，小于表 {table} 中已有的最大编号 {highest}"
                            f"（再登记会覆盖已有记录）", backup)


def check_whole(path: Path, data: Mapping[str, Any], meta: Mapping[str, Any], backup: Path | str) -> None:
    """A one-file home or backup: its meta, every document of the kernel's tables, and every counter (a table
    without one is checked when a transaction first takes an id from it, base.py)."""
    check_meta(path, meta, backup)
    counters = meta.get("counters", {})
    for table, docs in data.items():
        if table.startswith("_") or not docs:
            continue
        check_docs(path, table, docs, backup)
        if table in counters:  # a table filled by `put` with ids of its own (links) has no counter
            check_counter(path, table, counters[table], max(int(k) for k in docs), backup)
