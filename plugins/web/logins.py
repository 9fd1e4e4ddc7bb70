"""Failed logins, counted in the store (`web_logins`), so a restart or a second server process does not forget
them: a name is locked after `[web] lock_after` failures in a row (default 5) for `[web] lock_minutes`
(default 15); an address that fails more than `[web] address_limit` times (default 20) within
`lock_minutes` is refused until that window passes."""

from __future__ import annotations

import datetime as dt

LOGINS = "web_logins"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _row(tx, key: str) -> dict | None:
    found = tx.find(LOGINS, key=key)
    return found[0] if found else None


def _limits(params) -> tuple[int, dt.timedelta, int]:
    return (params.int("lock_after", 5), dt.timedelta(minutes=params.int("lock_minutes", 15)),
            params.int("address_limit", 20))


def refused_until(tx, params, name: str, address: str) -> dt.datetime | None:
    """When the name or the address may try again, or None when it may try now."""
    lock_after, window, address_limit = _limits(params)
    now = _now()
    for key, limit in ((f"user:{name}", lock_after), (f"addr:{address}", address_limit)):
        row = _row(tx, key)
        if row is None or row["failures"] < limit:
            continue
        until = dt.datetime.fromisoformat(row["last"]) + window
        if until > now:
            return until
    return None


def failed(tx, params, name: str, address: str) -> None:
    """Count one failure against the name and the address; a count whose window has passed starts again."""
    _, window, _ = _limits(params)
    now = _now()
    for key in (f"user:{name}", f"addr:{address}"):
        row = _row(tx, key)
        if row is None:
            tx.insert(LOGINS, {"key": key, "failures": 1, "last": now.isoformat()})
            continue
        stale = dt.datetime.fromisoformat(row["last"]) + window <= now
        tx.put(LOGINS, {**row, "failures": 1 if stale else row["failures"] + 1, "last": now.isoformat()})


def succeeded(tx, name: str) -> None:
    row = _row(tx, f"user:{name}")
    if row is not None and row["failures"]:
        tx.put(LOGINS, {**row, "failures": 0})
