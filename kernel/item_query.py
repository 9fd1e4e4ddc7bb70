"""A filtered, paged list of matters answered from the report facts (kernel/facts.py), not the documents.

Why: the web desk's item list with a status filter read every matter's 2–4 KB document (≈ 50 ms on the file
store, ≈ 110 ms on PostgreSQL for 10k matters) to show 50 of them. The facts hold every field the list filters
on and shows (kind, status, departments, session, deputies, channel, clocks, received day, title, next check),
so the file store filters its cached packed rows in Python and PostgreSQL its `facts` table in SQL (WHERE,
ORDER BY id, OFFSET/LIMIT); the page's rows become `Item`s with `facts.item_of` (texts and clock rules left
out, which the list does not show). The document path (`LIANLUO_FACTS=documents`) applies the same tests to the
documents, so tests compare the two.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from .facts import FIELDS, Selection, from_documents, item_of
from .models import Item

RUNNING = "9999-12-31"  # a next check on or before this day: the tick still watches the matter (`tx.due`)
_KIND, _STATUS, _DEPUTIES, _CHANNEL, _SESSION, _LEAD, _CO, _NEXT, _OPEN, _CLOCKS = (
    FIELDS.index(k) for k in ("kind", "status", "deputies", "channel", "session", "lead", "co", "next_check", "open",
                              "clocks"))
_INTERIM = "interim"  # Channel.INTERIM's stored value: a document without a channel was received between sessions
_OPEN_STATE = "open"  # ClockStatus.OPEN's stored value
_CLOCK_DUE, _CLOCK_STATUS = 4, 5  # a packed clock: [name, label, owner, start, due, status, stopped]


@attrs.frozen
class ItemQuery:
    """Which matters a list shows: each field None for any. `dept` is the lead or a co-handling department,
    `overdue` a day (an open clock due before it), `running` only those the tick still watches."""

    kind: str | None = None
    status: str | None = None
    dept: int | None = None
    session: int | None = None
    deputy: int | None = None
    channel: str | None = None
    overdue: dt.date | None = None
    running: bool = False

    def matches_row(self, row: list[Any]) -> bool:
        """The query on a packed summary (`facts.packed`)."""
        if self.running and (row[_NEXT] is None or row[_NEXT] > RUNNING):
            return False
        if (self.kind is not None and row[_KIND] != self.kind) or (
                self.status is not None and row[_STATUS] != self.status):
            return False
        if self.dept is not None and self.dept != row[_LEAD] and self.dept not in row[_CO]:
            return False
        if (self.session is not None and row[_SESSION] != self.session) or (
                self.deputy is not None and self.deputy not in row[_DEPUTIES]) or (
                self.channel is not None and row[_CHANNEL] != self.channel):
            return False
        if self.overdue is not None:
            day = self.overdue.isoformat()
            return row[_OPEN] and any(c[_CLOCK_STATUS] == _OPEN_STATE and c[_CLOCK_DUE] < day for c in row[_CLOCKS])
        return True

    def matches_doc(self, doc: dict[str, Any]) -> bool:
        """The query on a stored document (the slow path the tests compare with)."""
        if (self.kind is not None and doc.get("kind") != self.kind) or (
                self.status is not None and doc.get("status") != self.status):
            return False
        if self.dept is not None and self.dept not in (doc.get("lead"), *doc.get("co", ())):
            return False
        if (self.session is not None and doc.get("session") != self.session) or (
                self.deputy is not None and self.deputy not in doc.get("deputies", ())) or (
                self.channel is not None and doc.get("channel", _INTERIM) != self.channel):
            return False
        if self.overdue is not None:
            day = self.overdue.isoformat()
            return any(c.get("status", _OPEN_STATE) == _OPEN_STATE and c["due"] < day for c in doc.get("clocks", ()))
        return True


def items_page(tx, table: str, query: ItemQuery, offset: int, limit: int) -> tuple[int, list[Item]]:
    """(how many matters `query` selects, the `limit` of them from `offset` in id order as `Item`s). The items
    are made from the facts (`facts.item_of`: no content, letters or clock rules), or with
    `LIANLUO_FACTS=documents` from the documents."""
    if from_documents():
        docs = tx.due(table, RUNNING) if query.running else tx.all(table)
        found = [d for d in docs if query.matches_doc(d)]
        return len(found), [Item.from_doc(d) for d in found[offset:offset + limit]]
    in_sql = getattr(tx, "fact_page", None)  # PostgreSQL filters and pages its `facts` table in SQL
    answer = in_sql(table, query, offset, limit) if in_sql is not None else None
    if answer is None:
        rows = [r for r in tx.facts(table, Selection(open=query.running), packed=True) if query.matches_row(r)]
        answer = len(rows), rows[offset:offset + limit]
    total, rows = answer
    return total, [item_of(r) for r in rows]
