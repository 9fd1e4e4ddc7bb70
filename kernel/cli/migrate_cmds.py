"""`lianluo migrate --to postgresql://…`: move a TinyDB home's data to PostgreSQL without loss."""

from __future__ import annotations

import contextlib
import tomllib
from pathlib import Path

import click

from ..errors import RefusedError, StoreError
from ..store.atomic import atomic_write
from ..store.factory import (STORE_FILE, _toml_string, check_schema, check_url, new_schema, open_store, pg_store,
                             save_store_config)
from ..store.tinydb_store import TinyStore
from .common import Root, emit, json_option, pass_root
from .roster_cmds import _progress as progress  # the same terminal-only bar as a roster import


@click.command(name="migrate")
@click.option("--to", "url", required=True, help="目标 PostgreSQL：postgresql://用户@主机/数据库")
@click.option("--schema", help="目标 schema，默认按目录名新建一个；已有数据的 schema 不会被覆盖")
@json_option
@pass_root
def migrate(root: Root, url: str, schema: str | None, json_: bool) -> None:
    """把本数据目录的 TinyDB 数据迁移到 PostgreSQL：逐条复制（编号和计数器不变），核对无误后改用数据库。"""
    check_url(url, "--to")
    if schema is not None:
        check_schema(schema)
    if (root.home / STORE_FILE).exists():
        raise RefusedError(f"数据目录 {root.home} 已使用 PostgreSQL（见 {root.home / STORE_FILE}），无需迁移")
    source = open_store(root.home)
    if not isinstance(source, TinyStore) or not source.exists():
        raise StoreError(f"数据目录 {root.home} 尚未初始化（没有 TinyDB 数据文件），无可迁移")
    target = pg_store(root.home, url, schema or new_schema(root.home))
    with source.transaction():  # holds the home's lock: no clerk writes to the file while it is copied
        data = source.dump()  # in memory: a temp copy of every record would outlive a kill
        _drop_orphan(root.home, data)
        rows = sum(len(table) for table in data.values())
        _note_pending(root.home, url, target.schema)
        try:
            with progress(rows, rows, "迁移数据") as bar:
                target.load(data, progress=bar.update)  # all or nothing: when it raises, nothing is there
        except Exception:
            (root.home / PENDING).unlink()
            raise
        _verify(target, data)
        save_store_config(root.home, url, target.schema)
        (root.home / PENDING).unlink()
    counts = {name: len(table) for name, table in sorted(data.items()) if not name.startswith("_")}
    emit(json_, {"store": target.where, "schema": target.schema, "counts": counts, "kept": str(source.path)},
         [f"已迁移到 PostgreSQL {target.where}：" + ("，".join(f"{k} {v} 条" for k, v in counts.items()) or "尚无记录"),
          "核对无误（逐条指纹一致），本数据目录此后使用数据库",
          f"原 TinyDB 数据文件保留在 {source.path}，不再使用"])


# Names the schema a migration is filling until store.toml points at it: a migrate killed in between leaves
# a full copy of the personal data on the server, which the next `migrate` drops (and says so).
PENDING = ".lianluo-migrating.toml"


def _note_pending(home: Path, url: str, schema: str) -> None:
    atomic_write(home / PENDING, f"url = {_toml_string(url)}\nschema = {_toml_string(schema)}\n".encode())


def _drop_orphan(home: Path, data: dict) -> None:
    """Drop the schema an interrupted migration of this home filled, if it holds this home's copy (its meta
    row was created with the home's); a schema holding anything else is left alone and named."""
    path = home / PENDING
    if not path.exists():
        return
    try:
        pending = tomllib.loads(path.read_text(encoding="utf-8"))
        orphan = pg_store(home, pending["url"], pending["schema"])
    except (OSError, ValueError, KeyError, TypeError, StoreError):
        path.unlink()
        return
    with contextlib.suppress(StoreError):  # a schema that is not there (killed before its commit): nothing to drop
        meta = orphan.dump().get("_meta", {}).get("1", {})
        if meta.get("created") != data["_meta"]["1"].get("created"):
            click.echo(f"提示：上次中断的迁移指向的 {orphan.where} 不是本数据目录的副本，未删除", err=True)
        else:
            orphan.drop()
            click.echo(f"提示：已删除上次中断的迁移在 {orphan.where} 留下的副本（数据仍在本数据目录）", err=True)
    path.unlink()


def _verify(target, data: dict) -> None:
    """The copy must hold the same documents, byte for byte in canonical form; otherwise it is dropped."""
    from ..store.pg_store import digest_rows, sorted_rows

    if target.fingerprint() != digest_rows(sorted_rows(data)):
        target.drop()
        raise StoreError(f"迁移后核对不一致，已删除 {target.where} 中的副本；数据目录仍使用 TinyDB，未作任何修改")


COMMANDS = (migrate,)
