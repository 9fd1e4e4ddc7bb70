"""Reading and writing activities in a transaction; a missing one is bad input naming the field. Other
plugins read activities only through the `activities.held` query (`held`), never the table."""

from __future__ import annotations

from typing import Any

from lianluo.kernel import Tx, record_by_id

from .model import TABLE, Activity


HELD = "activities.held"
SHARED = ("id", "kind", "date", "case", "attended")  # what other plugins may rely on


def held(tx: Tx, case: int | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """Activities (optionally those of one case, of one kind) as other plugins see them: the SHARED fields."""
    equals = {key: value for key, value in (("case", case), ("kind", kind)) if value is not None}
    return [{key: doc.get(key) for key in SHARED} for doc in tx.find(TABLE, **equals)]


def load(tx: Tx, ref: str | int, field: str = "ID") -> Activity:
    return Activity.from_doc(record_by_id(tx, TABLE, ref, "活动", "lianluo activity list", field))


def every(tx: Tx) -> list[Activity]:
    """All activities, by date then id."""
    return sorted((Activity.from_doc(d) for d in tx.all(TABLE)), key=lambda a: (a.date, a.id))


def save(tx: Tx, activity: Activity) -> None:
    tx.put(TABLE, activity.to_doc())
