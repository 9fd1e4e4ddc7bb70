"""Where rule sets disagree on the same data: a unit ranked differently (or ranked by one and not another),
and a unit on the commend or name list under one rule set but not under another."""

from __future__ import annotations

from .assess import UNITS, Assessment

LISTS = {"commend": "表彰", "named": "通报"}


def units(assessments: list[Assessment]) -> list[tuple[str, str]]:
    """Every (kind, name) in display order: departments, then officers."""
    seen: dict[tuple[str, str], None] = {}
    for a in assessments:
        for unit in (*a.departments, *a.officers):
            seen[(unit.kind, unit.name)] = None
    return sorted(seen, key=lambda key: list(UNITS).index(key[0]))


def differences(assessments: list[Assessment]) -> list[dict]:
    if len(assessments) < 2:
        return []
    found = []
    for kind, name in units(assessments):
        ranks = {a.rules.name: a.rank_of(kind, name) for a in assessments}
        if len(set(ranks.values())) > 1:
            found.append({"type": "rank", "unit": kind, "name": name, "ranks": ranks})
    for which in LISTS:
        for kind, name in units(assessments):
            listed = {a.rules.name: a.listed(which, kind, name) for a in assessments}
            if len(set(listed.values())) > 1:
                found.append({"type": which, "unit": kind, "name": name, "listed": listed})
    return found
