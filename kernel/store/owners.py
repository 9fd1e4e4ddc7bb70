"""Who owns each table, and the queries an owner answers for everyone else.

The kernel owns its tables (items, tasks, the directory, notices, the tick's ledger …), which every plugin
may use through the kernel's records. A plugin declares the tables it owns and the queries it answers
(the `register_tables` hook); another plugin gets that data only through such a query (`ctx.query(name,
…)`), never by reading the table, so the owner may change how it stores it. A query nobody answers (its
plugin is not enabled) answers an empty list. `guard(plugin, tx)` is a transaction through which `plugin`
can reach only the kernel's tables and its own; a query's answer runs through its owner's guard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs

from ..errors import DuplicateError, RefusedError, StoreError
from .protocol import Doc, Tx

KERNEL = "kernel"
KERNEL_TABLES = ("items", "tasks", "deputies", "departments", "sessions", "pairings", "links", "notices",
                 "failures", "job_runs", "ledger", "audit", "staff")

Answer = Callable[..., list[Any]]  # (tx, **params) → the answer
Perform = Callable[..., Any]  # (ctx, **params) → what the operation made


@attrs.frozen
class Query:
    name: str
    owner: str
    answer: Answer


class Tables:
    """The owners of tables and the queries they answer, as the enabled plugins declared them."""

    def __init__(self) -> None:
        self.owners: dict[str, str] = dict.fromkeys(KERNEL_TABLES, KERNEL)
        self.queries: dict[str, Query] = {}
        self.operations: dict[str, tuple[str, Perform]] = {}

    def register_for(self, plugin: str) -> "Declare":
        return Declare(self, plugin)

    def own(self, plugin: str, table: str) -> None:
        held = self.owners.get(table)
        if held is not None and held != plugin:
            raise DuplicateError("表", table, held, plugin)
        self.owners[table] = plugin

    def answer(self, plugin: str, name: str, answer: Answer) -> None:
        held = self.queries.get(name)
        if held is not None:
            raise DuplicateError("查询", name, held.owner, plugin)
        self.queries[name] = Query(name, plugin, answer)

    def operation(self, plugin: str, name: str, perform: Perform) -> None:
        held = self.operations.get(name)
        if held is not None:
            raise DuplicateError("操作", name, held[0], plugin)
        self.operations[name] = (plugin, perform)

    def check(self, plugin: str, table: str) -> None:
        """Refuse `plugin` a table another plugin owns."""
        owner = self.owners.get(table)
        if owner not in (None, KERNEL, plugin):
            offered = "、".join(q for q, found in sorted(self.queries.items()) if found.owner == owner) or "无"
            raise StoreError(f"插件 {plugin} 不能读写插件 {owner} 的表 {table}；请改用它提供的查询（{offered}）")

    def guard(self, plugin: str, tx: Tx) -> "OwnedTx":
        return OwnedTx(self, plugin, tx)

    def ask(self, tx: Tx, name: str, **params: Any) -> list[Any]:
        """The answer of the plugin that answers `name`; an empty list when none does (it is not enabled)."""
        query = self.queries.get(name)
        if query is None:
            return []
        return list(query.answer(self.guard(query.owner, tx), **params))


    def perform(self, ctx: Any, name: str, **params: Any) -> Any:
        """Run the operation `name` with its owner's view of the transaction (`ctx` with a guarded `tx`); unlike
        a query, an operation nobody offers is refused: a write cannot be silently skipped."""
        found = self.operations.get(name)
        if found is None:
            raise RefusedError(f"操作 {name} 不可用：提供它的插件未启用")
        owner, perform = found
        return perform(attrs.evolve(ctx, tx=self.guard(owner, ctx.tx)), **params)


@attrs.frozen
class Declare:
    """What `register_tables` gets: `register.table(name)`, `register.query(name, answer)` (a read other plugins
    may ask) and `register.operation(name, perform)` (a write they may ask the owner to make), tagged with the
    declaring plugin."""

    tables: Tables
    plugin: str

    def table(self, name: str) -> None:
        self.tables.own(self.plugin, name)

    def query(self, name: str, answer: Answer) -> None:
        self.tables.answer(self.plugin, name, answer)

    def operation(self, name: str, perform: Perform) -> None:
        self.tables.operation(self.plugin, name, perform)


class OwnedTx:
    """A transaction seen by one plugin: every method of `Tx`, refused on a table another plugin owns."""

    def __init__(self, tables: Tables, plugin: str, tx: Tx):
        self._tables, self._plugin, self._tx = tables, plugin, tx

    @property
    def writable(self) -> bool:
        return self._tx.writable

    @property
    def meta(self) -> Doc:
        return self._tx.meta

    def set_meta(self, **values: Any) -> None:
        self._tx.set_meta(**values)

    def _open(self, table: str) -> Tx:
        self._tables.check(self._plugin, table)
        return self._tx

    def next_id(self, table: str) -> int:
        return self._open(table).next_id(table)

    def get(self, table: str, doc_id: int) -> Doc | None:
        return self._open(table).get(table, doc_id)

    def all(self, table: str) -> list[Doc]:
        return self._open(table).all(table)

    def scan(self, table: str) -> Iterator[Doc]:
        return self._open(table).scan(table)

    def find(self, table: str, **equals: Any) -> list[Doc]:
        return self._open(table).find(table, **equals)

    def due(self, table: str, until: str) -> list[Doc]:
        return self._open(table).due(table, until)

    def facts(self, table: str, *wanted: Any, packed: bool = False) -> list[Any]:
        return self._open(table).facts(table, *wanted, packed=packed)

    def count_facts(self, table: str, *asked: Any) -> Any:
        """`ctx.facts.count` in the store's own query language where it has one (PostgreSQL), else None."""
        counting = getattr(self._open(table), "count_facts", None)
        return counting(table, *asked) if counting is not None else None

    def insert(self, table: str, doc: Doc) -> int:
        return self._open(table).insert(table, doc)

    def put(self, table: str, doc: Doc) -> None:
        self._open(table).put(table, doc)

    def count(self, table: str) -> int:
        return self._open(table).count(table)
