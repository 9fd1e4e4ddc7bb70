"""One database role per organisation (`lianluo network grant`): the SQL that makes the server keep the boundary
the CLI keeps, for a deployment whose organisations must not be able to reach each other's data even with
their own database credentials.

Each organisation of the acting one's subtree gets a role `<network>_<code>` that
- owns its own schema and its tables (reads and writes its register, makes the tables a new version adds);
- reads (USAGE, SELECT) the schemas of every organisation below it — what `network show|items|report` and the
  web desk read — and, for its direct children only, may also insert, update and delete there: a hand-down
  writes the child's register in the same transaction as its own;
- reads the network's `orgs` and reads and writes its `figures` (reporting up);
and nothing else: a schema is not readable by PUBLIC, so a lower organisation's role cannot read its parent's
or a sibling's schema. Roles are made without a password (NOLOGIN until the administrator gives one:
`ALTER ROLE … LOGIN PASSWORD …`), so the script holds no secret."""

from __future__ import annotations

from typing import Any

from psycopg import sql

from .registry import Org, Registry, subtree


def role_of(registry: Registry, org: Org) -> str:
    return f"{registry.schema}_{org.code}".replace("-", "_")[:63]


def statements(registry: Registry, orgs: list[Org], top: Org, conn) -> tuple[list[dict[str, Any]], list[str]]:
    """([{org, name, role, schema, reads, writes}], the SQL statements) for `top` and every organisation below."""
    mine = subtree(orgs, top.code)
    tables = _tables(conn, [o.schema for o in mine])
    ident = sql.Identifier
    out: list[sql.Composable] = []
    roles = []
    for org in mine:
        role = role_of(registry, org)
        out.append(sql.SQL("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {}) THEN "
                           "CREATE ROLE {} NOLOGIN; END IF; END $$").format(sql.Literal(role), ident(role)))
    for org in mine:
        role = ident(role_of(registry, org))
        out += [sql.SQL("REVOKE ALL ON SCHEMA {} FROM PUBLIC").format(ident(org.schema)),
                sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(ident(org.schema), role)]
        out += [sql.SQL("ALTER TABLE {} OWNER TO {}").format(ident(org.schema, t), role) for t in tables[org.schema]]
    for org in mine:
        role = ident(role_of(registry, org))
        below = subtree(orgs, org.code)[1:]
        children = [o for o in below if o.parent == org.code]
        for other in below:
            privileges = sql.SQL("SELECT, INSERT, UPDATE, DELETE" if other in children else "SELECT")
            owner = ident(role_of(registry, other))
            out += [sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(ident(other.schema), role),
                    sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA {} TO {}").format(privileges, ident(other.schema), role),
                    sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT {} ON TABLES TO {}").format(
                        owner, ident(other.schema), privileges, role)]
        out += [sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(ident(registry.schema), role),
                sql.SQL("GRANT SELECT ON {} TO {}").format(registry.orgs_table, role),
                sql.SQL("GRANT SELECT, INSERT, UPDATE ON {} TO {}").format(registry.figures_table, role)]
        roles.append({"org": org.code, "name": org.name, "role": role_of(registry, org), "schema": org.schema,
                      "reads": [o.code for o in below], "writes": [org.code, *(o.code for o in children)]})
    return roles, [s.as_string(conn) for s in out]


def _tables(conn, schemas: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {s: [] for s in schemas}
    with conn.cursor() as cur:
        cur.execute("SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY(%s) ORDER BY 1, 2", (schemas,))
        for schema, table in cur.fetchall():
            found[schema].append(table)
    return found


def grant(registry: Registry, top: Org, apply: bool) -> dict[str, Any]:
    """The roles and the script for `top`'s subtree; applied in one transaction when `apply`."""
    with registry.connect() as conn:
        roles, script = statements(registry, registry.orgs(conn), top, conn)
        if apply:
            with conn.cursor() as cur:
                for statement in script:
                    cur.execute(statement)
    return {"network": registry.schema, "applied": apply, "roles": roles, "sql": script}
