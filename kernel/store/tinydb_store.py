"""The embedded default store: a data home of TinyDB-compatible JSON files, committed atomically under a lock.

Why segments: with one JSON file for the whole home, every command and every tick parsed and rewrote years
of closed matters. Now a transaction reads the small manifest, then only what it touches: `get` one segment,
`due` the table's open-clock index and the open-clock segments holding due ids (never the closed history
around them), `all`/`find` the table; `count` reads the manifest alone. A commit writes only the segments and indexes it changed, as new files, then replaces
the manifest atomically (segments.py: why a kill at any moment leaves the old state or the new one). An
exception before the end of the `transaction()` block writes nothing. A file that is empty, truncated,
foreign or newer than this program is refused, never read as an empty database (datafile.py).

A home written before segments (schema 1: one file holding every table) is read as it is, and converted by
its first write transaction; the old file is kept as `lianluo.json.schema1-<stamp>`. `backup_to` still
writes that one-file form, which `restore_from`, `lianluo migrate` and the PostgreSQL store read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

import filelock

from ..errors import BusyError, StoreError
from ..facts import FACTS_TABLES, Selection, from_documents, packed as pack, projected, unpacked
from ..outcome import mark_saved
from . import segments
from .base import MetaTx
from .locking import lock_timeout as default_lock_timeout
from .atomic import atomic_write, fsync_dir, numbered, remove_stale_temps, write_new
from .datafile import APP, META, SCHEMA, encode, hint
from .filecache import FILES, json_copy
from .modes import file_mode, make_dir
from .segments import DATA_DIR, Layout, bucket_of, check_table_name
from .tinydb_files import search

__all__ = ["APP", "META", "SCHEMA", "DATA_FILE", "TinyTx", "TinyStore", "_load"]

DATA_FILE = "lianluo.json"
READ_RETRIES = 5
SHARE_PUT = segments.SHARE_PUT  # a commit's segment with at most this many documents put goes to the read cache


def _fresh(method):
    """A reader whose segment vanished (a concurrent writer's cleanup) starts again from the new manifest;
    in a writer (which holds the lock) a missing file is damage, refused like any other."""

    @functools.wraps(method)
    def retrying(self: "TinyTx", *args: Any, **kwargs: Any) -> Any:
        for attempt in itertools.count(1):
            try:
                return method(self, *args, **kwargs)
            except segments.Missing as gone:
                if self.writable or attempt >= READ_RETRIES:
                    raise StoreError(f"数据文件 {gone.path} 缺失；{hint(self.backup)}") from None
                self._open()

    return retrying


class TinyTx(MetaTx):
    """A unit of work over the tables (the `Tx` protocol, protocol.py). Reads see the transaction's own writes; nothing is durable
    until the enclosing `transaction()` block ends without an exception."""

    def __init__(self, home: Path, manifest: Path, backup: Path, writable: bool):
        self.home, self.manifest, self.backup = home, manifest, backup
        self.writable = writable
        self._open()

    def _open(self) -> None:
        self._meta, self.layout, whole = segments.read_manifest(self.manifest, self.backup)
        self._meta_read = self._meta
        self.loaded: dict[tuple[str, int, bool], dict[str, dict[str, Any]]] = {}  # (table, bucket, open) →
        self.indexes: dict[str, dict[str, str]] = {}
        self.converting = whole is not None
        if whole is not None:  # schema 1: everything is in memory already, and all of it is to be written
            self.loaded, self.indexes = segments.split(whole)
        self.dirty_segments = set(self.loaded)
        self.changed: dict[tuple[str, int, bool], set[str]] = {}  # the documents put, by segment
        self.dirty_indexes = set(self.indexes)
        self.meta_dirty = False
        self.counters_checked: set[str] = set()

    @property
    def dirty(self) -> bool:
        """Whether a commit has anything to write (a tick that only sets today's date again has not)."""
        return bool(self.converting or self.meta_dirty and self._meta != self._meta_read
                    or self.dirty_segments or self.dirty_indexes)

    # --- meta (base.py) ----------------------------------------------------------------------
    @_fresh
    def highest_id(self, table: str) -> int:
        """From the manifest's record of each segment's highest id where it has one, else the segment itself."""
        for bucket in reversed(self._buckets(table)):
            highest = 0
            for is_open in (False, True):
                entry = self._table(table)["segments"].get((bucket, is_open))
                if (table, bucket, is_open) not in self.loaded and entry is not None and "max" in entry:
                    highest = max(highest, entry["max"])
                else:
                    highest = max([highest, *map(int, self._segment(table, bucket, is_open) or ())])
            if highest:
                return highest
        return 0

    def damage_place(self) -> tuple[Path, Path]:
        return self.manifest, self.backup

    # --- files ------------------------------------------------------------------------------
    def _table(self, table: str) -> dict[str, Any]:
        return self.layout.tables.get(table) or {"segments": {}, "index": None}

    def _segment(self, table: str, bucket: int, is_open: bool) -> dict[str, dict[str, Any]] | None:
        """The documents of one segment, read once per transaction; None when there is no such segment."""
        docs = self.loaded.get((table, bucket, is_open))
        if docs is None:
            entry = self._table(table)["segments"].get((bucket, is_open))
            if entry is None:
                return None
            docs = segments.read_segment(self.home, table, bucket, entry, self.backup, shared=True)
            if self.writable:  # the writer's own mapping; the documents in it are never changed in place
                docs = dict(docs)
            self.loaded[(table, bucket, is_open)] = docs
        return docs

    def _holding(self, table: str, doc_id: int) -> dict[str, dict[str, Any]] | None:
        """The segment that holds (or would hold) the doc: the open one when the index lists it."""
        return self._segment(table, bucket_of(doc_id), str(doc_id) in self._index(table))

    def _index(self, table: str) -> dict[str, str]:
        index = self.indexes.get(table)
        if index is None:
            index = segments.read_index(self.home, table, self._table(table)["index"], self.backup, shared=True)
            self.indexes[table] = index = dict(index) if self.writable else index
        return index

    def _buckets(self, table: str) -> list[int]:
        return sorted({b for b, _ in self._table(table)["segments"]} | {b for t, b, _ in self.loaded if t == table})

    def _keyed(self, table: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The table's ("<id>", doc) pairs in id order."""
        for bucket in self._buckets(table):
            docs = {**(self._segment(table, bucket, False) or {}), **(self._segment(table, bucket, True) or {})}
            for key in sorted(docs, key=int):
                yield key, docs[key]

    @_fresh
    def _write(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Put one document in its segment and keep the table's open-clock index in step."""
        self._check_writable()
        check_table_name(table)
        if doc_id < 1:
            raise StoreError(f"表 {table} 的编号 {doc_id} 无效")  # a programming error, named plainly
        bucket, key = bucket_of(doc_id), str(doc_id)
        index, when = self._index(table), doc.get("next_check")
        was_open, is_open = key in index, when is not None
        if was_open != is_open:  # the doc moves between its range's closed and open segments
            left = self._segment(table, bucket, was_open)
            if left is not None and left.pop(key, None) is not None:
                self.dirty_segments.add((table, bucket, was_open))
        docs = self._segment(table, bucket, is_open)
        if docs is None:
            docs = self.loaded[(table, bucket, is_open)] = {}
        docs[key] = doc
        self.dirty_segments.add((table, bucket, is_open))
        self.changed.setdefault((table, bucket, is_open), set()).add(key)
        if index.get(key) != when:
            if when is None:
                del index[key]
            else:
                index[key] = when
            self.dirty_indexes.add(table)

    # --- tables -----------------------------------------------------------------------------
    def _copy(self, doc: dict[str, Any]) -> dict[str, Any]:
        """What a read hands out: the segments are shared by the process's transactions (filecache.py); a
        reader gets a copy of the top level (nothing nested may be changed), a writer a deep copy to change."""
        return json_copy(doc) if self.writable else dict(doc)

    @_fresh
    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        doc_id = int(doc_id)
        docs = self._holding(table, doc_id) if doc_id >= 1 else None
        doc = docs.get(str(doc_id)) if docs else None
        return self._copy(doc) if doc is not None else None

    @_fresh
    def all(self, table: str) -> list[dict[str, Any]]:
        return [self._copy(d) for _, d in self._keyed(table)]

    def scan(self, table: str) -> Iterator[dict[str, Any]]:
        """The table's docs in id order with one id range in memory at a time, for reports over years of history
        that keep only a period's docs (`all` would hold the whole table). A writer sees its own writes: there
        it is `all`. A reader whose next segment a writer's cleanup removed goes on from the new manifest."""
        if self.writable:
            yield from self.all(table)
            return
        for bucket in self._buckets(table):
            for attempt in itertools.count(1):
                try:
                    docs = {**self._peek(table, bucket, False), **self._peek(table, bucket, True)}
                    break
                except segments.Missing as gone:
                    if attempt >= READ_RETRIES:
                        raise StoreError(f"数据文件 {gone.path} 缺失；{hint(self.backup)}") from None
                    self._open()
            for key in sorted(docs, key=int):
                yield dict(docs[key])

    @_fresh
    def facts(self, table: str, wanted: Selection = Selection(), packed: bool = False) -> list[Any]:
        """The report facts (kernel/facts.py) of the table's items that `wanted` selects, in id order: read
        from the first line of each segment that may hold one (a segment whose received days and sessions
        cannot match is never opened); a segment without current facts, or changed in this transaction, is
        projected from its documents. With `packed`, as rows (`facts.packed`)."""
        if from_documents() or table not in FACTS_TABLES:
            rows = [pack(f) for f in projected(self.scan(table), wanted)]
            return rows if packed else [unpacked(r) for r in rows]
        found: list[list[Any]] = []
        slots = self._table(table)["segments"]
        for bucket in self._buckets(table):
            for is_open in (False, True):
                entry = slots.get((bucket, is_open))
                if (table, bucket, is_open) in self.dirty_segments or (entry is not None and not segments.has_facts(entry)):
                    docs = self._segment(table, bucket, is_open) if self.writable else self._peek(table, bucket, is_open)
                    found.extend(pack(f) for f in projected((docs or {}).values(), wanted))
                    continue
                if entry is None or not wanted.may_hold(entry["lo"], entry["hi"], entry["ss"], entry["op"]):
                    continue
                rows = segments.read_facts(self.home, table, entry, self.backup, shared=True)
                if rows is None:
                    found.extend(pack(f) for f in projected(self._peek(table, bucket, is_open).values(), wanted))
                else:
                    found.extend(r for r in rows if wanted.matches_row(r))
        found.sort(key=itemgetter(0))  # the id
        return found if packed else [unpacked(r) for r in found]

    def _peek(self, table: str, bucket: int, is_open: bool) -> dict[str, dict[str, Any]]:
        """One segment's docs, from this transaction's cache if it has them, else read and not kept."""
        docs = self.loaded.get((table, bucket, is_open))
        if docs is not None:
            return docs
        entry = self._table(table)["segments"].get((bucket, is_open))
        if entry is None:
            return {}
        return segments.read_segment(self.home, table, bucket, entry, self.backup, shared=True)

    @_fresh
    def find(self, table: str, **equals: Any) -> list[dict[str, Any]]:
        """A TinyDB `fragment` query over each id range's documents, in id order."""
        found = []
        for bucket in self._buckets(table):
            docs = {**(self._segment(table, bucket, False) or {}), **(self._segment(table, bucket, True) or {})}
            found.extend(search(table, docs, equals))
        return [json_copy(d) for d in found] if self.writable else found

    @_fresh
    def due(self, table: str, until: str) -> list[dict[str, Any]]:
        """Docs whose `next_check` (ISO date) is on or before `until`, found through the open-clock index:
        only the open-clock segments holding due ids are read."""
        found = []
        for doc_id in sorted(int(k) for k, when in self._index(table).items() if when <= until):
            doc = (self._segment(table, bucket_of(doc_id), True) or {}).get(str(doc_id))
            if doc is not None:
                found.append(self._copy(doc))
        return found

    def insert(self, table: str, doc: dict[str, Any]) -> int:
        """Insert with a fresh id (stored as the doc's `id` too) and return it."""
        self._check_writable()
        doc_id = self.next_id(table)
        self._write(table, doc_id, {**doc, "id": doc_id})
        return doc_id

    def put(self, table: str, doc: dict[str, Any]) -> None:
        """Replace the doc with the same `id`."""
        self._write(table, int(doc["id"]), dict(doc))

    def count(self, table: str) -> int:
        """From the manifest, except for the segments this transaction has read."""
        slots = set(self._table(table)["segments"]) | {(b, o) for t, b, o in self.loaded if t == table}
        return sum(len(self.loaded[(table, *slot)]) if (table, *slot) in self.loaded
                   else self._table(table)["segments"][slot]["docs"] for slot in slots)

    @_fresh
    def dump(self) -> dict[str, dict[str, Any]]:
        """Every table as {table: {"<id>": doc}}, with the meta row: the one-file (schema 1) form."""
        tables = set(self.layout.tables) | {t for t, _, _ in self.loaded}
        data: dict[str, dict[str, Any]] = {META: {"1": {**self._meta, "schema": SCHEMA}}}
        for table in sorted(tables):
            docs = dict(self._keyed(table))
            if docs:
                data[table] = docs
        return data



def _load(path: Path) -> dict[str, Any]:
    """A whole home as one dict (the backup file's shape), from a one-file backup or from a manifest (whose
    segments are read from beside it); every refusal names the file and its backup."""
    path = Path(path)
    return TinyTx(path.parent, path, Path(f"{path}.bak"), writable=False).dump()


def _link_new(path: Path, name: Path) -> Path:
    """A second name for `path`: `name`, or the next free numbered one."""
    for candidate in numbered(name):
        try:
            os.link(path, candidate)
        except FileExistsError:
            continue
        fsync_dir(candidate.parent)
        return candidate
    raise AssertionError("unreachable")


class TinyStore:
    """The data home's store: `transaction()` for writes (locked, atomic), `reader()` for reads."""

    def __init__(self, home: Path, lock_timeout: float | None = None):
        self.home = Path(home)
        self.path = self.home / DATA_FILE
        self.backup = self.home / f"{DATA_FILE}.bak"
        if lock_timeout is None:
            lock_timeout = default_lock_timeout()
        self.lock_timeout = lock_timeout
        self._lock: filelock.FileLock | None = None

    @property
    def lock(self) -> filelock.FileLock:
        """Made on first use, once the home exists, so that its mode follows the home's (modes.py)."""
        if self._lock is None:
            self._lock = filelock.FileLock(str(self.home / ".lianluo.lock"), timeout=self.lock_timeout,
                                           mode=file_mode(self.home))
        return self._lock

    def exists(self) -> bool:
        return self.path.exists()

    def create(self, meta: dict[str, Any]) -> None:
        """Write a new, empty home; refuses to overwrite an existing one."""
        make_dir(self.home, parents=True)
        with self._locked():
            if self.path.exists():
                raise StoreError(f"{self.path} 已存在，不会覆盖；如需重新开始，请换一个数据目录")
            segments.write_manifest(self.path, {"app": APP, "counters": {}, **meta}, Layout())

    def _tx(self, writable: bool) -> TinyTx:
        return TinyTx(self.home, self.path, self.backup, writable)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[TinyTx]:
        with self._locked():
            remove_stale_temps(self.home, DATA_FILE)
            tx = self._tx(writable=True)
            if not tx.converting:  # (a one-file home's backup may still name files: they go once it is replaced)
                segments.sweep(self.home, tx.layout)  # a killed writer's files
            yield tx
            if tx.dirty:
                if tx.converting:
                    self._keep_schema1()
                rows: dict[tuple[str, int, bool], list[list]] = {}
                layout = segments.commit(self.home, self.path, self.backup, tx.meta, tx.layout,
                                         {key: tx.loaded[key] for key in tx.dirty_segments},
                                         {table: tx.indexes[table] for table in tx.dirty_indexes},
                                         kept=tx.layout.files(), changed=None if tx.converting else tx.changed,
                                         written_rows=rows)
                mark_saved()
                if not tx.converting:
                    self._share(tx, layout, rows)

    def _share(self, tx: TinyTx, layout: Layout, rows: dict[tuple[str, int, bool], list[list]]) -> None:
        """After a commit, what the writer wrote goes to the process's read cache (filecache.py) as a reader
        would parse it, so that the page view after a write does not parse a 1000-document segment again: the
        documents it put, and their facts rows, made plain JSON again (a tuple becomes a list …), the others
        are the cache's already (or projected from them). A segment where many were put (the tick, an import)
        is left for the first reader to parse."""
        for key in tx.dirty_segments:
            table, bucket, is_open = key
            entry = layout.tables.get(table, {}).get("segments", {}).get((bucket, is_open))
            put = tx.changed.get(key, set())
            if entry is None or len(put) > SHARE_PUT:
                continue
            path = self.home / entry["file"]
            docs = {k: json.loads(encode(doc)) if k in put else doc for k, doc in tx.loaded[key].items()}
            FILES.put(path, ("segment", table, bucket, entry["docs"], entry.get("max")), docs)
            if key in rows and "fb" in entry:
                plain = [json.loads(encode(row)) if str(row[0]) in put else row for row in rows[key]]
                FILES.put(path, segments.facts_tag(table, entry), plain, cost=entry["fb"])
        for table in tx.dirty_indexes:
            name = layout.tables.get(table, {}).get("index")
            if name:
                FILES.put(self.home / name, ("index", table), dict(tx.indexes[table]))

    @contextlib.contextmanager
    def reader(self) -> Iterator[TinyTx]:
        yield self._tx(writable=False)

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild every segment's report facts from its documents (`lianluo reindex`), segment by segment (one in
        memory at a time), then name them all in one new manifest: a kill before that leaves the old state.
        Returns the number of items summarised; `progress(done, total)` is told after each segment."""
        with self.transaction() as tx:  # a one-file home is converted: every segment written, with its facts
            if tx.converting:
                return sum(len(docs) for (t, _, _), docs in tx.loaded.items() if t in FACTS_TABLES)
        with self._locked():
            tx = self._tx(writable=True)
            segments.sweep(self.home, tx.layout)
            done = segments.rebuild_facts(self.home, self.path, self.backup, tx.meta, tx.layout, progress)
            mark_saved()
            return done

    def dump(self) -> dict[str, dict[str, Any]]:
        """Every committed document, as {table: {id: doc}} (the backup file's shape)."""
        return self._tx(writable=False).dump()

    def backup_to(self, target: Path, renumber: bool = False) -> Path:
        """Copy the current committed data, checked, to `target` as one new file, atomically; an existing file
        is never replaced (FileExistsError, or with `renumber` the next free numbered name). Returns the name."""
        with self._locked():
            return write_new(Path(target), encode(self.dump()), renumber=renumber)

    def restore_from(self, source: Path, keep_as: Path) -> Path | None:
        """Replace the data by a checked copy of `source` (a backup file or a manifest); the data replaced are
        kept as `keep_as`, numbered if that name is taken (one self-contained file; the manifest's own bytes
        if it no longer loads). Returns the name they were kept under."""
        whole = _load(Path(source))
        kept = None
        with self._locked():
            remove_stale_temps(self.home, DATA_FILE)
            if self.path.exists():
                try:
                    kept = write_new(Path(keep_as), encode(self.dump()))
                except StoreError:  # broken: keep exactly what is there, under a second name
                    kept = _link_new(self.path, Path(keep_as))
            loaded, indexes = segments.split(whole)
            segments.commit(self.home, self.path, None, whole[META]["1"], Layout(), loaded, indexes,
                            kept=self._backup_files())
            mark_saved()
        return kept

    def _backup_files(self) -> set[str]:
        """The files the backup manifest names, which must stay while it is the backup."""
        try:
            return segments.read_manifest(self.backup, self.backup)[1].files()
        except StoreError:
            return set()

    def _keep_schema1(self) -> None:
        """Before a one-file home is first written as segments, a second name for the old file."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        for n in itertools.count(1):
            keep = self.home / f"{DATA_FILE}.schema1-{stamp}{'' if n == 1 else f'-{n}'}"
            try:
                os.link(self.path, keep)
            except FileExistsError:
                if not os.path.samefile(keep, self.path):
                    continue
            fsync_dir(self.home)
            return

    def fingerprint(self) -> bytes:
        """A digest of every byte the store holds (manifest, segments, indexes), readable or not: equal before
        and after a command means the command wrote nothing."""
        digest = hashlib.sha256()
        files = sorted(p for p in (self.home / DATA_DIR).rglob("*") if p.is_file())
        for path in [self.path, *files]:
            digest.update(f"{path.relative_to(self.home)}\0".encode())
            digest.update(path.read_bytes() if path.exists() else b"<missing>")
            digest.update(b"\0")
        return digest.digest()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.lock.acquire()
        except filelock.Timeout:
            raise BusyError(
                f"数据目录 {self.home} 正被另一个 lianluo 进程使用（等待 {self.lock.timeout:g} 秒仍未释放），请稍后重试"
            ) from None
        try:
            yield
        finally:
            self.lock.release()

    @staticmethod
    def _encode(data: dict[str, Any]) -> bytes:
        return encode(data)
