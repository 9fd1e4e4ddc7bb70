"""Re-dating open clocks when the holiday data change (the State Council publishes each November).

The tick compares a fingerprint of the holiday data with the one it saw last; when they differ, every
open clock whose due day was computed (not set by hand through an extension) is counted again, and each
change is an event in the item's trail.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path
from typing import Any

import attrs

from .calendar import Duration
from .context import App
from .desk import now_stamp, save_item
from .models import Clock, Event, Item
from .store.protocol import Tx


def fingerprint(home: Path) -> str:
    """A short hash of the holiday data in force: the local file and the chinesecalendar version."""
    local = Path(home) / "holidays.toml"
    digest = hashlib.sha256(local.read_bytes() if local.exists() else b"")
    try:
        digest.update(metadata.version("chinesecalendar").encode())
    except metadata.PackageNotFoundError:  # pragma: no cover - a declared dependency
        pass
    return digest.hexdigest()[:16]


def recounted_due(clock: Clock, app: App, roll_forward: bool):
    """The clock's due day under the current holiday data, or None if it was set by hand or is closed."""
    if not clock.is_open or not clock.period or any(e["what"] == "extended" for e in clock.log):
        return None
    if any(e["what"] == "resumed" for e in clock.log) and clock.raw:
        return app.calendar.next_workday(clock.raw) if roll_forward else clock.raw
    return app.calendar.count(clock.start, Duration.parse(clock.period), roll_forward).due


def recounted_limit(clock: Clock, app: App, roll_forward: bool):
    """The clock's extension limit under the current holiday data, or None if unknown (older data), unchanged
    or the clock was paused (a resumption shifted the limit by the days paused, kept as it was)."""
    if not clock.is_open or not clock.limit or not clock.limit_period:
        return None
    if any(e["what"] == "resumed" for e in clock.log):
        return None
    limit = app.calendar.count(clock.start, Duration.parse(clock.limit_period), roll_forward).due
    return limit if limit != clock.limit else None


def redate_all(app: App, tx: Tx, today) -> list[dict[str, Any]]:
    """Re-date open clocks if the holiday data changed since the last look; returns what moved."""
    mark = fingerprint(app.home)
    seen = tx.meta.get("calendar_fingerprint")
    if seen == mark:
        return []
    tx.set_meta(calendar_fingerprint=mark)
    if seen is None:
        return []
    roll = app.profile.params("calendar").bool("roll_forward", True)
    moved = []
    for doc in (d for table in app.kinds.tables() for d in tx.all(table)):
        item = Item.from_doc(doc)
        changes = []
        for clock in item.clocks:
            due = recounted_due(clock, app, roll)
            limit = recounted_limit(clock, app, roll)
            if limit is not None:
                clock = attrs.evolve(clock, limit=limit).noted(today, "limit-redated", old_limit=clock.limit,
                                                                 limit=limit, reason="节假日安排变更")
            if due is not None and due != clock.due:
                changes.append(clock.moved(due, today, "redated", raw=clock.raw, reason="节假日安排变更"))
            elif limit is not None:
                changes.append(clock)
        if not changes:
            continue
        for clock in changes:
            item = item.with_clock(clock)
        detail = {"clocks": {c.name: c.due.isoformat() for c in changes}, "reason": "节假日安排变更",
                  **({"limits": {c.name: c.limit.isoformat() for c in changes if c.limit}}
                     if any(c.limit for c in changes) else {})}
        item = attrs.evolve(item, events=item.events + (Event("redate", today, "lianluo", now_stamp(), detail),))
        save_item(app, tx, item)
        moved.append({"item" if app.kinds.table_of(item.kind) == "items" else "task": item.id, **detail})
    return moved
