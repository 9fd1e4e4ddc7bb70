"""Caught-up notices, one digest per person: a tick that finds several points already past their day (the server
was down, a session was entered late, a clock was started in arrears) owes each recipient one message listing
what was missed, not a burst of separate notices. Each point stays in the ledger under its own key; the digest
is the one notice those points were sent in.

The wording of each line is the plugin's (worded as overdue: the point's date is past); the kernel adds only
the heading that says why the lines come together.
"""

from __future__ import annotations

import datetime as dt

import attrs

from .models import Notice

DIGEST_TYPE = "digest"


@attrs.frozen
class Late:
    """One caught-up draft: the firing it came from (its index in the tick's order) and the draft itself."""

    firing: int
    key: str  # the key the draft would have had as a notice of its own
    draft: Notice


def recipients_to_digest(late: list[Late]) -> dict[str, list[Late]]:
    """Recipients owed two or more caught-up notices — each gets one digest; a single late notice goes as it is."""
    by_to: dict[str, list[Late]] = {}
    for entry in late:
        by_to.setdefault(entry.draft.to, []).append(entry)
    return {to: entries for to, entries in by_to.items() if len(entries) > 1}


def compose(to: str, entries: list[Late], today: dt.date) -> Notice:
    """The digest notice: a heading with the count and the earliest missed day, then each original text. Its key
    is its first point's, suffixed: unique, as every point fires once."""
    earliest = min(e.draft.date for e in entries)
    lines = [f"【补发汇总】自 {earliest} 以来应发给您的 {len(entries)} 条通知未能按日发出，现一并送达（截至 {today}）："]
    lines += [f"{n}. {e.draft.text}" for n, e in enumerate(entries, 1)]
    parts = tuple({"key": e.key, "type": e.draft.type, "clock": e.draft.clock, "item": e.draft.item,
                   "task": e.draft.task, "level": e.draft.level, "date": e.draft.date.isoformat(),
                   "text": e.draft.text} for e in entries)
    items = {e.draft.item for e in entries}
    return Notice(key=f"{entries[0].key}/{DIGEST_TYPE}", type=DIGEST_TYPE, to=to, text="\n".join(lines), date=today, sent=today,
                  item=items.pop() if len(items) == 1 else None,
                  level=max(e.draft.level for e in entries), parts=parts)
