"""The thresholds of a clock: warnings before due, the due day, chases and escalations after it.

Pure functions of the clock and the calendar, so the tick, `item explain` and the open-clock index all
agree on the same points.
"""

from __future__ import annotations

import datetime as dt

from .calendar import Calendar
from .models import Clock, Item, Point, PointKind


def points(clock: Clock, calendar: Calendar) -> list[Point]:
    """Every threshold of the clock's current round, in date order. A warning that would fall on a rest day
    goes out on the working day before (nobody reads it on a holiday); one before the clock's start, or on the
    same day as a nearer warning, is dropped."""
    found: list[Point] = []
    for days in sorted(set(clock.alarm.warn), reverse=True):
        day = calendar.previous_workday(clock.due - dt.timedelta(days=days)) if days > 0 else clock.due
        if days > 0 and day >= clock.start and day < clock.due:
            if found and found[-1].date == day:
                found.pop()
            found.append(Point(PointKind.WARN, days, day))
    found.append(Point(PointKind.DUE, 0, clock.due))
    day = calendar.next_workday(clock.due + dt.timedelta(days=1))
    for chase in range(1, clock.alarm.chases + 1):
        found.append(Point(PointKind.CHASE, chase, day))
        day = calendar.add(day, clock.alarm.chase_every)
    for level in range(1, clock.alarm.levels + 1):
        found.append(Point(PointKind.ESCALATE, level, day))
        day = calendar.add(day, clock.alarm.chase_every)
    return found


def pending(clock: Clock, calendar: Calendar, today: dt.date) -> list[Point]:
    """Points of an open clock that fell on or before today and have not fired in this round."""
    if not clock.running:
        return []
    return [p for p in points(clock, calendar) if p.date <= today and p.name not in clock.fired]


def next_check(item: Item, calendar: Calendar) -> str | None:
    """The earliest day any open clock of the item has an unfired point: the tick's index key."""
    days = [
        p.date
        for clock in item.clocks
        if clock.running
        for p in points(clock, calendar)
        if p.name not in clock.fired
    ]
    return min(days).isoformat() if days else None


PREFIX = {"items": "item", "tasks": "task"}


def ledger_key(item_id: int, clock: Clock, point: Point, table: str = "items") -> str:
    """The identity of a firing: item, clock, round and threshold — never the run or the day."""
    return f"{PREFIX.get(table, table)}/{item_id}/{clock.name}/r{clock.round}/{point.name}"
