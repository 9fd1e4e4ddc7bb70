"""How long a command waits for another lianluo process before saying the home is busy: one setting,
`LIANLUO_LOCK_TIMEOUT` (seconds, default 30), read the same way by the file store, PostgreSQL and delivery."""

from __future__ import annotations

import math
import os

from ..errors import InputError

ENV = "LIANLUO_LOCK_TIMEOUT"
DEFAULT = 30.0


def lock_timeout() -> float:
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return DEFAULT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not (seconds >= 0 and math.isfinite(seconds)):
        raise InputError(ENV, f"应为非负秒数，实为 {raw!r}")
    return seconds
