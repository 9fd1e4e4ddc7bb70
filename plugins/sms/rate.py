"""The per-minute rate, kept across processes: the time the last request to a gateway went out is in a small
file in the data home (`.lianluo.sms.rate`, JSON: url → Unix time), read and written under a file lock that is
held through the wait — so two processes texting through one home (a tick and a `greeting confirm`, or two
runs back to back) space their requests as one would. Wall-clock time, since processes share no monotonic
clock; a clock stepped backwards waits at most one gap more."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import filelock

from lianluo.kernel import file_mode

RATE_FILE = ".lianluo.sms.rate"


class Busy(Exception):
    """Another process held the rate lock too long."""


def _read(path: Path) -> dict[str, float]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return {}  # none yet, or torn by a crash: the next request simply goes at once
    return {str(k): float(v) for k, v in doc.items() if isinstance(v, (int, float))} if isinstance(doc, dict) else {}


def _write(path: Path, doc: dict[str, float]) -> None:
    mode = file_mode(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.fchmod(fd, mode)  # whatever the umask: 0660 in a shared home, 0600 otherwise
    except PermissionError:
        pass  # another member of the home's group made it
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(doc))


def wait_turn(home: Path, url: str, per_minute: int) -> None:
    """Sleep until `url` may take the next request at `per_minute`, and note that it goes now."""
    if per_minute <= 0:
        return
    gap = 60.0 / per_minute
    path = Path(home) / RATE_FILE
    lock = filelock.FileLock(str(path) + ".lock", timeout=max(60.0, 4 * gap), mode=file_mode(home))
    try:
        with lock:
            sent = _read(path)
            last = sent.get(url)
            if last is not None:
                wait = min(last + gap - time.time(), gap)
                if wait > 0:
                    time.sleep(wait)
            _write(path, {**sent, url: time.time()})
    except filelock.Timeout:
        raise Busy("等待短信发送频率限制超时（另一进程长时间占用）") from None
