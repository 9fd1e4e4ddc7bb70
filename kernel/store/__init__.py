"""Storage behind a small interface: `transaction()` for atomic locked writes, `reader()` for reads."""

from .tinydb_store import TinyStore, Tx

__all__ = ["TinyStore", "Tx"]
