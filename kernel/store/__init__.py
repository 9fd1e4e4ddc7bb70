"""Storage behind a small typed interface (protocol.py): `transaction()` for atomic locked writes, `reader()`
for reads, each giving a `Tx`.

`open_store(home)` picks the home's backend: TinyStore (files opened through TinyDB) or PgStore (PostgreSQL,
named by store.toml).
"""

from .factory import open_store
from .protocol import Doc, Store, Tx
from .tinydb_store import TinyStore

__all__ = ["Doc", "Store", "TinyStore", "Tx", "open_store"]
