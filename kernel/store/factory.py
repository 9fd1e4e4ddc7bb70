"""Which store a data home uses: its `store.toml` names a PostgreSQL database, otherwise the TinyDB file.

The data home stays a folder in every case: the profile, holidays, reports and backups live there; only the
data move to the server. `store.toml` holds `url` and `schema`; keep a password out of it (use ~/.pgpass or
PGPASSWORD) — the file is written with mode 0600 all the same, and no message ever prints a password.
"""

from __future__ import annotations

import re
import secrets
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError, StoreError
from .atomic import atomic_write
from .tinydb_store import TinyStore

STORE_FILE = "store.toml"
SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def open_store(home: Path) -> Any:
    """The store of `home`: PgStore when `store.toml` is there, else TinyStore."""
    home = Path(home)
    path = home / STORE_FILE
    if not path.exists():
        return TinyStore(home)
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"存储配置 {path} 无法读取：{exc}") from None
    url, schema = config.get("url"), config.get("schema")
    if not isinstance(url, str) or not isinstance(schema, str):
        raise StoreError(f"存储配置 {path} 缺少 url 或 schema")
    return pg_store(home, url, schema)


def store_config(home: Path) -> dict[str, Any]:
    """The home's store.toml as a dict ({} for a home on the file store)."""
    path = Path(home) / STORE_FILE
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"存储配置 {path} 无法读取：{exc}") from None


def pg_store(home: Path, url: str, schema: str):
    """A PgStore; the driver is an optional extra, so its absence is said in one line."""
    try:
        from .pg_store import PgStore
    except ImportError:
        raise StoreError("使用 PostgreSQL 需要安装 psycopg：pip install 'lianluo[pg]'") from None
    return PgStore(home, url, schema)


def check_url(url: str, field: str) -> str:
    """A postgresql:// URL, or an InputError naming `field` (the URL is echoed without its password)."""
    parts = urlsplit(url)
    try:
        parts.port  # raises on a port that is not a number
    except ValueError:
        raise InputError(field, f"{masked_url(url)} 的端口不是数字") from None
    if parts.scheme not in ("postgresql", "postgres"):
        raise InputError(field, f"{masked_url(url)} 不是 PostgreSQL 地址，应形如 postgresql://用户@主机/数据库")
    if not (parts.path.strip("/") or "dbname=" in parts.query):
        raise InputError(field, f"{masked_url(url)} 没有指明数据库名，应形如 postgresql://用户@主机/数据库")
    return url


def check_schema(schema: str, field: str = "--schema") -> str:
    if not SCHEMA_NAME.fullmatch(schema):
        raise InputError(field, f"schema 名称 {schema!r} 无效：只能用小写字母、数字和下划线，且不以数字开头，至多 63 个字符")
    return schema


def new_schema(home: Path) -> str:
    """A schema name for a new home: readable (the folder's name) and unique (a random suffix)."""
    stem = re.sub(r"[^a-z0-9_]+", "_", Path(home).resolve().name.lower()).strip("_")[:40] or "home"
    return f"lianluo_{stem}_{secrets.token_hex(4)}"


def save_store_config(home: Path, url: str, schema: str, network: str | None = None) -> None:
    """Point the home at its PostgreSQL schema (written last, once the data are there), and at the network
    registry it has joined, if any (kernel/network)."""
    text = f"# lianluo：本数据目录的数据存放在 PostgreSQL\nurl = {_toml_string(url)}\nschema = {_toml_string(schema)}\n"
    if network:
        text += f"network = {_toml_string(network)}\n"
    atomic_write(Path(home) / STORE_FILE, text.encode("utf-8"))


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def masked_url(url: str) -> str:
    """The URL with its password (in the user part or a `password=` parameter) replaced by ***."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            netloc = f"{userinfo.split(':', 1)[0]}:***@{host}"
    return re.sub(r"([?&]password=)[^&#]*", r"\1***", url.replace(parts.netloc, netloc, 1) if netloc else url)
