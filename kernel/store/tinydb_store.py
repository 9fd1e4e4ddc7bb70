"""The embedded default store: one TinyDB JSON file in the data home, committed atomically under a lock.

TinyDB's stock JSONStorage rewrites the file in place, so a kill mid-write leaves it unloadable. Here the
storage keeps the data in memory for the length of a transaction and writes it once, atomically, at
commit; an exception before commit writes nothing. A file that is empty, truncated, foreign or newer than
this program is refused, never read as an empty database.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import filelock
from tinydb import Query, TinyDB
from tinydb.storages import Storage

from ..errors import BusyError, StoreError
from .atomic import atomic_write, remove_stale_temps

APP = "lianluo"
SCHEMA = 1
DATA_FILE = "lianluo.json"
META = "_meta"


def _load(path: Path) -> dict[str, Any]:
    """Read and check the data file; every refusal names the file and its backup."""
    backup = f"{path}.bak"
    hint = f"文件未作任何修改；上一次提交的备份为 {backup}（可用 lianluo restore 恢复）"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"数据目录 {path.parent} 尚未初始化（没有 {path.name}），请先运行 lianluo init") from None
    if not raw.strip():
        raise StoreError(f"数据文件 {path} 为空，可能已被截断；{hint}")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"数据文件 {path} 已损坏或被截断（{exc}）；{hint}") from None
    meta_table = data.get(META) if isinstance(data, dict) else None
    meta = meta_table.get("1") if isinstance(meta_table, dict) else None
    if not isinstance(meta, dict) or meta.get("app") != APP:
        raise StoreError(f"{path} 不是 lianluo 的数据文件；{hint}")
    if not isinstance(meta.get("schema"), int) or isinstance(meta["schema"], bool):
        raise StoreError(f"数据文件 {path} 的数据版本无效（{meta.get('schema')!r}）；{hint}")
    if meta["schema"] > SCHEMA:
        raise StoreError(
            f"数据文件 {path} 由更新版本的 lianluo 写入（数据版本 {meta.get('schema')}，本程序支持 {SCHEMA}）；"
            f"请升级 lianluo。{hint}"
        )
    for name, table in data.items():
        if not isinstance(table, dict) or not all((k.isascii() and k.isdigit()) and isinstance(v, dict) for k, v in table.items()):
            raise StoreError(f"数据文件 {path} 的表 {name} 结构损坏；{hint}")
    return data


class MemoryStorage(Storage):
    """TinyDB storage over a dict already loaded and checked; `write` only marks it dirty."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


