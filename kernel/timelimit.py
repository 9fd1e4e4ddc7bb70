"""A time limit on one plugin call in the tick, so a hanging plugin is recorded like a raising one.

The limit is a SIGALRM timer, which only the main thread of a process can receive: elsewhere (a thread, a
platform without `setitimer`) the call runs without a limit rather than not at all. The default is 60
seconds; the profile's `[tick] hook_timeout` and then the environment's `LIANLUO_HOOK_TIMEOUT` override it
(0 turns the limit off).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

from .errors import InputError, ProfileError
from .profile import Profile

DEFAULT = 60.0
ENV = "LIANLUO_HOOK_TIMEOUT"
SECTION, KEY = "tick", "hook_timeout"


class HookTimeout(BaseException):
    """A plugin call ran over its limit. A BaseException, so that a plugin's own `except Exception` cannot
    swallow it and go on hanging."""

    def __init__(self, seconds: float, skipped: bool = False):
        self.seconds = seconds
        self.skipped = skipped
        super().__init__(f"本次运行中已超时（{seconds:g} 秒），其余调用跳过" if skipped else f"超时（{seconds:g} 秒）")


def _seconds(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0 or value == float("inf"):
        return None
    return float(value)


def from_profile(profile: Profile) -> float:
    """The profile's limit (or the default); a bad value names `tick.hook_timeout`."""
    params = profile.params(SECTION)
    raw = params.get(KEY, DEFAULT)
    seconds = _seconds(raw)
    if seconds is None:
        raise ProfileError(f"配置文件 {profile.origin} 参数 {SECTION}.{KEY} 应为非负秒数（0 表示不限时），实为 {raw!r}")
    return seconds


def configured(profile: Profile) -> float:
    """The limit in force: the environment's, else the profile's, else the default."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return from_profile(profile)
    try:
        seconds = _seconds(float(raw))
    except ValueError:
        seconds = None
    if seconds is None:
        raise InputError(ENV, f"应为非负秒数（0 表示不限时），实为 {raw!r}")
    return seconds


def _available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


_active = False  # a limited call inside another (a job building a report calls hooks) keeps the outer timer


@contextlib.contextmanager
def limited(plugin: str, seconds: float | None, hung: set[str]) -> Iterator[None]:
    """A time-limited call of `plugin`, skipped once the plugin has hung in this run: a gateway that is down
    costs the tick one time limit, not one per item (the skipped calls are failures, retried next tick)."""
    if plugin in hung:
        raise HookTimeout(seconds or 0, skipped=True)
    try:
        with time_limit(seconds):
            yield
    except HookTimeout:
        hung.add(plugin)
        raise


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise HookTimeout in the block after `seconds`; no limit for None or 0, off the main thread, or nested."""
    global _active
    if not seconds or _active or not _available():
        yield
        return

    def expired(signum, frame):
        raise HookTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    _active = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _active = False
