"""The same counts as figures.py, aggregated by PostgreSQL over the `facts` table (the network lives on
PostgreSQL only): a network report reads every organisation's year, and counting 10,000 summaries in the server
costs a few milliseconds where parsing them in Python costs half a second. figures.py keeps the Python count
as the reference (`LIANLUO_FACTS=documents`, and a home whose facts are not yet current); the tests compare
the two on every organisation of the test network."""

from __future__ import annotations

from typing import Any

from psycopg import sql


def _truthy(expr: str) -> str:
    """Python's truth of a JSON value, in SQL (None, false, 0, "", [] and {} are false)."""
    return (f"(CASE jsonb_typeof({expr}) WHEN 'object' THEN {expr} <> '{{}}'::jsonb "
            f"WHEN 'array' THEN {expr} <> '[]'::jsonb WHEN 'string' THEN {expr} <> '\"\"'::jsonb "
            f"WHEN 'number' THEN {expr} <> '0'::jsonb WHEN 'boolean' THEN {expr} = 'true'::jsonb ELSE false END)")


def _clocks(state: str, extra: str = "") -> str:
    return (f"(SELECT count(*) FROM jsonb_array_elements(fact -> 'clocks') c "
            f"WHERE c ->> 5 = '{state}'{extra})")


QUERY = f"""
WITH f AS (
  SELECT kind, status, fact, {_truthy("fact -> 'extra' -> 'handed_to_org'")} AS down
  FROM @FACTS@ WHERE tbl = 'items' AND received BETWEEN %(start)s AND %(end)s
)
SELECT kind, down, count(*),
  count(*) FILTER (WHERE (kind || ':' || status) = ANY(%(finished)s)),
  count(*) FILTER (WHERE {_truthy("fact -> 'reply'")}),
  count(*) FILTER (WHERE {_truthy("fact -> 'feedback'")}),
  count(*) FILTER (WHERE fact ->> 'feedback' = ANY(%(satisfied)s)),
  count(*) FILTER (WHERE {_truthy("fact -> 'extra' -> 'handed_from_org'")}),
  coalesce(sum({_clocks('met')}), 0), coalesce(sum({_clocks('missed')}), 0),
  coalesce(sum({_clocks('open', " AND c ->> 4 < %(cutoff)s")}), 0)
FROM f GROUP BY kind, down
"""
KEYS = ("items", "finished", "replied", "rated", "satisfied", "handed_from_above", "clocks_met", "clocks_missed",
        "overdue_open")


def item_counts(tx, facts_table, start: str, end: str, cutoff: str, finished: list[str],
                satisfied: list[str]) -> tuple[dict, dict]:
    """({count: n}, {kind: items}) of the items received from `start` to `end` (ISO days), as figures.py counts."""
    out: dict[str, int] = {key: 0 for key in (*KEYS, "handed_down")}
    kinds: dict[str, int] = {}
    with tx.conn.cursor() as cur:
        before, after = QUERY.split("@FACTS@")  # not SQL.format: the query's JSON literals hold braces
        cur.execute(sql.SQL(before) + facts_table + sql.SQL(after),
                    {"start": start, "end": end, "cutoff": cutoff, "finished": finished,
                     "satisfied": satisfied})
        for kind, down, count, *rest in cur.fetchall():
            if down:
                out["handed_down"] += count
                continue
            kinds[kind] = kinds.get(kind, 0) + count
            for key, value in zip(KEYS, (count, *rest)):
                out[key] += int(value)
    return out, kinds


def usable(store: Any, tx) -> bool:
    """Whether the store is PostgreSQL with current facts (else figures.py counts in Python)."""
    return hasattr(tx, "conn") and hasattr(store, "facts_current") and store.facts_current(tx.conn, False)
