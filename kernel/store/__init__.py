"""Storage behind a small interface: `transaction()` for atomic locked writes, `reader()` for reads.

`open_store(home)` picks the home's backend: TinyStore (the file) or PgStore (PostgreSQL, named by store.toml).
"""

from .factory import open_store
from .tinydb_store import TinyStore, Tx

__all__ = ["TinyStore", "Tx", "open_store"]
