"""What both transactions share: the meta row (copied on read, replaced on write) and the id counters.

Ids come from per-table counters in the meta row, so a writer holding the store's lock (the file lock, or
PostgreSQL's meta row `FOR UPDATE`) hands each id out once. Before a table's counter is first used in a
transaction it is checked against the highest id stored: a counter below it (a hand edit, a bad restore)
would hand out an id in use, and the insert would overwrite that record; it is refused as damage instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import StoreError
from .validate import check_counter


class MetaTx:
    """The meta and counter half of a transaction; a backend supplies `highest_id` and `damage_place`."""

    writable: bool
    _meta: dict[str, Any]
    meta_dirty: bool = False
    counters_checked: set[str]  # the tables whose counter this transaction has checked

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self._meta)

    def set_meta(self, **values: Any) -> None:
        self._check_writable()
        self._meta = {**self._meta, **values}
        self.meta_dirty = True

    def next_id(self, table: str) -> int:
        """A fresh id for the table; ids are never reused, even after a delete."""
        counters = dict(self._meta.get("counters", {}))
        current = counters.get(table, 0)
        if table not in self.counters_checked:
            place, backup = self.damage_place()
            check_counter(place, table, current, self.highest_id(table), backup)
            self.counters_checked.add(table)
        counters[table] = current + 1
        self.set_meta(counters=counters)
        return counters[table]

    def highest_id(self, table: str) -> int:
        """The highest id stored in the table (0 when empty)."""
        raise NotImplementedError

    def damage_place(self) -> tuple[Path | str, Path | None]:
        """(what to name in a damage message, the backup to restore from)."""
        raise NotImplementedError

    def _check_writable(self) -> None:
        if not self.writable:
            raise StoreError("只读事务不能写入")  # a programming error, named plainly
