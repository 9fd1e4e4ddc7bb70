"""A process-wide cache of the file store's parsed and checked files, for readers.

Why: a long-running process (`lianluo serve`) opens a reader per page view; each read a segment (1000
documents, ~3.4 MB), parsed and checked it, to show one item — 50 ms, and a page of the item list read every
open segment again. Segment and index files (and the facts files of homes written before) are immutable
(segments.py: written once under a name carrying the commit number, never rewritten in place), so what one
reader parsed is what the next reader would parse, as long as the file is the same one: the key is the path
with its device, inode, size and modification time, taken before and after the read (a file replaced
meanwhile is not kept), and what was read of it (a segment's documents, or only its facts). A write by
another process (the CLI tick) names new files in a new manifest, which every reader reads afresh, so the
next page view sees it.

What a reader gets is shared with every other transaction of the process and must not be changed: the
store's reader methods hand out a copy of each document (its top level, as before), and a caller must not
change what is nested in it (every kernel reader makes an `Item` of it). A writer works on its own copy of
each segment's mapping and hands out deep copies of the documents (`json_copy`), which the caller may change
before `put`. One thread parses a file while the others wanting it wait (no herd after a commit). Bounded by the files' size on disk (`LIANLUO_READ_CACHE_MB`, default 128; 0 turns it
off), least recently used first out.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

CACHE_ENV = "LIANLUO_READ_CACHE_MB"
DEFAULT_MB = 128


def _limit() -> int:
    try:
        return max(0, int(float(os.environ.get(CACHE_ENV, DEFAULT_MB)) * 1024 * 1024))
    except ValueError:
        return DEFAULT_MB * 1024 * 1024


def _signature(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class FileCache:
    """{(path, how it was checked): (file signature, parsed data, bytes parsed)}, LRU, bounded by bytes on disk."""

    def __init__(self) -> None:
        self.entries: OrderedDict[tuple[str, Hashable], tuple[tuple[int, int, int, int], Any, int]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self.hits = self.misses = 0
        self.slots: dict[tuple[str, Hashable], tuple[str, Hashable]] = {}  # (file name without its commit
        # number, what was read of it: "segment", "facts" …) → key
        self.loading: dict[tuple[str, Hashable], threading.Lock] = {}

    def read(self, path: Path, tag: Hashable, load: Callable[[], Any], cost: int | None = None) -> Any:
        """`load()` (which parses and checks `path`), or what it returned before for the same file. `cost`:
        the bytes it parses, when that is a part of the file (a segment's facts), else the file's size."""
        limit = _limit()
        if not limit:
            return load()
        key = (str(path), tag)
        before = _signature(path)
        with self.lock:
            held = self.entries.get(key)
            if held is not None and before is not None and held[0] == before:
                self.entries.move_to_end(key)
                self.hits += 1
                return held[1]
            flight = self.loading.setdefault(key, threading.Lock())
        with flight:  # one parse per file at a time; the others take its result
            with self.lock:
                held = self.entries.get(key)
                if held is not None and held[0] == before:
                    self.hits += 1
                    return held[1]
            try:
                return self._load(key, path, before, load, limit, cost)
            finally:
                with self.lock:
                    self.loading.pop(key, None)

    def _load(self, key, path: Path, before, load: Callable[[], Any], limit: int, cost: int | None) -> Any:
        data = load()  # raises Missing / StoreError as an uncached read would
        after = _signature(path)
        if before is None or after != before or before[2] > limit:
            return data
        with self.lock:
            self.misses += 1
            self._keep(key, path, before, data, limit, cost)
        return data

    def _keep(self, key, path: Path, sig, data: Any, limit: int, cost: int | None = None) -> None:
        """Hold `data` under `key` (the lock held); the same file of an older commit, read the same way, is
        superseded: let go."""
        slot = (_slot(path), key[1][0] if isinstance(key[1], tuple) else key[1])  # (file, what was read of it)
        for old_key in [key, *([self.slots[slot]] if self.slots.get(slot, key) != key else [])]:
            old = self.entries.pop(old_key, None)
            if old is not None:
                self.size -= old[2]
        self.slots[slot] = key
        cost = sig[2] if cost is None else cost
        self.entries[key] = (sig, data, cost)
        self.size += cost
        while self.size > limit and self.entries:
            _, (_, _, old_cost) = self.entries.popitem(last=False)
            self.size -= old_cost

    def held(self, path: Path, tag: Hashable) -> Any:
        """What is held for `path` read as `tag` if the file is still the same one, else None (nothing loaded)."""
        sig = _signature(path)
        with self.lock:
            held = self.entries.get((str(path), tag))
            if held is None or sig is None or held[0] != sig:
                return None
            self.entries.move_to_end((str(path), tag))
            return held[1]

    def put(self, path: Path, tag: Hashable, data: Any, cost: int | None = None) -> None:
        """What a writer has just written to `path`, as a reader would parse it (the writer's own copy, which
        it changes no more): the next reader takes it instead of parsing the file (`cost`: as in `read`)."""
        limit, sig = _limit(), _signature(path)
        if sig is None or sig[2] > limit:
            return
        with self.lock:
            self._keep((str(path), tag), path, sig, data, limit, cost)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.slots.clear()
            self.size = 0


def _slot(path: Path) -> str:
    """`data/items/1-open` for `data/items/1-open.17.json`: which file an older commit's file is superseded by."""
    return re.sub(r"\.\d+\.json$", "", str(path))


def json_copy(value: Any) -> Any:
    """A deep copy of parsed JSON (dicts, lists, scalars), several times faster than `copy.deepcopy`."""
    if isinstance(value, dict):
        return {k: json_copy(v) if isinstance(v, (dict, list)) else v for k, v in value.items()}
    if isinstance(value, list):
        return [json_copy(v) if isinstance(v, (dict, list)) else v for v in value]
    return value


FILES = FileCache()
