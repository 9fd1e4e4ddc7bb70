"""The server store: a data home's tables in one PostgreSQL schema, for many clerks and the tick at once.

Layout: one table per home, `docs(tbl, id, doc jsonb, next_check)`, rather than one SQL table per lianluo
table. Plugins name their tables freely at run time (`tx.insert("activities", …)`); one table means no DDL
inside a clerk's transaction, no catalogue growth per plugin, and a whole home moves, backs up or
fingerprints with one ordered scan. `next_check` is a stored column generated from the document, so no
caller can forget to keep it in step, and the partial index on `(tbl, next_check)` lets the tick read only
what is due. The meta document (counters, last tick) is the row `('_meta', 1)`, as in the TinyDB file.

Concurrency: every kernel transaction is a read-modify-write block of Python code (`with
store.transaction() as tx:`), which cannot be replayed after a serialization failure. So a writing
transaction first takes the meta row `FOR UPDATE`: writers of one home take turns (the counters live in that
row, so ids can never be handed out twice), readers never wait (a repeatable-read snapshot), other homes on
the same server are not affected, and a crashed writer's lock dies with its connection. A writer that waits
longer than LIANLUO_LOCK_TIMEOUT gets BusyError.

Writes are buffered in the transaction and sent in one pipelined batch before the next query or the commit,
so a tick that touches thousands of documents costs one round trip per batch, not one per document.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import errors as pgerrors
from psycopg import pq
from psycopg import sql
from psycopg.types.json import Jsonb

from ..errors import BusyError, StoreError
from ..outcome import mark_saved
from .locking import lock_timeout as default_lock_timeout
from .atomic import write_new
from .filecache import _limit as _read_cache_limit
from .base import MetaTx
from . import pg_counts
from ..facts import FACTS_TABLES, FACTS_VERSION, FIELDS, Selection, from_documents, packed as pack, project, projected
from ..item_query import RUNNING
from .factory import SCHEMA_NAME, masked_url
from .tinydb_store import APP, META, SCHEMA, TinyStore, _load
from .validate import check_meta

BATCH = 1000
COPY_FROM = 100  # rows; below this a pipelined INSERT per row is quicker than setting up a COPY


def digest_rows(rows: Iterable[tuple[str, int, dict[str, Any]]]) -> bytes:
    """A stable digest of (table, id, doc) rows given in (table, id) order: the same data, the same bytes,
    whichever store holds it (key order and whitespace do not count)."""
    digest = hashlib.sha256()
    for table, doc_id, doc in rows:
        digest.update(json.dumps([table, int(doc_id), doc], sort_keys=True, ensure_ascii=False,
                                 separators=(",", ":")).encode("utf-8"))
        digest.update(b"\n")
    return digest.digest()


def sorted_rows(data: dict[str, dict[str, dict[str, Any]]]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """The rows of a whole-home dict ({table: {id: doc}}, the backup file's shape) in digest order."""
    for table in sorted(data):
        for doc_id in sorted(data[table], key=int):
            yield table, int(doc_id), data[table][doc_id]


_IDLE: dict[tuple[int, str], list[psycopg.Connection]] = {}
_IDLE_LOCK = threading.Lock()  # the web server's threads share the idle connections
KEEP_IDLE = 8  # per process and server: a command uses one or two; `lianluo serve` one per busy thread


def _idle_connection(url: str) -> psycopg.Connection | None:
    """A connection this process opened earlier and left idle (never one inherited across a fork)."""
    while True:
        with _IDLE_LOCK:  # two threads must not take the same connection, nor pop an emptied list
            idle = _IDLE.get((os.getpid(), url), [])
            if not idle:
                return None
            conn = idle.pop()
        if not conn.closed and conn.info.transaction_status == pq.TransactionStatus.IDLE:
            return conn
        conn.close()


def _keep_idle(url: str, conn: psycopg.Connection) -> bool:
    if conn.closed or conn.info.transaction_status != pq.TransactionStatus.IDLE:
        return False
    with _IDLE_LOCK:
        idle = _IDLE.setdefault((os.getpid(), url), [])
        if len(idle) >= KEEP_IDLE:
            return False
        idle.append(conn)
        return True


@atexit.register
def _close_idle() -> None:
    for idle in _IDLE.values():
        for conn in idle:
            conn.close()
    _IDLE.clear()


def _close_idle_before_fork() -> None:
    with _IDLE_LOCK:
        _close_idle()


if hasattr(os, "register_at_fork"):  # a forked process (`lianluo serve --workers`) must never share a connection:
    os.register_at_fork(before=_close_idle_before_fork)  # the parent's idle ones are closed first, not inherited


class DocCache:
    """Decoded documents a process's readers have fetched, {(url, schema, table): {id: (xmin, doc)}}: a long
    running process (`lianluo serve`) decodes each version of a document once, not at every page view. Keyed
    by the row version, so a change committed by any process (the CLI tick) is fetched again at the next read.
    Bounded like the file store's read cache (LIANLUO_READ_CACHE_MB, counted at 4 KB a document)."""

    def __init__(self) -> None:
        self.tables: dict[tuple[str, str, str], dict[int, tuple[str, dict[str, Any]]]] = {}
        self.locks: dict[tuple[str, str, str], threading.Lock] = {}
        self.lock = threading.Lock()
        # what a listing query answered (its ids and row versions), at the home's change count: the same count,
        # the same rows (every commit that writes documents counts one more, in its own transaction)
        self.listings: dict[tuple, tuple[int, list[tuple]]] = {}

    def listing(self, store: "PgStore", key: tuple, changes: int | None) -> list[tuple] | None:
        held = self.listings.get((store.url, store.schema, *key)) if changes is not None else None
        return held[1] if held is not None and held[0] == changes else None

    def keep_listing(self, store: "PgStore", key: tuple, changes: int | None, rows: list[tuple]) -> None:
        if changes is not None:
            self.listings[(store.url, store.schema, *key)] = (changes, rows)

    def table(self, store: "PgStore", table: str) -> dict[int, tuple[str, dict[str, Any]]]:
        with self.lock:
            return self.tables.setdefault((store.url, store.schema, table), {})

    def fetching(self, store: "PgStore", table: str) -> threading.Lock:
        with self.lock:
            return self.locks.setdefault((store.url, store.schema, table), threading.Lock())

    def trim(self, store: "PgStore", table: str) -> None:
        limit = _read_cache_limit() // 4096
        with self.lock:
            if sum(len(t) for t in self.tables.values()) > limit:
                self.tables.clear()
                self.listings.clear()


DOCS = DocCache()


class PgTx(MetaTx):
    """One unit of work over a home's tables (the `Tx` protocol, protocol.py).

    Reads see the transaction's own writes; nothing is visible to others until the enclosing
    `transaction()` block ends without an exception."""

    def __init__(self, store: "PgStore", conn: psycopg.Connection, writable: bool, meta: dict[str, Any],
                 changes: int | None = None):
        self.store = store
        self.conn = conn
        self.writable = writable
        self._meta = meta
        self.changes = changes  # a reader's snapshot of the home's change count (None: not kept by this home)
        self.meta_dirty = False
        self.wrote = False  # whether a commit of this transaction saves anything
        self.counters_checked: set[str] = set()
        self._pending: dict[tuple[str, int], dict[str, Any]] = {}
        # Docs already read by id: nobody else can change them under this transaction (writers take turns,
        # readers hold a snapshot), and the tick's hooks look up the same deputies and departments again and again.
        self._read: dict[tuple[str, int], dict[str, Any]] = {}

    # --- meta (base.py): a counter is checked when a transaction first takes an id from it --------
    def highest_id(self, table: str) -> int:
        return self._query(self.store.sql["highest"], (table,))[0][0]

    def damage_place(self) -> tuple[str, None]:
        return f"数据库 {self.store.where}", None

    # --- tables -----------------------------------------------------------------------------
    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        key = (table, int(doc_id))
        known = self._pending.get(key) or self._read.get(key)
        if known is not None:
            return dict(known)
        row = self._query(self.store.sql["get"], key, flush=False)
        if not row:
            return None
        self._read[key] = row[0][0]
        return dict(row[0][0])

    def all(self, table: str) -> list[dict[str, Any]]:
        if not self.writable:
            return self._versioned(table, "all_versions", (table,))
        return [r[0] for r in self._query(self.store.sql["all"], (table,))]

    def _versioned(self, table: str, versions: str, params: tuple) -> list[dict[str, Any]]:
        """A reader's documents through the process's cache of decoded documents (DOCS): the ids and row
        versions (`xmin`, the transaction that wrote the row, new at every change) of what the query selects —
        asked of the server only when the home's change count moved since this process last asked — then only
        the documents not cached at that version, in the same snapshot. Each is handed out as a copy of its top
        level (nothing nested may be changed: the cache shares it)."""
        rows = DOCS.listing(self.store, (versions, params), self.changes)
        if rows is None:
            rows = self._query(self.store.sql[versions], params)
            DOCS.keep_listing(self.store, (versions, params), self.changes, rows)
        cache = DOCS.table(self.store, table)
        found = self._held(cache, rows)
        if len(found) < len(rows):
            with DOCS.fetching(self.store, table):  # one thread fetches; the others then find most of it cached
                found = self._held(cache, rows)
                missing = [doc_id for doc_id, _ in rows if doc_id not in found]
                for start in range(0, len(missing), BATCH * 10):
                    chunk = missing[start:start + BATCH * 10]
                    for doc_id, version, doc in self._query(self.store.sql["by_ids"], (table, chunk)):
                        found[doc_id] = doc
                        cache[doc_id] = (version, doc)
            DOCS.trim(self.store, table)
        return [dict(found[doc_id]) for doc_id, _ in rows if doc_id in found]

    @staticmethod
    def _held(cache: dict[int, tuple[str, dict[str, Any]]], rows: list[tuple]) -> dict[int, dict[str, Any]]:
        """The cached documents at exactly the versions this snapshot sees."""
        found = {}
        for doc_id, version in rows:
            held = cache.get(doc_id)
            if held is not None and held[0] == version:
                found[doc_id] = held[1]
        return found

    def scan(self, table: str) -> Iterator[dict[str, Any]]:
        """The table's docs in id order (the file store's memory-saving read; here the same as `all`)."""
        yield from self.all(table)

    def find(self, table: str, **equals: Any) -> list[dict[str, Any]]:
        if not equals:
            return self.all(table)
        where = sql.SQL(" AND ").join(sql.SQL("doc -> {} = {}").format(sql.Literal(k), sql.Placeholder())
                                      for k in equals)
        query = sql.SQL("SELECT doc FROM {} WHERE tbl = %s AND {} ORDER BY id").format(self.store.docs, where)
        return [r[0] for r in self._query(query, (table, *(Jsonb(v) for v in equals.values())))]

    def due(self, table: str, until: str) -> list[dict[str, Any]]:
        """Docs whose `next_check` (ISO date) is on or before `until`, read through the index."""
        if not self.writable:
            return self._versioned(table, "due_versions", (table, until))
        return [r[0] for r in self._query(self.store.sql["due"], (table, until))]

    def insert(self, table: str, doc: dict[str, Any]) -> int:
        """Insert with a fresh id (stored as the doc's `id` too) and return it."""
        self._check_writable()
        doc_id = self.next_id(table)
        self._pending[(table, doc_id)] = {**doc, "id": doc_id}
        return doc_id

    def put(self, table: str, doc: dict[str, Any]) -> None:
        """Replace the doc with the same `id`."""
        self._check_writable()
        key = (table, int(doc["id"]))
        self._pending[key] = dict(doc)
        self._read.pop(key, None)
        if len(self._pending) >= BATCH:
            self.flush()

    def count(self, table: str) -> int:
        return self._query(self.store.sql["count"], (table,))[0][0]

    def facts(self, table: str, wanted: Selection = Selection(), packed: bool = False) -> list[Any]:
        """The report facts (kernel/facts.py) of the table's items that `wanted` selects, in id order, from
        the `facts` table through its indexes; projected from the documents while the facts are not current
        (a home older than them, before `lianluo reindex`)."""
        if from_documents() or table not in FACTS_TABLES or not self.store.facts_current(self.conn, self.writable):
            found = list(projected(self.all(table), wanted))
            return [pack(f) for f in found] if packed else found
        where, params = [], []
        if not wanted.everything:
            days = []
            if wanted.since is not None or wanted.until is not None:
                days.append("received BETWEEN %s AND %s")
                params += [wanted.since or "0001-01-01", wanted.until or "9999-12-31"]
            if wanted.sessions:
                days.append("session = ANY(%s)")
                params.append(sorted(wanted.sessions))
            if wanted.open:
                days.append("open")
            where.append("(" + " OR ".join(days) + ")")
        # one JSON text parsed once: a row's jsonb made a dict one by one costs more than the rows themselves; the
        # server joins the summaries' texts as they are (packing them there, json_build_array over each field,
        # cost the server twice as much as the whole parse of the keys it saves)
        query = sql.SQL("SELECT string_agg(fact::text, ',' ORDER BY id) FROM {} WHERE tbl = %s {}").format(
            self.store.facts, sql.SQL("".join(f" AND {w}" for w in where)))
        text = self._query(query, (table, *params))[0][0]
        found = json.loads(f"[{text}]") if text else []
        return [[f[key] for key in FIELDS] for f in found] if packed else found

    def count_facts(self, table: str, period, open_items: bool, sessions: frozenset[int], by: tuple[str, ...],
                    where: dict[str, frozenset]) -> dict[tuple, int] | None:
        """`ctx.facts.count` in SQL (kernel/store/pg_counts.py); None while the facts are not current."""
        if table not in FACTS_TABLES or not self.store.facts_current(self.conn, self.writable):
            return None
        if self.writable:
            self.flush()
        return pg_counts.count(self, self.store.facts, table, period, open_items, sessions, by, where)

    def fact_page(self, table: str, query, offset: int, limit: int) -> tuple[int, list[list[Any]]] | None:
        """`item_query.items_page` in SQL over the `facts` table: (the count, the page's packed summaries in id
        order) in one round trip; None while the facts are not current (the caller filters `facts`)."""
        if table not in FACTS_TABLES or not self.store.facts_current(self.conn, self.writable):
            return None
        where, params = [sql.SQL("tbl = %s")], [table]
        if query.running:
            where.append(sql.SQL("open AND (fact->>'next_check') COLLATE \"C\" <= %s"))
            params.append(RUNNING)
        for column, value in (("kind", query.kind), ("status", query.status), ("session", query.session)):
            if value is not None:
                where.append(sql.SQL("{} = %s").format(sql.Identifier(column)))
                params.append(value)
        if query.dept is not None:
            where.append(sql.SQL("(lead = %s OR fact->'co' @> %s)"))
            params += [query.dept, Jsonb([query.dept])]
        if query.deputy is not None:
            where.append(sql.SQL("fact->'deputies' @> %s"))
            params.append(Jsonb([query.deputy]))
        if query.channel is not None:
            where.append(sql.SQL("fact->>'channel' = %s"))
            params.append(query.channel)
        if query.overdue is not None:
            where.append(sql.SQL("open AND EXISTS (SELECT 1 FROM jsonb_array_elements(fact->'clocks') c "
                                 "WHERE c->>5 = 'open' AND (c->>4) COLLATE \"C\" < %s)"))
            params.append(query.overdue.isoformat())
        # the ids chosen (the whole summary is read only where a filter needs it), then the page's summaries
        chosen = sql.SQL(
            "WITH chosen AS (SELECT id FROM {facts} WHERE {where}) SELECT (SELECT count(*) FROM chosen), "
            "(SELECT coalesce(json_agg(json_build_array({fields}) ORDER BY f.id), '[]')::text FROM {facts} f "
            "JOIN (SELECT id FROM chosen ORDER BY id OFFSET %s LIMIT %s) page ON page.id = f.id WHERE f.tbl = %s)"
        ).format(facts=self.store.facts, where=sql.SQL(" AND ").join(where),
                 fields=sql.SQL(", ").join(sql.SQL("f.fact->{}").format(sql.Literal(key)) for key in FIELDS))
        total, rows = self._query(chosen, (*params, offset, limit, table))[0]
        return total, json.loads(rows)

    # --- sending ----------------------------------------------------------------------------
    def flush(self) -> None:
        """Send the buffered writes (and the meta row) in one batch."""
        rows = [(t, i, d) for (t, i), d in self._pending.items()]
        if self.meta_dirty:
            rows.append((META, 1, self._meta))
            self.meta_dirty = False
        self._pending.clear()
        self.wrote = self.wrote or bool(rows)
        self.store.upsert(self.conn, rows)

    def _query(self, query, params, flush: bool = True) -> list[tuple]:
        if flush and self.writable:
            self.flush()
        with self.conn.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall()

class PgStore:
    """A data home whose data live in schema `schema` of the PostgreSQL database at `url`."""

    def __init__(self, home: Path, url: str, schema: str, lock_timeout: float | None = None):
        if not SCHEMA_NAME.fullmatch(schema):
            raise StoreError(f"schema 名称 {schema!r} 无效：只能用小写字母、数字和下划线，且不以数字开头")
        self.home = Path(home)
        self.url = url
        self.schema = schema
        self.backup = self.home / "lianluo.json.bak"  # PostgreSQL keeps no per-commit copy; `backup` makes one
        if lock_timeout is None:
            lock_timeout = default_lock_timeout()
        self.lock_timeout = lock_timeout
        self.docs = docs = sql.Identifier(schema, "docs")
        self.facts = sql.Identifier(schema, "facts")
        self.facts_state = sql.Identifier(schema, "facts_state")
        self._facts_table = False  # known to exist (checked once per store, created by a writer if missing)
        self.changes = sql.Identifier(schema, "changes")
        self._changes_table = False  # the same for the change count
        self.sql = {
            "get": sql.SQL("SELECT doc FROM {} WHERE tbl = %s AND id = %s").format(docs),
            "all": sql.SQL("SELECT doc FROM {} WHERE tbl = %s ORDER BY id").format(docs),
            "due": sql.SQL("SELECT doc FROM {} WHERE tbl = %s AND next_check <= %s ORDER BY id").format(docs),
            "all_versions": sql.SQL("SELECT id, xmin::text FROM {} WHERE tbl = %s ORDER BY id").format(docs),
            "due_versions": sql.SQL("SELECT id, xmin::text FROM {} WHERE tbl = %s AND next_check <= %s "
                                    "ORDER BY id").format(docs),
            "by_ids": sql.SQL("SELECT id, xmin::text, doc FROM {} WHERE tbl = %s AND id = ANY(%s)").format(docs),
            "count": sql.SQL("SELECT count(*) FROM {} WHERE tbl = %s").format(docs),
            "highest": sql.SQL("SELECT coalesce(max(id), 0) FROM {} WHERE tbl = %s").format(docs),
            "rows": sql.SQL("SELECT tbl, id, doc FROM {} ORDER BY tbl, id").format(docs),
            "meta_locked": sql.SQL("SELECT doc FROM {} WHERE tbl = %s AND id = 1 FOR UPDATE").format(docs),
            "meta": sql.SQL("SELECT doc FROM {} WHERE tbl = %s AND id = 1").format(docs),
            "meta_changes": sql.SQL("SELECT doc, (SELECT max(n) FROM {}) FROM {} WHERE tbl = %s AND id = 1").format(
                sql.Identifier(schema, "changes"), docs),
            "upsert": sql.SQL("INSERT INTO {} (tbl, id, doc) VALUES (%s, %s, %s) "
                              "ON CONFLICT (tbl, id) DO UPDATE SET doc = excluded.doc").format(docs),
            "upsert_staged": sql.SQL("INSERT INTO {} (tbl, id, doc) SELECT tbl, id, doc FROM lianluo_staging "
                                     "ON CONFLICT (tbl, id) DO UPDATE SET doc = excluded.doc").format(docs),
            "clear": sql.SQL("DELETE FROM {}").format(docs),
            "upsert_fact": sql.SQL("INSERT INTO {} (tbl, id, kind, status, received, session, lead, open, fact) "
                                   "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb) ON CONFLICT (tbl, id) DO UPDATE "
                                   "SET kind = excluded.kind, status = excluded.status, received = excluded.received, "
                                   "session = excluded.session, lead = excluded.lead, open = excluded.open, "
                                   "fact = excluded.fact").format(self.facts),
            "upsert_facts_staged": sql.SQL("INSERT INTO {} SELECT * FROM lianluo_facts_staging ON CONFLICT (tbl, id) "
                                           "DO UPDATE SET kind = excluded.kind, status = excluded.status, "
                                           "received = excluded.received, session = excluded.session, "
                                           "lead = excluded.lead, open = excluded.open, "
                                           "fact = excluded.fact").format(self.facts),
        }

    @property
    def where(self) -> str:
        """Where the data live, for messages: the URL without its password, and the schema."""
        return f"{masked_url(self.url)}（schema {self.schema}）"

    # --- connections ------------------------------------------------------------------------
    @contextlib.contextmanager
    def _connect(self, snapshot: bool = False) -> Iterator[psycopg.Connection]:
        """A connection with a fresh transaction: a read-only repeatable-read snapshot when `snapshot`, else
        read committed with this store's lock timeout. Healthy connections are kept for the next call."""
        conn = _idle_connection(self.url)
        if conn is None:
            try:
                conn = psycopg.connect(self.url, connect_timeout=10, autocommit=False)
            except psycopg.Error as exc:
                raise StoreError(f"无法连接 PostgreSQL {self.where}：{self._clean(exc)}") from None
        kept = False
        try:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ if snapshot else None
            conn.read_only = True if snapshot else None
            with conn.cursor() as cur:
                cur.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(
                    sql.Literal(f"{int(self.lock_timeout * 1000)}ms")))
            yield conn
            conn.rollback()  # ends a reader's snapshot; after a commit there is nothing left to undo
            kept = _keep_idle(self.url, conn)
        finally:
            if not kept:
                conn.close()  # an unfinished transaction dies with it

    def _clean(self, exc: BaseException) -> str:
        """The first line of a driver error, with the password struck out should the driver echo it."""
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        password = urlsplit(self.url).password
        return text.replace(password, "***") if password else text

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver errors become one Chinese sentence naming where the data live."""
        try:
            yield
        except pgerrors.LockNotAvailable:
            raise BusyError(
                f"数据库 {self.where} 中的数据正被另一个 lianluo 进程写入（等待 {self.lock_timeout:g} 秒仍未结束），请稍后重试"
            ) from None
        except pgerrors.UndefinedTable:
            raise StoreError(f"数据库 {self.where} 中没有 lianluo 数据，请先运行 lianluo init 或 lianluo migrate") from None
        except psycopg.Error as exc:  # the server refused (rights, disk, shutdown): say so, not "internal error"
            raise StoreError(f"PostgreSQL {self.where} 出错：{self._clean(exc)}") from None

    # --- the store interface ----------------------------------------------------------------
    def exists(self) -> bool:
        with self._errors(), self._connect() as conn:
            return self._has_data(conn)

    def _has_data(self, conn: psycopg.Connection) -> bool:
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass(%s)", (f'"{self.schema}".docs',))
            if cur.fetchone()[0] is None:
                return False
            cur.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(self.schema, "docs")))
            return bool(cur.fetchone()[0])

    def create(self, meta: dict[str, Any]) -> None:
        """Create the schema with an empty home; refuses a schema that already holds data."""
        self.load({META: {"1": {"app": APP, "schema": SCHEMA, "counters": {}, **meta}}})

    def load(self, data: dict[str, dict[str, dict[str, Any]]], progress: Callable[[int], None] | None = None) -> None:
        """Fill an empty schema with a whole home ({table: {id: doc}}), in one transaction: all or nothing."""
        with self._errors(), self._connect() as conn:
            if self._has_data(conn):
                raise StoreError(f"数据库 {self.where} 已有数据，不会覆盖；请换一个 schema")
            with conn.cursor() as cur:
                for statement in self._ddl():
                    cur.execute(statement)
            self._insert_all(conn, data, progress)
            self._mark_facts_current(conn)
            conn.commit()

    def _ddl(self) -> list[sql.Composable]:
        schema, docs = sql.Identifier(self.schema), sql.Identifier(self.schema, "docs")
        return [
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(schema),
            sql.SQL("CREATE TABLE IF NOT EXISTS {} (tbl text NOT NULL, id bigint NOT NULL, doc jsonb NOT NULL, "
                    "next_check text COLLATE \"C\" GENERATED ALWAYS AS (doc ->> 'next_check') STORED, "
                    "PRIMARY KEY (tbl, id))").format(docs),
            sql.SQL("CREATE INDEX IF NOT EXISTS docs_due ON {} (tbl, next_check) "
                    "WHERE next_check IS NOT NULL").format(docs),
            *self._facts_ddl(),
            *self._changes_ddl(),
        ]

    def _changes_ddl(self) -> list[sql.Composable]:
        """The home's change count: one row, one more at every commit that writes documents (`upsert`), so a
        long-running reader (`lianluo serve`) knows without asking the versions of every row that nothing moved."""
        return [
            sql.SQL("CREATE TABLE IF NOT EXISTS {} (n bigint NOT NULL)").format(self.changes),
            # from a random start: a schema dropped and made again does not count the same numbers again
            sql.SQL("INSERT INTO {} (n) SELECT (random() * 1e15)::bigint WHERE NOT EXISTS (SELECT 1 FROM {})").format(
                self.changes, self.changes),
        ]

    def _count_change(self, conn: psycopg.Connection) -> None:
        """One more change, in the writer's transaction (a home made before the count gains it here)."""
        if not self._has_changes(conn):  # looked up first: a joint writer's role may write here, not create
            with conn.cursor() as cur:
                for statement in self._changes_ddl():
                    cur.execute(statement)
            self._changes_table = True
        with conn.cursor() as cur:
            cur.execute(sql.SQL("UPDATE {} SET n = n + 1").format(self.changes))

    def _has_changes(self, conn: psycopg.Connection) -> bool:
        """Whether the home keeps a change count (checked until it does; a writer adds it)."""
        if not self._changes_table:
            with conn.cursor() as cur:
                cur.execute("SELECT to_regclass(%s)", (f'"{self.schema}".changes',))
                self._changes_table = cur.fetchone()[0] is not None
        return self._changes_table

    def _facts_ddl(self) -> list[sql.Composable]:
        """The report facts (kernel/facts.py): a row per item, its fields for SQL aggregates as columns with
        indexes on what periods select by, the whole summary as `fact`; `facts_state` holds the FACTS_VERSION
        the rows are complete for (no row: not complete, reads project the documents)."""
        facts = self.facts
        return [
            sql.SQL("CREATE TABLE IF NOT EXISTS {} (tbl text NOT NULL, id bigint NOT NULL, kind text, status text, "
                    "received date, session bigint, lead bigint, open boolean NOT NULL, fact jsonb NOT NULL, "
                    "PRIMARY KEY (tbl, id))").format(facts),
            sql.SQL("CREATE INDEX IF NOT EXISTS facts_received ON {} (tbl, received)").format(facts),
            sql.SQL("CREATE INDEX IF NOT EXISTS facts_session ON {} (tbl, session) WHERE session IS NOT NULL").format(facts),
            sql.SQL("CREATE INDEX IF NOT EXISTS facts_open ON {} (tbl) WHERE open").format(facts),
            sql.SQL("CREATE INDEX IF NOT EXISTS facts_status ON {} (tbl, status, id)").format(facts),  # the item list
            sql.SQL("CREATE TABLE IF NOT EXISTS {} (version integer NOT NULL)").format(self.facts_state),
        ]

    def _ensure_facts(self, conn: psycopg.Connection) -> None:
        """A writer on a home made before the facts table creates it (empty, so not yet current)."""
        if self._facts_table:
            return
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass(%s)", (f'"{self.schema}".facts_state',))
            if cur.fetchone()[0] is None:
                for statement in self._facts_ddl():
                    cur.execute(statement)
        self._facts_table = True

    def facts_current(self, conn: psycopg.Connection, writable: bool) -> bool:
        """Whether the facts rows are complete for this program's FACTS_VERSION."""
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass(%s)", (f'"{self.schema}".facts_state',))
            if cur.fetchone()[0] is None:
                return False
            cur.execute(sql.SQL("SELECT max(version) FROM {}").format(self.facts_state))
            return cur.fetchone()[0] == FACTS_VERSION

    def _mark_facts_current(self, conn: psycopg.Connection) -> None:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DELETE FROM {}").format(self.facts_state))
            cur.execute(sql.SQL("INSERT INTO {} (version) VALUES (%s)").format(self.facts_state), (FACTS_VERSION,))

    def _facts_rows(self, rows: list[tuple[str, int, dict[str, Any]]]) -> list[tuple]:
        out = []
        for table, doc_id, doc in rows:
            if table in FACTS_TABLES:
                fact = project({**doc, "id": doc_id})
                session, lead = fact["session"], fact["lead"]
                out.append((table, doc_id, fact["kind"], fact["status"], fact["received"],
                            session if isinstance(session, int) else None, lead if isinstance(lead, int) else None,
                            fact["open"], json.dumps(fact, ensure_ascii=False)))
        return out

    def _insert_all(self, conn, data, progress) -> None:
        rows = list(sorted_rows(data))
        for start in range(0, len(rows), BATCH):
            chunk = rows[start:start + BATCH]
            self.upsert(conn, chunk)
            if progress is not None:
                progress(len(chunk))

    def upsert(self, conn: psycopg.Connection, rows: list[tuple[str, int, dict[str, Any]]]) -> None:
        """Insert or replace (table, id, doc) rows: a few as one pipelined statement each, many through COPY
        into a session-local staging table and one INSERT … ON CONFLICT (about twice as fast for a tick's batch)."""
        self._upsert_docs(conn, rows)
        if rows:
            self._count_change(conn)
        facts = self._facts_rows(rows)  # the report facts, in the same transaction as the documents
        if not facts:
            return
        self._ensure_facts(conn)
        with conn.cursor() as cur:
            if len(facts) < COPY_FROM:
                cur.executemany(self.sql["upsert_fact"], facts)
                return
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS lianluo_facts_staging (tbl text, id bigint, kind text, "
                        "status text, received date, session bigint, lead bigint, open boolean, fact jsonb) "
                        "ON COMMIT DELETE ROWS")
            with cur.copy("COPY lianluo_facts_staging FROM STDIN") as copy:
                for row in facts:
                    copy.write_row(row)
            cur.execute(self.sql["upsert_facts_staged"])
            cur.execute("TRUNCATE lianluo_facts_staging")

    def _upsert_docs(self, conn: psycopg.Connection, rows: list[tuple[str, int, dict[str, Any]]]) -> None:
        if len(rows) < COPY_FROM:
            if rows:
                with conn.cursor() as cur:
                    cur.executemany(self.sql["upsert"], [(t, i, Jsonb(d)) for t, i, d in rows])
            return
        with conn.cursor() as cur:
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS lianluo_staging (tbl text, id bigint, doc jsonb) "
                        "ON COMMIT DELETE ROWS")
            with cur.copy("COPY lianluo_staging (tbl, id, doc) FROM STDIN") as copy:
                for table, doc_id, doc in rows:
                    copy.write_row((table, doc_id, json.dumps(doc, ensure_ascii=False)))
            cur.execute(self.sql["upsert_staged"])
            cur.execute("TRUNCATE lianluo_staging")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[PgTx]:
        with self._errors(), self._connect() as conn:
            meta = self._read_meta(conn, self.sql["meta_locked"])
            tx = PgTx(self, conn, writable=True, meta=meta)
            yield tx
            tx.flush()
            conn.commit()
            if tx.wrote:
                mark_saved()

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the facts rows from the documents (`lianluo reindex`) in one transaction, writers waiting:
        the documents are read in batches (a server-side cursor), so memory holds one batch."""
        done = 0
        with self._errors(), self._connect() as conn:
            self._read_meta(conn, self.sql["meta_locked"])
            with conn.cursor() as cur:
                for statement in self._facts_ddl():  # a home made before an index was added gains it here
                    cur.execute(statement)
                cur.execute(sql.SQL("DELETE FROM {} WHERE tbl = ANY(%s)").format(self.facts), (list(FACTS_TABLES),))
                cur.execute(sql.SQL("SELECT count(*) FROM {} WHERE tbl = ANY(%s)").format(self.docs), (list(FACTS_TABLES),))
                total = cur.fetchone()[0]
            with conn.cursor(name="lianluo_reindex") as rows:
                rows.execute(sql.SQL("SELECT tbl, id, doc FROM {} WHERE tbl = ANY(%s) ORDER BY tbl, id").format(self.docs),
                             (list(FACTS_TABLES),))
                while batch := rows.fetchmany(BATCH):
                    facts = self._facts_rows(batch)
                    with conn.cursor() as cur:
                        cur.executemany(self.sql["upsert_fact"], facts)
                    done += len(batch)
                    if progress is not None:
                        progress(done, total)
            self._mark_facts_current(conn)
            conn.commit()
            mark_saved()
        return done

    @contextlib.contextmanager
    def reader(self) -> Iterator[PgTx]:
        with self._errors(), self._connect(snapshot=True) as conn:
            if self._has_changes(conn):  # the meta row and the change count of this snapshot in one round trip
                changes: list[int | None] = []
                meta = self._read_meta(conn, self.sql["meta_changes"], changes)
                yield PgTx(self, conn, writable=False, meta=meta, changes=changes[0])
            else:
                yield PgTx(self, conn, writable=False, meta=self._read_meta(conn, self.sql["meta"]))

    def _read_meta(self, conn: psycopg.Connection, query, changes: list | None = None) -> dict[str, Any]:
        with conn.cursor() as cur:
            cur.execute(query, (META,))
            row = cur.fetchone()
        if changes is not None and row is not None:
            changes.append(row[1])
        if row is None or not isinstance(row[0], dict) or row[0].get("app") != APP:
            raise StoreError(f"数据库 {self.where} 中没有 lianluo 数据，请先运行 lianluo init 或 lianluo migrate")
        if not isinstance(row[0].get("schema"), int) or row[0]["schema"] > SCHEMA:
            raise StoreError(f"数据库 {self.where} 的数据由更新版本的 lianluo 写入（数据版本 {row[0].get('schema')}，"
                             f"本程序支持 {SCHEMA}）；请升级 lianluo")
        check_meta(f"数据库 {self.where}", row[0], None)
        return row[0]

    def dump(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Every committed document, as {table: {id: doc}} (the backup file's shape), from one snapshot."""
        data: dict[str, dict[str, dict[str, Any]]] = {}
        for table, doc_id, doc in self._rows():
            data.setdefault(table, {})[str(doc_id)] = doc
        return data

    def _rows(self) -> list[tuple[str, int, dict[str, Any]]]:
        with self.reader() as tx:
            with tx.conn.cursor() as cur:
                cur.execute(self.sql["rows"])
                return cur.fetchall()

    def fingerprint(self) -> bytes:
        """A stable digest of all committed data (see `digest_rows`)."""
        return digest_rows(self._rows())

    def backup_to(self, target: Path, renumber: bool = False) -> Path:
        """Write every committed document to `target` as a new lianluo JSON data file, atomically (never over
        an existing file: FileExistsError, or with `renumber` the next free numbered name). Returns the name."""
        return write_new(Path(target), TinyStore._encode(self.dump()), renumber=renumber)

    def restore_from(self, source: Path, keep_as: Path) -> Path:
        """Replace the schema's data by a checked backup file; the data replaced are first saved to `keep_as`
        (numbered if that name is taken). Returns the name they were kept under."""
        data = _load(Path(source))
        with self._errors(), self._connect() as conn:
            self._read_meta(conn, self.sql["meta_locked"])  # writers wait; the data replaced are this snapshot
            with conn.cursor() as cur:
                cur.execute(self.sql["rows"])
                current: dict[str, dict[str, Any]] = {}
                for table, doc_id, doc in cur.fetchall():
                    current.setdefault(table, {})[str(doc_id)] = doc
            kept = write_new(Path(keep_as), TinyStore._encode(current))
            self._ensure_facts(conn)
            with conn.cursor() as cur:
                cur.execute(self.sql["clear"])
                cur.execute(sql.SQL("DELETE FROM {}").format(self.facts))
            self._insert_all(conn, data, None)
            self._mark_facts_current(conn)
            conn.commit()
            mark_saved()
        return kept

    def drop(self) -> None:
        """Remove the schema and everything in it (tests and a failed migration clean up with this)."""
        with self._errors(), self._connect() as conn:
            with conn.cursor() as cur:
                cur.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self.schema)))
            conn.commit()
        self._facts_table = self._changes_table = False
