"""What a transaction and a store offer, whichever backend holds the data: the typed door to storage.

`TinyTx` (the file store) and `PgTx` (PostgreSQL) both implement `Tx`; kernel and plugin code is written
against `Tx` only. Documents are JSON objects (`Doc`); every table is keyed by a positive integer `id` that
`insert` hands out from the table's counter in the meta row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

Doc = dict[str, Any]


@runtime_checkable
class Tx(Protocol):
    """One unit of work. Reads see the transaction's own writes; nothing is visible to others (or durable)
    until the enclosing `transaction()` block ends without an exception. A reader's `Tx` refuses writes."""

    writable: bool

    @property
    def meta(self) -> Doc:
        """A copy of the meta row: counters, last tick, organisation …"""

    def set_meta(self, **values: Any) -> None: ...

    def next_id(self, table: str) -> int:
        """A fresh id for the table; ids are never reused."""

    def get(self, table: str, doc_id: int) -> Doc | None: ...

    def all(self, table: str) -> list[Doc]:
        """Every document of the table, in id order."""

    def scan(self, table: str) -> Iterator[Doc]:
        """The same documents as `all`, holding as few in memory at once as the backend can."""

    def find(self, table: str, **equals: Any) -> list[Doc]:
        """Documents whose fields equal the given values, in id order."""

    def due(self, table: str, until: str) -> list[Doc]:
        """Documents whose `next_check` (ISO date) is on or before `until`, in id order."""

    def facts(self, table: str, wanted: Any = ..., packed: bool = False) -> list[Any]:
        """The report facts (kernel/facts.py) of the table's items that `wanted` (a `facts.Selection`) picks,
        in id order: kept by the store at every commit, read without the item documents. With `packed`, each
        as its row of values in `facts.FIELDS` order (`facts.packed`), as the stores keep them."""

    def insert(self, table: str, doc: Doc) -> int:
        """Store `doc` under a fresh id (also written as its `id`) and return the id."""

    def put(self, table: str, doc: Doc) -> None:
        """Replace the document with the same `id`."""

    def count(self, table: str) -> int: ...


@runtime_checkable
class Store(Protocol):
    """A data home's store: locked atomic `transaction()`s, snapshot `reader()`s, whole-home copies."""

    home: Path
    backup: Path

    def exists(self) -> bool: ...

    def create(self, meta: Doc) -> None: ...

    def transaction(self) -> AbstractContextManager[Tx]: ...

    def reader(self) -> AbstractContextManager[Tx]: ...

    def dump(self) -> dict[str, dict[str, Doc]]: ...

    def fingerprint(self) -> bytes: ...

    def backup_to(self, target: Path) -> Path: ...

    def restore_from(self, source: Path, keep_as: Path) -> None: ...
