"""Pausing Python's cycle collector while a report, a score or a dashboard reads a year of matters.

Why: reading the report facts of 100k items makes hundreds of thousands of small dicts, lists and tuples in
a few hundred milliseconds; each time the young generations fill up the collector runs, and the full
collections it starts walk every object alive — the whole pool of facts, again and again. Measured on
bench/scale.py's 100k home, the collector was more than half of a year report's time and two thirds of a
score's. Nothing a report makes is a reference cycle worth collecting before it ends (the facts are plain
data, freed by their reference counts), so collection waits until the outermost pause ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cycle collection inside (nested and threaded pauses count: the outermost end restores it)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
