"""What a period holds, whatever the rule set: its items read as of a day, the departments, the liaison
officers with their paired deputies, and the deputies reached.

An item belongs to the period it was registered in (its `received` day), whenever it was answered. A deputy
is reached who raised an item registered in the period (any kind) or attended an activity held in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from lianluo.kernel import Department, Fact, ReportPeriod

from .facts import Facts, Reader


@attrs.frozen
class Ledger:
    period: ReportPeriod
    as_of: dt.date
    facts: tuple[Facts, ...]
    departments: tuple[Department, ...]
    officers: dict[str, tuple[int, ...]]
    deputies: tuple[int, ...]
    reached: frozenset[int]


def _in(period: ReportPeriod, as_of: dt.date, day: dt.date, session: int | None = None) -> bool:
    return period.covers(day, session) and day <= as_of


def read_ledger(ctx, period: ReportPeriod, as_of: dt.date, keep: Callable[[Fact], bool] | None = None) -> Ledger:
    """`keep`: which items the unit counts (a network member leaves out what it handed down)."""
    items = [i for i in ctx.facts.rows(period) if i.received <= as_of and (keep is None or keep(i))]  # `Fact`s: no Item made
    reader = Reader(ctx, as_of)
    deputies = ctx.directory.deputies()
    officers: dict[str, list[int]] = {}
    for deputy in deputies:
        if deputy.liaison:
            officers.setdefault(deputy.liaison, []).append(deputy.id)
    reached = {d for i in items for d in i.deputies}
    for held in ctx.query("activities.held"):  # none when the activities plugin is not enabled
        if _in(period, as_of, dt.date.fromisoformat(held["date"])):
            reached.update(held["attended"] or ())
    return Ledger(
        period=period,
        as_of=as_of,
        facts=tuple(reader.facts(i) for i in sorted(items, key=lambda i: i.id)),
        departments=tuple(sorted(ctx.directory.departments(), key=lambda d: d.id)),
        officers={name: tuple(ids) for name, ids in sorted(officers.items())},
        deputies=tuple(d.id for d in deputies),
        reached=frozenset(reached),
    )
