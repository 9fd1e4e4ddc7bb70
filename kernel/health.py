"""What a person or a monitoring check must look at in a home: plugin failures waiting for a retry, notices
that failed or may have gone out unconfirmed, a daily run that has stopped running, and the overdue counts.
`tick` and `status` read the same answer, so both exit non-zero for the same reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from . import outbox
from .facts import FACTS_TABLES, Selection
from .models import ClockStatus, Delivery, Item


@attrs.frozen
class Health:
    today: dt.date
    last_tick: dt.date | None
    failures: tuple[dict[str, Any], ...]  # unresolved rows of "failures": each retried at the next tick
    failed: int  # notices whose sending failed (resent at the next tick)
    uncertain: int  # notices that may have gone out unconfirmed: a person must check each
    overdue_items: int
    overdue_tasks: int

    @property
    def stale(self) -> bool:
        """No daily run yesterday or today: the timer or cron job has stopped (or never ran)."""
        return self.last_tick is None or self.last_tick < self.today - dt.timedelta(days=1)

    @property
    def needs_attention(self) -> bool:
        return bool(self.failures or self.failed or self.uncertain or self.stale)

    def to_json(self) -> dict[str, Any]:
        return {"today": self.today.isoformat(), "last_tick": self.last_tick.isoformat() if self.last_tick else None,
                "stale": self.stale, "failures": list(self.failures), "failed_notices": self.failed,
                "uncertain_notices": self.uncertain, "overdue_items": self.overdue_items,
                "overdue_tasks": self.overdue_tasks, "needs_attention": self.needs_attention}


def _overdue(tx, table: str, day: dt.date) -> int:
    """Items past an open clock's due day: for the items table, from the report facts of those with an open
    clock (never the closed history); for another table, from its documents."""
    if table in FACTS_TABLES:  # Item.overdue_on, on the summaries' clocks: [name, label, owner, start, due, status, …]
        until = day.isoformat()
        return sum(1 for f in tx.facts(table, Selection(open=True))
                   if any(c[5] == ClockStatus.OPEN.value and c[4] < until for c in f["clocks"]))
    return sum(1 for d in tx.all(table) if Item.from_doc(d).overdue_on(day))


def check(tx, today: dt.date) -> Health:
    last = tx.meta.get("last_tick")
    failures = tuple({k: doc.get(k) for k in ("plugin", "key", "date", "error", "attempts")}
                     for doc in tx.find("failures", resolved=None))
    return Health(today=today, last_tick=dt.date.fromisoformat(last) if last else None, failures=failures,
                  failed=len(outbox.listing(tx, None, Delivery.FAILED)),
                  uncertain=len(outbox.listing(tx, None, Delivery.UNCERTAIN)),
                  overdue_items=_overdue(tx, "items", today), overdue_tasks=_overdue(tx, "tasks", today))
