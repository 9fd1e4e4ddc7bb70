"""Choosing a page's rows on the stored documents, so that a page makes an `Item` only of what it shows.

Why: making an `Item` of a document costs ~35 µs; the item list of a 10k-item home made one of every matter
(0.4 s with a status filter), 工作台 one of every open matter, on every page view. The fields compared here
are the document's own (`Item.to_doc`: kind, status, lead, co, session, deputies, each clock's status, due
day and level; days are ISO texts, which compare as the days do), each test the same as its `Item` form
(`roles.sees_item`, `Item.overdue_on`, `Clock.is_open`). A row chosen here is then made an `Item` and the page
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


def matches(doc: Doc, chosen: dict[str, str]) -> bool:
    """The item list's filters (kind, status, department, session, deputy, channel) on the document."""
    if "kind" in chosen and doc.get("kind") != chosen["kind"]:
        return False
    if "status" in chosen and doc.get("status") != chosen["status"]:
        return False
    if "dept" in chosen and int(chosen["dept"]) not in (doc.get("lead"), *doc.get("co", ())):
        return False
    if "session" in chosen and doc.get("session") != int(chosen["session"]):
        return False
    if "channel" in chosen and doc.get("channel", "interim") != chosen["channel"]:
        return False
    return "deputy" not in chosen or int(chosen["deputy"]) in doc.get("deputies", ())


def overdue(doc: Doc, day: dt.date) -> bool:
    """`Item.overdue_on(day)` on the document."""
    iso = day.isoformat()
    return any(c.get("status", OPEN) == OPEN and c["due"] < iso for c in doc.get("clocks", ()))


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
