"""`ctx.facts`: what a report, a score or a dashboard asks of the report facts (kernel/facts.py).

Three asks, all over the same choice of items (a period, the open ones, some sessions; `facts.chosen`):

- `ctx.facts(period)`: `Item`s (their texts left out), for a section that hands items to code written for them;
- `ctx.facts.rows(period)`: `Fact`s, the packed summaries read like items without making one — what
  sections and scoring count on;
- `ctx.facts.count(period, by=("kind", "status"), where={"kind": {...}})`: how many of them per group, without
  reading a row: on PostgreSQL a GROUP BY over the indexed `facts` table (kernel/store/pg_counts.py), on the
  file store the same count over the packed rows of the context's one shared read.

Every ask of a context shares one read of the summaries (`facts.Pool`); on the slow path
(`LIANLUO_FACTS=documents`) all three come from the whole documents, which the tests compare them with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from . import facts
from .gcpause import paused_gc
from .models import Item
from .periods import ReportPeriod

if TYPE_CHECKING:
    from .context import HookContext

COUNT_FIELDS = ("kind", "status", "lead", "session", "open", "channel", "feedback", "primary", "received")
WHERE_FIELDS = ("kind", "status", "lead", "session", "open")  # what the SQL count filters on as columns


class FactsQuery:
    """The report facts a hook context reads (see the module's docstring)."""

    def __init__(self, ctx: "HookContext"):
        self.ctx = ctx

    def __call__(self, period: ReportPeriod | None = None, *, open_items: bool = False,
                 sessions: Iterable[int] = ()) -> list[Item]:
        """The items `period` covers (`ReportPeriod.covers`), with `open_items` also every item received by the
        period's end with a clock still open, and every item raised at one of `sessions`; with no argument,
        every item. In id order; each an `Item` without its texts and its clocks' rules and alarms."""
        chosen = frozenset(int(s) for s in sessions)
        with paused_gc():
            return self._pool(period, open_items, chosen).pick(period, open_items, chosen)

    def rows(self, period: ReportPeriod | None = None, *, open_items: bool = False,
             sessions: Iterable[int] = ()) -> list[facts.Fact]:
        """The same items as `Fact`s (kernel/facts.py): read like an `Item` (`id`, `kind`, `received`, `lead`,
        `clock(name)`, `overdue_on(day)` …), plus `day`, `raw_clocks` and `raw_events` in their stored form."""
        chosen = frozenset(int(s) for s in sessions)
        with paused_gc():
            return self._pool(period, open_items, chosen).records(period, open_items, chosen)

    def count(self, period: ReportPeriod | None = None, *, by: tuple[str, ...] = (), open_items: bool = False,
              sessions: Iterable[int] = (), where: Mapping[str, Iterable[Any]] | None = None) -> dict[tuple, int]:
        """How many of the same items there are per value of the `by` fields (a tuple of values each, in `by`'s
        order; `by=()`: one group `()`), counting those whose `where` fields hold one of the values given.
        `by` from COUNT_FIELDS, `where` from WHERE_FIELDS; `received` as ISO text."""
        bad = [f for f in by if f not in COUNT_FIELDS] + [f for f in (where or {}) if f not in WHERE_FIELDS]
        if bad:
            raise ValueError(f"ctx.facts.count: cannot count by {bad[0]!r}")
        chosen = frozenset(int(s) for s in sessions)
        tests = {f: frozenset(v) for f, v in (where or {}).items()}
        tx = self.ctx.tx
        if hasattr(tx, "count_facts") and not facts.from_documents():
            counted = tx.count_facts("items", period, open_items, chosen, tuple(by), tests)
            if counted is not None:  # None: the facts are not current (a home before `lianluo reindex`)
                return counted
        return self._pool(period, open_items, chosen).count(period, open_items, chosen, tuple(by), tests)

    def _pool(self, period, open_items: bool, sessions: frozenset[int]) -> facts.Pool:
        return self.ctx._facts_pool(facts.selection(period, open_items, sessions))
