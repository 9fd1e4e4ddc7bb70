"""Choosing a page's rows on the stored documents, so that a page makes an `Item` only of what it shows.

Why: making an `Item` of a document costs ~35 µs; 工作台 made one of every open matter on every page view (the
item list is answered from the report facts: kernel/item_query.py). The fields compared here
are the document's own (`Item.to_doc`: kind, status, lead, co, session, deputies, each clock's status, due
day and level; days are ISO texts, which compare as the days do), each test the same as its `Item` form
(`roles.sees_item`, `Clock.is_open`). A row chosen here is then made an `Item` and the page
goes on as before; a row left out would have been left out by the `Item` test too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

OPEN = "open"  # ClockStatus.OPEN's stored value

Doc = dict[str, Any]


def sees(user, doc: Doc) -> bool:
    """`roles.sees_item` on the document."""
    if user.role in ("clerk", "leader"):
        return True
    if user.role == "department":
        return user.dept is not None and (doc.get("lead") == user.dept or user.dept in doc.get("co", ()))
    return False


def watched_clocks(user, docs: list[Doc], until: dt.date) -> list[tuple[str, int, Doc, str]]:
    """The 工作台's clocks, most urgent first: (due day, item id, document, clock name) of each open clock of
    a matter the person sees that is theirs to watch (a department: the clocks it owns, or of the matters it
    leads when the clock has no owner; the office and leaders: all) and is due by `until` or escalated."""
    iso, found = until.isoformat(), []
    for doc in docs:
        if not sees(user, doc):
            continue
        for clock in doc.get("clocks", ()):
            if clock.get("status", OPEN) != OPEN or not (clock["due"] <= iso or clock.get("level", 0)):
                continue
            owner = clock.get("owner")
            if user.role == "department" and (owner if owner is not None else doc.get("lead")) != user.dept:
                continue
            found.append((clock["due"], doc["id"], doc, clock["name"]))
    found.sort(key=lambda row: row[:2])
    return found
