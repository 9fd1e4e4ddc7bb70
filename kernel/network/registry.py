"""The network registry: who belongs to the network and who is whose parent, in one shared schema.

Why a table of its own rather than a line in each home's store.toml: the parent must see its children (to hand
down, to read their figures) and a cycle must be refused against the whole tree, which only one shared table
answers in one transaction. Each home's store.toml names the registry's schema (`network = …`), so a home
knows it is in a network without asking the server, and tests or two networks on one server never mix.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import psycopg
from psycopg import sql

from ..errors import InputError, RefusedError, StoreError
from ..store.factory import SCHEMA_NAME, check_schema, masked_url

DEFAULT_SCHEMA = "lianluo_network"
CODE = re.compile(r"[a-z][a-z0-9_-]{0,39}")
NAME_MAX = 60


@attrs.frozen
class Org:
    code: str
    name: str
    parent: str | None
    schema: str
    home: str

    def to_json(self) -> dict:
        return attrs.asdict(self)


def check_code(code: str, field: str) -> str:
    code = (code or "").strip()
    if not CODE.fullmatch(code):
        raise InputError(field, f"单位代号 {code!r} 无效：用小写字母开头的字母、数字、-、_，至多 40 个字符")
    return code


class Registry:
    """The `orgs` table of the network schema `schema` in the database at `url`."""

    def __init__(self, url: str, schema: str = DEFAULT_SCHEMA):
        check_schema(schema, "--network")
        self.url, self.schema = url, schema
        self.orgs_table = sql.Identifier(schema, "orgs")
        self.figures_table = sql.Identifier(schema, "figures")

    @property
    def where(self) -> str:
        return f"{masked_url(self.url)}（网络 {self.schema}）"

    @contextlib.contextmanager
    def connect(self) -> Iterator[psycopg.Connection]:
        """One transaction on the registry; the tables are made on first use (only then: an organisation's own
        database role may read and report up but not create)."""
        try:
            with psycopg.connect(self.url, connect_timeout=10, autocommit=False) as conn:
                with conn.cursor() as cur:
                    cur.execute("SET LOCAL lock_timeout = '30s'")
                    cur.execute("SELECT to_regclass(%s)", (self.figures_table.as_string(conn),))
                    if cur.fetchone()[0] is None:  # made once: an organisation's own role may not create (grants.py)
                        for statement in self._ddl():
                            cur.execute(statement)
                yield conn
                conn.commit()
        except psycopg.Error as exc:
            raise StoreError(f"联络网络 {self.where} 出错：{(str(exc).strip().splitlines() or ['?'])[0]}") from None

    def _ddl(self) -> list[sql.Composable]:
        return [
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema)),
            sql.SQL("CREATE TABLE IF NOT EXISTS {} (code text PRIMARY KEY, name text NOT NULL UNIQUE, "
                    "parent text REFERENCES {} (code), schema_name text NOT NULL UNIQUE, home text NOT NULL, "
                    "added timestamptz NOT NULL DEFAULT now())").format(self.orgs_table, self.orgs_table),
            sql.SQL("CREATE TABLE IF NOT EXISTS {} (org text NOT NULL REFERENCES {} (code), period text NOT NULL, "
                    "reported date NOT NULL, figures jsonb NOT NULL, PRIMARY KEY (org, period))").format(
                self.figures_table, self.orgs_table),
        ]

    # --- reading --------------------------------------------------------------------------------
    def orgs(self, conn: psycopg.Connection | None = None) -> list[Org]:
        if conn is None:
            with self.connect() as conn:
                return self.orgs(conn)
        with conn.cursor() as cur:
            cur.execute(sql.SQL("SELECT code, name, parent, schema_name, home FROM {} ORDER BY code").format(
                self.orgs_table))
            return [Org(*row) for row in cur.fetchall()]

    def get(self, code: str, field: str = "单位代号") -> Org:
        for org in self.orgs():
            if org.code == code:
                return org
        raise InputError(field, f"联络网络中没有代号为 {code!r} 的单位（用 lianluo network list 查看）")

    def by_schema(self, schema: str) -> Org | None:
        return next((o for o in self.orgs() if o.schema == schema), None)

    # --- writing --------------------------------------------------------------------------------
    def add(self, org: Org) -> Org:
        """Register an organisation; the parent must exist, the code, name, schema and home be new."""
        with self.connect() as conn:
            with conn.cursor() as cur:
                cur.execute(sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(self.orgs_table))
            known = {o.code: o for o in self.orgs(conn)}
            if org.parent is not None and org.parent not in known:
                raise InputError("--parent", f"联络网络中没有代号为 {org.parent!r} 的上级单位（用 lianluo network list 查看）")
            for other in known.values():
                if other.code == org.code:
                    raise RefusedError(f"代号 {org.code} 已被 {other.name} 使用，请换一个代号")
                if other.name == org.name:
                    raise RefusedError(f"联络网络中已有单位 {org.name}（代号 {other.code}）")
                if other.schema == org.schema:
                    raise RefusedError(f"本数据目录已作为 {other.name}（代号 {other.code}）加入联络网络")
            with conn.cursor() as cur:
                cur.execute(sql.SQL("INSERT INTO {} (code, name, parent, schema_name, home) VALUES (%s, %s, %s, %s, %s)")
                            .format(self.orgs_table), (org.code, org.name, org.parent, org.schema, org.home))
        return org

    def move(self, code: str, parent: str | None) -> Org:
        """Give an organisation another parent; a parent among its own descendants (a cycle) is refused."""
        with self.connect() as conn:
            with conn.cursor() as cur:
                cur.execute(sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(self.orgs_table))
            known = {o.code: o for o in self.orgs(conn)}
            if code not in known:
                raise InputError("单位代号", f"联络网络中没有代号为 {code!r} 的单位")
            if parent is not None:
                if parent not in known:
                    raise InputError("--parent", f"联络网络中没有代号为 {parent!r} 的上级单位")
                if parent == code or parent in {o.code for o in subtree(list(known.values()), code)}:
                    raise RefusedError(f"{known[parent].name} 是 {known[code].name} 本身或其下级，不能作为其上级（层级不能成环）")
            with conn.cursor() as cur:
                cur.execute(sql.SQL("UPDATE {} SET parent = %s WHERE code = %s").format(self.orgs_table), (parent, code))
        return attrs.evolve(known[code], parent=parent)


def subtree(orgs: list[Org], code: str) -> list[Org]:
    """`code` and every organisation below it, parents before children (breadth first, by code)."""
    by_parent: dict[str | None, list[Org]] = {}
    for org in orgs:
        by_parent.setdefault(org.parent, []).append(org)
    top = [o for o in orgs if o.code == code]
    out, queue = [], list(top)
    while queue:
        org = queue.pop(0)
        out.append(org)
        queue.extend(sorted(by_parent.get(org.code, []), key=lambda o: o.code))
    return out


def depth(orgs: list[Org], org: Org) -> int:
    by_code = {o.code: o for o in orgs}
    level, seen = 0, set()
    while org.parent is not None and org.parent in by_code and org.code not in seen:
        seen.add(org.code)
        org = by_code[org.parent]
        level += 1
    return level


def home_path(org: Org) -> Path:
    return Path(org.home)


__all__ = ["Org", "Registry", "subtree", "depth", "check_code", "DEFAULT_SCHEMA", "SCHEMA_NAME"]


def report_up(registry: Registry, org: str, period: str, day, figures: dict) -> None:
    """Store an organisation's figures for a period as reported on `day` (the latest report replaces the last)."""
    from psycopg.types.json import Jsonb

    with registry.connect() as conn, conn.cursor() as cur:
        cur.execute(sql.SQL("INSERT INTO {} (org, period, reported, figures) VALUES (%s, %s, %s, %s) "
                            "ON CONFLICT (org, period) DO UPDATE SET reported = excluded.reported, "
                            "figures = excluded.figures").format(registry.figures_table),
                    (org, period, day, Jsonb(figures)))


def reported(registry: Registry, period: str) -> dict[str, tuple]:
    """{org code: (day reported, figures)} for one period."""
    with registry.connect() as conn, conn.cursor() as cur:
        cur.execute(sql.SQL("SELECT org, reported, figures FROM {} WHERE period = %s").format(registry.figures_table),
                    (period,))
        return {org: (day, figures) for org, day, figures in cur.fetchall()}
