"""Status counts of matters as of a day (the report's figures; the two-monthly report itself is scheduled in
the profile's `[reports.schedules.*]`)."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel import Item


def status_counts(items: list[Item], day: dt.date, finished: set[str]) -> dict[str, int]:
    """Counts as of `day`: registered so far, still open, overdue among them, replied."""
    seen = [i for i in items if i.received <= day]
    open_items = [i for i in seen if i.status not in finished]
    overdue = [i for i in open_items if i.overdue_on(day)]
    replied = [i for i in seen if i.reply and i.reply.get("date", "9999") <= day.isoformat()]
    return {"registered": len(seen), "open": len(open_items), "overdue": len(overdue), "replied": len(replied)}
