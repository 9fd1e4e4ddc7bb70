"""`ctx.facts.count` on PostgreSQL: the chosen items (`facts.chosen`) counted by a GROUP BY over the `facts`
table, through its indexes on received day, session and open clocks, without sending a row to Python. The
Python count over packed rows (`facts.Pool.count`) is the reference: the tests compare the two on random
histories."""

from __future__ import annotations

from typing import Any

from psycopg import sql

COLUMNS = {"kind": "kind", "status": "status", "lead": "lead", "session": "session", "open": "open",
           "received": "fact ->> 'received'"}  # the rest are read from the summary as JSON values


def _field(name: str) -> sql.Composable:
    return sql.SQL(COLUMNS[name]) if name in COLUMNS else sql.SQL("fact -> {}").format(sql.Literal(name))


def chosen_sql(period, open_items: bool, sessions: frozenset[int]) -> tuple[str, list[Any]]:
    """`facts.chosen` as a condition on the facts table, with its parameters."""
    if period is None and not open_items and not sessions:
        return "true", []
    terms, params = [], []
    if sessions:
        terms.append("session = ANY(%s)")
        params.append(sorted(sessions))
    if period is not None:
        days = "received BETWEEN %s AND %s"
        params += [period.start, period.end]
        if period.session is not None:  # ReportPeriod.covers: an item raised at a session belongs by its session
            terms.append(f"(CASE WHEN session IS NOT NULL THEN session = %s ELSE {days} END)")
            params.insert(len(params) - 2, period.session)
        else:
            terms.append(days)
        if open_items:
            terms.append("(open AND received <= %s)")
            params.append(period.end)
    elif open_items:
        terms.append("open")
    return "(" + " OR ".join(terms) + ")", params


def count(tx, facts_table: sql.Composable, table: str, period, open_items: bool, sessions: frozenset[int],
          by: tuple[str, ...], where: dict[str, frozenset]) -> dict[tuple, int]:
    """{(values of `by`…): items} of the chosen items whose `where` fields hold one of the values given."""
    condition, params = chosen_sql(period, open_items, sessions)
    tests: list[sql.Composable] = []
    for name, values in where.items():
        present = sorted((v for v in values if v is not None), key=repr)
        test = sql.SQL("{} = ANY(%s)").format(_field(name))
        params.append(present)
        if None in values:
            test = sql.SQL("({} OR {} IS NULL)").format(test, _field(name))
        tests.append(test)
    groups = sql.SQL(", ").join(_field(name) for name in by) if by else sql.SQL("")
    query = sql.SQL("SELECT {}count(*) FROM {} WHERE tbl = %s AND {}{}{}").format(
        groups + sql.SQL(", ") if by else sql.SQL(""), facts_table, sql.SQL(condition),
        sql.SQL("").join(sql.SQL(" AND ") + t for t in tests),
        sql.SQL(" GROUP BY ") + groups if by else sql.SQL(""))
    with tx.conn.cursor() as cur:
        cur.execute(query, [table, *params])
        return {tuple(row[:-1]): row[-1] for row in cur.fetchall() if row[-1]}
