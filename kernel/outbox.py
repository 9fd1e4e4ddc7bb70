"""The notice outbox: every notice the kernel owes someone, stored with a unique key and an id."""

from __future__ import annotations

import datetime as dt

import attrs

from .models import Delivery, Notice
from .privacy import mask_text
from .store.protocol import Tx


def post(tx: Tx, notice: Notice, state: Delivery = Delivery.DELIVERED) -> Notice:
    """Give the notice an id and store it in its first delivery state; the caller has made its key unique. A
    number typed into a title travels in notices to every channel: its text is masked (`mask_text`) here."""
    notice = attrs.evolve(notice, id=tx.next_id("notices"), state=state, text=mask_text(notice.text))
    tx.put("notices", notice.to_doc())
    return notice


def listing(tx: Tx, since: dt.date | None = None, state: Delivery | None = None) -> list[Notice]:
    notices = [Notice.from_doc(d) for d in tx.all("notices")]
    if since is not None:
        notices = [n for n in notices if n.date >= since]
    if state is not None:
        notices = [n for n in notices if n.state is state]
    return sorted(notices, key=lambda n: n.id)
