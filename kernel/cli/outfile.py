"""Every file a command writes at a path the clerk chose (`report --out`, `item letter --out`, `backup --out`,
`deputy template`) goes through one check and one writer, so none of them can overwrite the data home's files,
replace a file unasked, hang on a FIFO or write to a device, or leave a half-written file behind."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from ..errors import InputError
from ..outcome import mark_saved
from ..paths import BAD_PATH
from ..store.atomic import render_new, sweep_dead_temps

# The data home's own files: the manifest and its copies (lianluo.json*), the segments (data/), the lock and the
# program's temp files (.lianluo*), where the data live (store.toml), who shares them (access.toml), the
# configuration and the home's own plugins (plugins/).
DATA_NAMES = ("data", "store.toml", "profile.toml", "holidays.toml", "access.toml", "plugins")
DATA_PREFIXES = ("lianluo.json", ".lianluo")


def in_data_files(path: Path, home: Path) -> bool:
    """Whether `path` (after following symbolic links) is one of the home's data files or inside one."""
    try:
        relative = path.resolve().relative_to(home.resolve())
    except ValueError:
        return False
    first = relative.parts[0] if relative.parts else ""
    return not first or first in DATA_NAMES or first.startswith(DATA_PREFIXES)


def check_out(path: Path, field: str, home: Path | None, force: bool | None = None) -> Path:
    """`path` if a new file may be written there; else InputError naming `field` and why. An existing regular
    file is replaced only with `force` (None: the command has no --force); a device, FIFO or folder, and the
    home's data files, never."""
    if not str(path).strip() or str(path) in (".", ".."):
        raise InputError(field, "路径为空")
    with _lookup(field):
        _outside_data(path, field, home)  # first: --force must never be offered for the home's own files
        if path.exists() or path.is_symlink():
            if not path.is_file():
                raise InputError(field, f"{path} 不是普通文件（文件夹、设备或管道），不能写入")
            if force is None:
                named = "文件" if field == str(path) else f"{path} "
                raise InputError(field, f"{named}已存在，不会覆盖；请换一个文件名")
            if not force:
                raise InputError(field, f"{path} 已存在，不会覆盖（确需覆盖请加 --force）")
    return check_folder(path, field, home)


def check_folder(path: Path, field: str, home: Path | None) -> Path:
    """A file or folder to write (a folder is made if missing): outside the home's data files, its parent
    an existing folder."""
    with _lookup(field):
        _outside_data(path, field, home)
        if not path.parent.is_dir():
            raise InputError(field, f"目录 {path.parent} 不存在")
    return path


def _outside_data(path: Path, field: str, home: Path | None) -> None:
    if home is not None and in_data_files(path, home):
        raise InputError(field, f"{path} 是数据目录 {home} 的数据文件，不能写入（请换一个位置）")


@contextlib.contextmanager
def _lookup(field: str) -> Iterator[None]:
    """A name the OS cannot look up (5,000 characters, a NUL byte) is bad input naming the field."""
    try:
        yield
    except (OSError, ValueError):
        raise InputError(field, BAD_PATH) from None


def save(path: Path, render: Callable[[Path], None], replace: bool = False, renumber: bool = False,
         field: str = "--out") -> Path:
    """Render into a temp file beside `path`, then give it that name atomically (never over an existing file
    unless `replace`; with `renumber` the next free numbered name). A failure leaves no file. Temp files that
    a killed run left in that folder are deleted first, and said so. Returns the name written."""
    sweep_notice(path.parent)
    try:
        written = render_new(path, render, replace=replace, renumber=renumber)
    except FileExistsError:
        raise InputError(field, f"{path} 已存在，不会覆盖（确需覆盖请加 --force）") from None
    mark_saved()
    return written


def sweep_notice(folder: Path) -> None:
    """Delete (and say so) the temp files a killed run left in `folder`."""
    if folder.is_dir():
        for stale in sweep_dead_temps(folder):
            click.echo(f"提示：已删除上次中断时留下的临时文件 {stale}", err=True)
