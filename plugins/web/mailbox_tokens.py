"""The deputies' personal mailbox links (代表委员专邮): the `web_mailbox` table this plugin owns, and the counters
that limit how often a link may be used (`web_mailbox_limits`).

A link is `BASE/mailbox/TOKEN`, TOKEN 32 random bytes (`secrets.token_urlsafe`). Only its SHA-256 is stored,
so a copied data file or backup opens no mailbox; the token is shown once, when issued. A row is {deputy,
hash, issued, expires (the last day it works), revoked ("" or when), last_used, by}; a deputy has at most one
live link — issuing a new one revokes the old. The row's id ("M3") names the link in lists, the audit
trail and `mailbox revoke`; nothing but the hash ties it to the token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from lianluo.kernel import InputError, Tx, now_stamp

MAILBOX = "web_mailbox"
LIMITS = "web_mailbox_limits"
DEFAULT_DAYS = 365
MAX_DAYS = 3650
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,100}")  # what token_urlsafe makes; anything else is not looked up
LINK_ID = re.compile(r"[Mm](\d{1,9})")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def link_name(row: dict) -> str:
    return f"M{row['id']}"


def live(row: dict, today: dt.date) -> bool:
    return not row.get("revoked") and dt.date.fromisoformat(row["expires"]) >= today


def revoke_rows(tx: Tx, rows: list[dict]) -> list[dict]:
    done = []
    for row in rows:
        if not row.get("revoked"):
            row = {**row, "revoked": now_stamp()}
            tx.put(MAILBOX, row)
            done.append(row)
    return done


def issue(tx: Tx, deputy: int, days: int, today: dt.date, by: str) -> tuple[str, dict, list[dict]]:
    """A new link for the deputy: (the token, its row, the rows of the links it replaced)."""
    replaced = revoke_rows(tx, tx.find(MAILBOX, deputy=deputy))
    token = secrets.token_urlsafe(32)
    row = {"deputy": deputy, "hash": digest(token), "issued": now_stamp(),
           "expires": (today + dt.timedelta(days=days)).isoformat(), "revoked": "", "last_used": "", "by": by}
    row["id"] = tx.insert(MAILBOX, row)
    return token, row, replaced


def check_days(days: int | None, default: int) -> int:
    chosen = default if days is None else days
    if not 1 <= chosen <= MAX_DAYS:
        raise InputError("--days", f"有效期应为 1 至 {MAX_DAYS} 天，实为 {chosen}")
    return chosen


def link_row(tx: Tx, ref: str) -> dict | None:
    """The row a link id ("M3") names, or None when `ref` is not shaped like one."""
    found = LINK_ID.fullmatch(ref.strip())
    if not found:
        return None
    row = tx.get(MAILBOX, int(found.group(1)))
    if row is None:
        raise InputError("DEPUTY|LINK", f"专邮链接 {ref.strip()} 不存在（用 lianluo mailbox list 查看）")
    return row


def opened(tx: Tx, token: str, today: dt.date) -> dict | None:
    """The live row the token opens, or None — unknown, revoked and expired alike."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    found = tx.find(MAILBOX, hash=digest(token))
    row = found[0] if found else None
    return row if row is not None and live(row, today) else None


def used(tx: Tx, row: dict, today: dt.date) -> bool:
    """Record the link's use, read again inside the writing transaction (a revocation committed since the
    page's first read is kept, and the use refused): whether the link is still live."""
    current = tx.get(MAILBOX, row["id"])
    if current is None or not live(current, today):
        return False
    tx.put(MAILBOX, {**current, "last_used": now_stamp()})
    return True


# --- rate limits -----------------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _counter(tx: Tx, key: str) -> dict | None:
    found = tx.find(LIMITS, key=key)
    return found[0] if found else None


def spent(tx: Tx, key: str, limit: int, window: dt.timedelta) -> dt.datetime | None:
    """When `key` may act again, if it has used up `limit` within the window that began with its first use;
    None when it may act now."""
    row = _counter(tx, key)
    if row is None or limit <= 0:
        return None
    until = dt.datetime.fromisoformat(row["since"]) + window
    if until <= _now() or row["count"] < limit:
        return None
    return until


def count(tx: Tx, key: str, window: dt.timedelta) -> None:
    """One more use of `key`; a window that has passed starts again."""
    now = _now()
    row = _counter(tx, key)
    if row is None:
        tx.insert(LIMITS, {"key": key, "count": 1, "since": now.isoformat()})
    elif dt.datetime.fromisoformat(row["since"]) + window <= now:
        tx.put(LIMITS, {**row, "count": 1, "since": now.isoformat()})
    else:
        tx.put(LIMITS, {**row, "count": row["count"] + 1})
