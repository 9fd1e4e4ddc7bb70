"""Atomic file replacement: a reader sees the old file or the new one, never a torn one.

Temp file in the same folder, fsync, hard-link the old file to the backup, `os.replace`, fsync the folder.
`write_new` never replaces anything: the finished temp file is hard-linked to a name no file holds (the
O_EXCL of a rename). Its temp files carry the writer's process id, so a later run can tell a killed writer's
leftover (a full copy of the data, hidden) from a live writer's and delete it (`sweep_dead_temps`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .modes import fit

TEMP_PREFIX = ".lianluo-tmp."  # + "<pid>.<random>.tmp"


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, backup: Path | None = None) -> None:
    """Write `data` to `path` atomically; the previous content, if any, becomes `backup`."""
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)  # mode 0600
    try:
        fit(fd, folder)  # 0660 in a shared home (modes.py)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup is not None and path.exists():
            link = backup.with_name(backup.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                os.unlink(link)
            os.link(path, link)
            os.replace(link, backup)
        os.replace(tmp, path)
        fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def remove_stale_temps(folder: Path, name: str) -> int:
    """Delete temp files a killed writer left behind; they never hold committed data."""
    removed = 0
    for stale in folder.glob(f".{name}.*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
            removed += 1
    return removed


def new_temp(folder: Path) -> Path:
    """An empty temp file in `folder` (0600; 0660 in a shared home), named with this process's id."""
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}.", suffix=".tmp", dir=folder)
    try:
        fit(fd, folder)
    finally:
        os.close(fd)
    return Path(tmp)


def numbered(path: Path) -> Iterator[Path]:
    """`path`, then `stem-2.suffix`, `stem-3.suffix`, …"""
    yield path
    n = 2
    while True:
        yield path.with_name(f"{path.stem}-{n}{path.suffix}" if path.suffix else f"{path.name}-{n}")
        n += 1


def publish(tmp: Path, path: Path, replace: bool = False, renumber: bool = False) -> Path:
    """Give a finished temp file its name, atomically; returns the name. Unless `replace`, a name some file
    already holds is never taken: FileExistsError, or with `renumber` the next free numbered name."""
    try:
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            for candidate in numbered(path) if renumber else (path,):
                try:
                    os.link(tmp, candidate)
                except FileExistsError:
                    if not renumber:
                        raise
                    continue
                path = candidate
                break
        fsync_dir(path.parent)
        return path
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def render_new(path: Path, render: Callable[[Path], None], replace: bool = False, renumber: bool = False) -> Path:
    """Let `render` write a temp file beside `path`, then `publish` it: a failure (a full disk mid-write, a bug in
    the renderer) leaves no file, never a truncated one. Returns the name written."""
    tmp = new_temp(Path(path).parent)
    try:
        render(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return publish(tmp, Path(path), replace=replace, renumber=renumber)


def write_new(path: Path, data: bytes, renumber: bool = True) -> Path:
    """Write `data` as a new file at `path` (or, with `renumber`, the next free numbered name); returns it."""
    return render_new(path, lambda tmp: tmp.write_bytes(data), renumber=renumber)


def sweep_dead_temps(folder: Path) -> list[Path]:
    """Delete the temp files of writers that no longer run (killed mid-write); returns what was deleted."""
    removed = []
    for stale in Path(folder).glob(f"{TEMP_PREFIX}*.tmp"):
        pid = stale.name[len(TEMP_PREFIX):].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
                removed.append(stale)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
