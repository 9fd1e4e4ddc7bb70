"""The file store's files opened through TinyDB: each one a `tinydb.Storage` of ours.

TinyDB's own `JSONStorage` rewrites a file in place (a kill mid-write tears it) and re-reads it on every
access. Ours keep the segment layout's guarantees (segments.py, docs/guarantees.md): a segment or index file
is written once under a new name and fsynced (`NewFileStorage`), the manifest is replaced atomically with
the previous one kept as the backup (`ManifestStorage`, atomic.py), and what is read is checked first
(datafile.py, validate.py) and parsed once per transaction, or once per process for an immutable file
(filecache.py; no CachingMiddleware, whose delayed writes would break "committed means durable"). Queries run as TinyDB
queries over the documents a transaction holds (`search`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import Query, Storage, TinyDB

from ..errors import StoreError
from .atomic import atomic_write
from .datafile import encode, read_json
from .modes import file_mode, fit


class Missing(Exception):
    """A file the manifest names is gone: a concurrent writer's cleanup (a reader retries) or damage."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


class _CheckedFile(Storage):
    """Read: the file parsed and passed through `check` (which refuses damage naming the file), once."""

    def __init__(self, path: Path, backup: Path, check: Callable[[Any], Any] = lambda data: data,
                 size: int | None = None, cut: Callable[[bytes], bytes] | None = None,
                 encoder: Callable[[Any], bytes] = encode):
        self.path, self.backup, self.check = Path(path), backup, check
        self.size, self.cut = size, cut  # which bytes of the file are read (datafile.read_json)
        self.encoder = encoder  # how a write makes the file's bytes of the data
        self._data: Any = None

    def read(self) -> Any:
        if self._data is None:
            try:
                raw = read_json(self.path, self.backup, self.size, self.cut)
            except FileNotFoundError:
                raise Missing(self.path) from None
            self._data = self.check(raw)
        return self._data

    def close(self) -> None:
        self._data = None


class NewFileStorage(_CheckedFile):
    """A segment or index file: written once, under a name no manifest names yet, and fsynced (a leftover of
    a killed writer under the same name is overwritten); never rewritten in place."""

    def write(self, data: Any) -> None:
        folder = self.path.parent
        with os.fdopen(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, file_mode(folder)), "wb") as handle:
            fit(handle.fileno(), folder)
            handle.write(self.encoder(data))
            handle.flush()
            os.fsync(handle.fileno())
        self._data = data


class ManifestStorage(_CheckedFile):
    """The manifest (`lianluo.json`): replaced atomically; the previous one becomes `keep` when given."""

    def __init__(self, path: Path, backup: Path, check: Callable[[Any], Any] = lambda data: data,
                 keep: Path | None = None):
        super().__init__(path, backup, check)
        self.keep = keep

    def write(self, data: Any) -> None:
        atomic_write(self.path, encode(data), backup=self.keep)
        self._data = data


class _Held(Storage):
    """Documents already in memory, as one TinyDB table, for queries; writes go through the transaction."""

    def __init__(self, tables: dict[str, Any]):
        self.tables = tables

    def read(self) -> dict[str, Any]:
        return self.tables

    def write(self, data: Any) -> None:
        raise StoreError("查询视图不能写入")  # a programming error, named plainly


def open_file(storage: type[Storage], *args: Any, **kwargs: Any) -> TinyDB:
    return TinyDB(*args, storage=storage, **kwargs)


def search(table: str, docs: dict[str, dict[str, Any]], equals: dict[str, Any]) -> list[dict[str, Any]]:
    """The docs (`{"<id>": doc}`) having every field of `equals` with that value, in id order: TinyDB's
    `fragment` query (no query cache: the transaction changes the docs under it)."""
    found = TinyDB(storage=_Held, tables={table: docs}).table(table, cache_size=0).search(Query().fragment(equals))
    return [dict(doc) for doc in sorted(found, key=lambda doc: doc.doc_id)]
