"""Backup and restore of the data home's data file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errors import BusyError, InputError, StoreError
from ..outcome import mark_saved
from ..paths import probe
from ..store.factory import open_store
from ..store.modes import make_dir
from .common import PathType, Root, emit, json_option, pass_root
from .outfile import check_out, sweep_notice

MAX_BACKUP_BYTES = 4 << 30  # a backup larger than 4 GiB is not one this program wrote (100,000 items: ~0.3 GiB)


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


@click.command(name="backup")
@click.option("--out", type=PathType(dir_okay=False, path_type=Path), help="备份文件路径，默认在数据目录的 backups/ 下")
@json_option
@pass_root
def backup(root: Root, out: Path | None, json_: bool) -> None:
    """备份数据文件（先校验，再原子写出；不覆盖已有文件）。"""
    store = open_store(root.home)
    if out is not None:
        check_out(out, "--out", root.home)
    if not store.exists():
        raise StoreError(f"数据目录 {root.home} 尚未初始化（没有 lianluo.json），请先运行 lianluo init")
    if out is None:
        folder = root.home / "backups"
        make_dir(folder)
        out = folder / f"lianluo-{_stamp()}.json"
    sweep_notice(out.parent)
    try:
        out = store.backup_to(out, renumber=out.parent == root.home / "backups")  # two in one second: -2
    except FileExistsError:
        raise InputError("--out", f"{out} 已存在，不会覆盖") from None
    mark_saved()
    emit(json_, {"backup": str(out)}, f"已备份到 {out}")


@click.command(name="restore")
@click.argument("source", required=False, type=PathType(dir_okay=False, path_type=Path))
@json_option
@pass_root
def restore(root: Root, source: Path | None, json_: bool) -> None:
    """从备份恢复数据文件；默认用上一次提交时的备份 lianluo.json.bak。被替换的文件另存，不会删除、不会覆盖。"""
    store = open_store(root.home)
    if not root.home.is_dir():
        raise StoreError(f"数据目录 {root.home} 不存在")
    source = source or store.backup
    _check_source(source)
    try:
        kept = store.restore_from(source, root.home / f"lianluo.json.replaced-{_stamp()}")
    except BusyError:
        raise  # the home is busy, not the backup at fault
    except StoreError as exc:
        raise StoreError(f"备份不能使用：{exc}") from None
    emit(json_, {"restored": str(source), "replaced": str(kept) if kept else None},
         [f"已从 {source} 恢复", *([f"原数据文件另存为 {kept}"] if kept else [])])


def _check_source(source: Path) -> None:
    """A regular file of a backup's size: a device (/dev/zero) or a FIFO would be read forever."""
    found = probe(source, "SOURCE")
    if found == "missing":
        raise InputError("SOURCE", f"备份文件 {source} 不存在")
    if found != "file":
        raise InputError("SOURCE", f"{source} 不是普通文件（文件夹、设备或管道），不能用于恢复")
    if source.stat().st_size > MAX_BACKUP_BYTES:
        raise InputError("SOURCE", f"{source} 大于 {MAX_BACKUP_BYTES >> 30} GiB，不是 lianluo 的备份文件")


COMMANDS = (backup, restore)
