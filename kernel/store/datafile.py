"""Reading and checking lianluo's JSON files: the manifest, a segment, an index, a whole-home backup.

A file that is empty, truncated, garbage, foreign or newer than this program is refused with one sentence
naming the file and the backup to restore from; it is never read as an empty database, and never touched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import StoreError

APP = "lianluo"
META = "_meta"
SCHEMA = 1  # one file holding every table: a backup, a home written before segments, a PostgreSQL home's meta
LAYOUT_SCHEMA = 3  # a manifest naming segment files (segments.py); 3: a segment may hold its report facts
# (an entry with "fb"), which a program that reads 2 would take for a foreign file


def hint(backup: Path | str) -> str:
    return f"文件未作任何修改；上一次提交的备份为 {backup}（可用 lianluo restore 恢复）"


def read_json(path: Path, backup: Path | str, size: int | None = None,
              cut: Callable[[bytes], bytes] | None = None) -> Any:
    """The parsed file, or a part of it: its first `size` bytes, and of those (or of all) what `cut` keeps
    (ValueError: they are not what was written there); FileNotFoundError is left to the caller, who knows
    what a missing file means."""
    if size is None:
        raw = path.read_bytes()
    else:
        with open(path, "rb") as handle:
            raw = handle.read(size)
    if cut is not None:
        try:
            raw = cut(raw)
        except ValueError as exc:
            raise StoreError(f"数据文件 {path} 已损坏或被截断（{exc}）；{hint(backup)}") from None
    if not raw.strip():
        raise StoreError(f"数据文件 {path} 为空，可能已被截断；{hint(backup)}")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"数据文件 {path} 已损坏或被截断（{exc}）；{hint(backup)}") from None
    except RecursionError:  # 100,000 nested brackets: no lianluo file nests more than a few levels
        raise StoreError(f"数据文件 {path} 嵌套层数过深，不是 lianluo 的数据文件；{hint(backup)}") from None


def broken_table(path: Path, name: str, backup: Path | str) -> StoreError:
    return StoreError(f"数据文件 {path} 的表 {name} 结构损坏；{hint(backup)}")


def check_table(path: Path, name: str, table: Any, backup: Path | str) -> dict[str, dict[str, Any]]:
    """A TinyDB table: {"<digits>": {document}}."""
    if not isinstance(table, dict) or not all(
            k.isascii() and k.isdigit() and isinstance(v, dict) for k, v in table.items()):
        raise broken_table(path, name, backup)
    return table


def check_home_file(path: Path, data: Any, backup: Path | str) -> dict[str, Any]:
    """A lianluo file with a meta row (a manifest or a whole-home file): returns its meta document."""
    meta_table = data.get(META) if isinstance(data, dict) else None
    meta = meta_table.get("1") if isinstance(meta_table, dict) else None
    if not isinstance(meta, dict) or meta.get("app") != APP:
        raise StoreError(f"{path} 不是 lianluo 的数据文件；{hint(backup)}")
    if not isinstance(meta.get("schema"), int) or isinstance(meta["schema"], bool):
        raise StoreError(f"数据文件 {path} 的数据版本无效（{meta.get('schema')!r}）；{hint(backup)}")
    if meta["schema"] > LAYOUT_SCHEMA:
        raise StoreError(
            f"数据文件 {path} 由更新版本的 lianluo 写入（数据版本 {meta.get('schema')}，本程序支持 {LAYOUT_SCHEMA}）；"
            f"请升级 lianluo。{hint(backup)}"
        )
    for name, table in data.items():
        check_table(path, name, table, backup)
    return meta


def encode(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
