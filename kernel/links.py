"""Items handled as one class (并案): which items follow a primary item, kept in a small `links` table so that a
cascade reads one document instead of scanning every item ever registered (the cost follows the work)."""

from __future__ import annotations

from .store.protocol import Tx

TABLE = "links"
BUILT = "links_indexed"  # meta flag: the table covers every link in the home


def members(tx: Tx, primary_id: int) -> list[int]:
    """The ids of the items that follow `primary_id`, in id order."""
    if not tx.meta.get(BUILT):
        return _scan(tx).get(primary_id, [])
    doc = tx.get(TABLE, primary_id)
    return list(doc["members"]) if doc else []


def add(tx: Tx, primary_id: int, member_id: int) -> None:
    """Record that `member_id` now follows `primary_id` (in the same transaction as the item's link event)."""
    build(tx)
    doc = tx.get(TABLE, primary_id) or {"id": primary_id, "members": []}
    tx.put(TABLE, {**doc, "members": sorted({*doc["members"], member_id})})


def build(tx: Tx) -> None:
    """A home written before the table existed gets it once, from one scan of its items, by its next writer."""
    if tx.meta.get(BUILT):
        return
    for primary_id, ids in _scan(tx).items():
        tx.put(TABLE, {"id": primary_id, "members": ids})
    tx.set_meta(**{BUILT: True})


def _scan(tx: Tx) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for doc in sorted(tx.all("items"), key=lambda d: d["id"]):
        if doc.get("primary") is not None:
            found.setdefault(doc["primary"], []).append(doc["id"])
    return found
