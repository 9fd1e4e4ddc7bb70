"""A process-wide cache of the file store's parsed and checked files, for readers.

Why: a long-running process (`lianluo serve`) opens a reader per page view; each read a segment (1000
documents, ~3.4 MB), parsed and checked it, to show one item — 50 ms, and a page of the item list read every
open segment again. Segment, index and facts files are immutable (segments.py: written once under a name
carrying the commit number, never rewritten in place), so what one reader parsed is what the next reader
would parse, as long as the file is the same one: the key is the path with its device, inode, size and
modification time, taken before and after the read (a file replaced meanwhile is not kept). A write by
another process (the CLI tick) names new files in a new manifest, which every reader reads afresh, so the
next page view sees it.

Only readers use it: what they get is shared with every other reader of the process and must not be changed
(the store's reader methods hand out copies of each document, as before). A writer reads from disk and
changes its own copy. Bounded by the files' size on disk (`LIANLUO_READ_CACHE_MB`, default 128; 0 turns it
off), least recently used first out.
"""

from __future__ import annotations

import os
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
    """{(path, how it was checked): (file signature, parsed data)}, LRU, bounded by bytes on disk."""

    def __init__(self) -> None:
        self.entries: OrderedDict[tuple[str, Hashable], tuple[tuple[int, int, int, int], Any]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def read(self, path: Path, tag: Hashable, load: Callable[[], Any]) -> Any:
        """`load()` (which parses and checks `path`), or what it returned before for the same file."""
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
        data = load()  # raises Missing / StoreError as an uncached read would
        after = _signature(path)
        if before is None or after != before or before[2] > limit:
            return data
        with self.lock:
            self.misses += 1
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= old[0][2]
            self.entries[key] = (before, data)
            self.size += before[2]
            while self.size > limit and self.entries:
                _, (sig, _) = self.entries.popitem(last=False)
                self.size -= sig[2]
        return data

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


FILES = FileCache()
