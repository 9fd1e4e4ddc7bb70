"""One transaction over several homes' schemas in the same PostgreSQL database (kernel/network: a matter handed
down is saved in the upper's and the lower's registers at once, or in neither)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from psycopg.conninfo import conninfo_to_dict

from ..errors import StoreError
from ..outcome import mark_saved
from .pg_store import PgStore, PgTx


@contextlib.contextmanager
def joint_transaction(stores: list[PgStore]) -> Iterator[list[PgTx]]:
    """A writing transaction per store, all on one connection, committed together. Each home's meta row is
    locked as its own writers lock it, in schema order, so two joint writers never wait on each other in a
    circle; a single-home writer takes one lock and so cannot close a circle either."""
    first = stores[0]
    if any(_database(store.url) != _database(first.url) for store in stores):
        raise StoreError("这些单位的数据不在同一个 PostgreSQL 数据库中，不能在一次操作中同时写入")
    with first._errors(), first._connect() as conn:
        txs: dict[str, PgTx] = {}
        for store in sorted(stores, key=lambda s: s.schema):
            txs[store.schema] = PgTx(store, conn, writable=True, meta=store._read_meta(conn, store.sql["meta_locked"]))
        yield [txs[store.schema] for store in stores]
        for tx in txs.values():
            tx.flush()
        conn.commit()
        if any(tx.wrote for tx in txs.values()):
            mark_saved()


def _database(url: str) -> dict:
    """Where a URL connects, whoever connects: each organisation may use its own role (network grant), and the
    joint transaction runs on the first store's connection, whose role may write its direct child's schema."""
    return {k: v for k, v in conninfo_to_dict(url).items() if k not in ("user", "password", "passfile")}
