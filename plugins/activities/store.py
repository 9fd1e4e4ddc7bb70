"""Reading and writing activities in a transaction; a missing one is bad input naming the field."""

from __future__ import annotations

from typing import Any

from lianluo.kernel.errors import InputError

from .model import TABLE, Activity


def load(tx: Any, ref: str | int, field: str = "ID") -> Activity:
    text = str(ref).strip()
    doc = tx.get(TABLE, int(text)) if (text.isascii() and text.isdigit()) else None
    if doc is None:
        raise InputError(field, f"活动 {text!r} 不存在（用 lianluo activity list 查看编号）")
    return Activity.from_doc(doc)


def every(tx: Any) -> list[Activity]:
    """All activities, by date then id."""
    return sorted((Activity.from_doc(d) for d in tx.all(TABLE)), key=lambda a: (a.date, a.id))


def save(tx: Any, activity: Activity) -> None:
    tx.put(TABLE, activity.to_doc())
