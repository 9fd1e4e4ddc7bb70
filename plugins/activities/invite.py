"""Fair invitations (抽签或轮流, seed 002): every level of deputies gets an equal chance to take part.

Rotation proposes the least recently invited first. It keeps a queue: the eligible deputies in id order,
and each activity (by date, then record order) moves those it invited to the back, in their queue order.
Deputies invited together so keep their turns (a plain "last invited" date would tie them), and following
the proposals nobody is invited twice before every eligible deputy has been invited once.

Lottery draws with `random.Random(seed)` — the same seed and roster give the same draw — stratified by
level: each level gets a share proportional to its size and at least one seat while seats last; with
fewer seats than levels, the levels that get one are drawn too.
"""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

from lianluo.kernel import Deputy, Level

from .model import Activity

NEVER = (dt.date.min, 0)


def last_invited(activities: list[Activity]) -> dict[int, tuple[dt.date, int]]:
    """For each deputy, the (date, id) of the latest activity they were invited to."""
    last: dict[int, tuple[dt.date, int]] = {}
    for activity in activities:
        for deputy_id in activity.invited:
            last[deputy_id] = max(last.get(deputy_id, NEVER), (activity.date, activity.id))
    return last


def rotation(eligible: list[Deputy], activities: list[Activity], count: int) -> list[Deputy]:
    queue = sorted(eligible, key=lambda d: d.id)
    for activity in sorted(activities, key=lambda a: (a.date, a.id)):
        moved = [d for d in queue if d.id in activity.invited]
        if moved:
            queue = [d for d in queue if d.id not in activity.invited] + moved
    return queue[:count]


def shares(sizes: dict[Level, int], count: int, rng: random.Random) -> dict[Level, int]:
    """Seats per level: one each while seats last, the rest to the level furthest below its quota."""
    levels = [level for level in Level if sizes.get(level)]
    if count < len(levels):
        return {level: 1 for level in rng.sample(levels, count)}
    total = sum(sizes[level] for level in levels)
    seats = {level: 1 for level in levels}
    for _ in range(count - len(levels)):
        room = [level for level in levels if seats[level] < sizes[level]]
        best = max(room, key=lambda level: (Fraction(count * sizes[level], total) - seats[level], sizes[level]))
        seats[best] += 1
    return seats


def lottery(eligible: list[Deputy], count: int, seed: str) -> tuple[list[Deputy], dict[Level, int]]:
    """The drawn deputies (by level, then id) and the seats each level got."""
    rng = random.Random(seed)
    by_level: dict[Level, list[Deputy]] = {}
    for deputy in sorted(eligible, key=lambda d: d.id):
        by_level.setdefault(deputy.level, []).append(deputy)
    seats = shares({level: len(ds) for level, ds in by_level.items()}, count, rng)
    drawn = []
    for level in Level:
        if seats.get(level):
            drawn += sorted(rng.sample(by_level[level], seats[level]), key=lambda d: d.id)
    return drawn, seats