class Tx:
    """A unit of work over the tables. Reads see the transaction's own writes; nothing is durable
    until the enclosing `transaction()` block ends without an exception."""

    def __init__(self, data: dict[str, Any], writable: bool):
        self.writable = writable
        self.db = TinyDB(storage=MemoryStorage, data=data)

    # --- meta -------------------------------------------------------------------------------
    @property
    def meta(self) -> dict[str, Any]:
        return dict(self.db.table(META).get(doc_id=1) or {})

    def set_meta(self, **values: Any) -> None:
        self._write(META, 1, {**self.meta, **values})

    def _write(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Put one document straight into the in-memory tables: O(1), where TinyDB's own upsert rebuilds the
        whole table on every call (quadratic for an import or a tick). Reads still go through TinyDB."""
        self._check_writable()
        storage = self.db.storage
        storage.data.setdefault(table, {})[str(doc_id)] = doc
        storage.dirty = True
        self.db.table(table).clear_cache()

    def next_id(self, table: str) -> int:
        """A fresh id for the table; ids are never reused, even after a delete."""
        counters = dict(self.meta.get("counters", {}))
        counters[table] = counters.get(table, 0) + 1
        self.set_meta(counters=counters)
        return counters[table]

    # --- tables -----------------------------------------------------------------------------
    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        doc = self.db.table(table).get(doc_id=int(doc_id))
        return dict(doc) if doc is not None else None

    def all(self, table: str) -> list[dict[str, Any]]:
        return [dict(d) for d in self.db.table(table).all()]

    def find(self, table: str, **equals: Any) -> list[dict[str, Any]]:
        q = Query()
        cond = None
        for key, value in equals.items():
            part = q[key] == value
            cond = part if cond is None else cond & part
        docs = self.db.table(table).search(cond) if cond is not None else self.db.table(table).all()
        return [dict(d) for d in docs]

    def due(self, table: str, until: str) -> list[dict[str, Any]]:
        """Docs whose `next_check` (ISO date) is on or before `until`: the tick's open-clock index."""
        q = Query()
        return [dict(d) for d in self.db.table(table).search(q.next_check.test(lambda v: v is not None and v <= until))]

    def insert(self, table: str, doc: dict[str, Any]) -> int:
        """Insert with a fresh id (stored as the doc's `id` too) and return it."""
        self._check_writable()
        doc_id = self.next_id(table)
        self._write(table, doc_id, {**doc, "id": doc_id})
        return doc_id

    def put(self, table: str, doc: dict[str, Any]) -> None:
        """Replace the doc with the same `id`."""
        self._write(table, int(doc["id"]), dict(doc))

    def count(self, table: str) -> int:
        return len(self.db.table(table))

    def _check_writable(self) -> None:
        if not self.writable:
            raise StoreError("只读事务不能写入")  # a programming error, named plainly


class TinyStore:
    """The data home's store: `transaction()` for writes (locked, atomic), `reader()` for reads."""

    def __init__(self, home: Path, lock_timeout: float | None = None):
        self.home = Path(home)
        self.path = self.home / DATA_FILE
        self.backup = self.home / f"{DATA_FILE}.bak"
        if lock_timeout is None:
            lock_timeout = float(os.environ.get("LIANLUO_LOCK_TIMEOUT", "30"))
        self.lock = filelock.FileLock(str(self.home / ".lianluo.lock"), timeout=lock_timeout, mode=0o600)

    def exists(self) -> bool:
        return self.path.exists()

    def create(self, meta: dict[str, Any]) -> None:
        """Write a new, empty data file; refuses to overwrite an existing one."""
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self._locked():
            if self.path.exists():
                raise StoreError(f"{self.path} 已存在，不会覆盖；如需重新开始，请换一个数据目录")
            data = {META: {"1": {"app": APP, "schema": SCHEMA, "counters": {}, **meta}}}
            atomic_write(self.path, self._encode(data))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._locked():
            remove_stale_temps(self.home, DATA_FILE)
            tx = Tx(_load(self.path), writable=True)
            yield tx
            if tx.db.storage.dirty:
                atomic_write(self.path, self._encode(tx.db.storage.data), backup=self.backup)

    def backup_to(self, target: Path) -> Path:
        """Copy the current committed data, checked, to `target` atomically."""
        with self._locked():
            data = _load(self.path)
            atomic_write(Path(target), self._encode(data))
        return Path(target)

    def restore_from(self, source: Path, keep_as: Path) -> None:
        """Replace the data file by a checked copy of `source`; the file replaced is kept as `keep_as`."""
        data = _load(Path(source))
        with self._locked():
            if self.path.exists():  # a second name for the file being replaced: it is never without a name
                os.link(self.path, keep_as)
            atomic_write(self.path, self._encode(data))

    @contextlib.contextmanager
    def reader(self) -> Iterator[Tx]:
        yield Tx(_load(self.path), writable=False)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.lock.acquire()
        except filelock.Timeout:
            raise BusyError(
                f"数据目录 {self.home} 正被另一个 lianluo 进程使用（等待 {self.lock.timeout:g} 秒仍未释放），请稍后重试"
            ) from None
        try:
            yield
        finally:
            self.lock.release()

    @staticmethod
    def _encode(data: dict[str, Any]) -> bytes:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
