"""The notice outbox: every notice the kernel owes someone, stored with a unique key and an id."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from .models import Notice


def post(tx: Any, notice: Notice) -> Notice:
    """Give the notice an id and store it; the caller has made its key unique."""
    notice = attrs.evolve(notice, id=tx.next_id("notices"))
    tx.put("notices", notice.to_doc())
    return notice


def listing(tx: Any, since: dt.date | None = None) -> list[Notice]:
    notices = [Notice.from_doc(d) for d in tx.all("notices")]
    if since is not None:
        notices = [n for n in notices if n.date >= since]
    return sorted(notices, key=lambda n: n.id)
