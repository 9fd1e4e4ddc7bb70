"""One rule set applied to a period's ledger: every department, liaison officer and the organisation with
their indicators and score, the rankings, and the commend / name lists.

A department's items are those it leads (unassigned items count for the organisation only); an officer's
are those raised by any of their paired deputies, each item once however many of them joined it, with the
item's whole tally; the organisation's are all of them.
"""

from __future__ import annotations

import attrs

from .composite import Listing, Score, judge, ranks, score
from .figures import Figure
from .ledger import Ledger
from .ruleset import INDICATORS, RuleSet
from .tally import Counted, count, lateness, sums

UNITS = {"department": "部门", "officer": "联络员"}


@attrs.frozen
class Unit:
    """A department, an officer or the organisation: its items, indicators, score and (once ranked) rank;
    `deputies` is the number its coverage is over (none for a department)."""

    kind: str
    name: str
    items: int
    figures: dict[str, Figure]
    score: Score
    id: int | None = None
    deputies: int | None = None
    rank: int | None = None

    def to_doc(self) -> dict:
        doc = {"name": self.name, "items": self.items,
               "indicators": {k: f.to_doc() for k, f in self.figures.items()},
               "score": self.score.to_doc(), "rank": self.rank}
        if self.id is not None:
            doc = {"id": self.id, **doc}
        if self.deputies is not None:
            doc["deputies"] = self.deputies
        return doc


@attrs.frozen
class Assessment:
    """A period under one rule set."""

    rules: RuleSet
    organisation: Unit
    departments: tuple[Unit, ...]
    officers: tuple[Unit, ...]
    commend: tuple[Listing, ...]
    named: tuple[Listing, ...]
    unassigned: int

    def ranking(self) -> list[Unit]:
        ranked = [u for u in (*self.departments, *self.officers) if u.rank is not None]
        return sorted(ranked, key=lambda u: (list(UNITS).index(u.kind), u.rank, u.name))

    def unit(self, kind: str, name: str) -> Unit | None:
        return next((u for u in (*self.departments, *self.officers) if (u.kind, u.name) == (kind, name)), None)

    def rank_of(self, kind: str, name: str) -> int | None:
        found = self.unit(kind, name)
        return found.rank if found else None

    def listed(self, which: str, kind: str, name: str) -> bool:
        return any((l.unit, l.name) == (kind, name) for l in getattr(self, which))

    def to_doc(self) -> dict:
        return {
            "name": self.rules.name,
            "label": self.rules.label,
            "source": self.rules.source,
            "plugin": self.rules.plugin,
            "settings": self.rules.settings(),
            "choices": dict(self.rules.choices),
            "organisation": {k: f.to_doc() for k, f in self.organisation.figures.items()},
            "organisation_items": self.organisation.items,
            "organisation_score": self.organisation.score.to_doc(),
            "unassigned": self.unassigned,
            "departments": [u.to_doc() for u in self.departments],
            "officers": [u.to_doc() for u in self.officers],
            "ranking": [{"unit": u.kind, "name": u.name, "rank": u.rank, "score": u.score.to_doc()}
                        for u in self.ranking()],
            "commend": [l.to_doc() for l in self.commend],
            "named": [l.to_doc() for l in self.named],
        }


def _unit(kind: str, name: str, counted: list[Counted], rules: RuleSet, ledger: Ledger,
          deputies: tuple[int, ...] | None = None, unit_id: int | None = None) -> Unit:
    figures = {}
    summed = sums(counted)
    for key in INDICATORS:
        if key == "coverage":
            if deputies is not None:
                figures[key] = Figure.of(len(ledger.reached & set(deputies)), len(deputies), rules.min_count)
            continue
        total = summed[key]
        figures[key] = Figure.of(total.numerator, total.denominator, rules.min_count)
    return Unit(kind, name, len(counted), figures, score(figures, counted, rules), id=unit_id,
                deputies=len(deputies) if deputies is not None else None)


def _ranked(units: list[Unit]) -> tuple[Unit, ...]:
    return tuple(attrs.evolve(u, rank=r) for u, r in zip(units, ranks([u.score for u in units])))


class _Index:
    """The counted items by lead department and by deputy, made in one pass (a year may hold tens of thousands
    of them, and every department and officer asks for its own), each answer in the items' order."""

    def __init__(self, counted: list[Counted]):
        self.counted = counted
        self.by_lead: dict[int | None, list[Counted]] = {}
        self.by_deputy: dict[int, list[int]] = {}
        for n, c in enumerate(counted):
            self.by_lead.setdefault(c.facts.item.lead, []).append(c)
            for deputy in c.facts.item.deputies:
                self.by_deputy.setdefault(deputy, []).append(n)

    def led_by(self, dept: int) -> list[Counted]:
        return self.by_lead.get(dept, [])

    def raised_by(self, deputies) -> list[Counted]:
        found = sorted(set().union(*(self.by_deputy.get(d, ()) for d in deputies)))
        return [self.counted[n] for n in found]


def _counted(rules: RuleSet, ledger: Ledger, calendar, roll_forward: bool) -> list[Counted]:
    late = lateness(rules, calendar, roll_forward)
    return [count(f, rules, late) for f in ledger.facts if f.item.kind in rules.kinds]


def whole(rules: RuleSet, ledger: Ledger, calendar, roll_forward: bool, name: str = "") -> Unit:
    """The organisation alone under a rule set (a network ranks organisations as units, network.py)."""
    counted = _counted(rules, ledger, calendar, roll_forward)
    return _unit("organisation", name, counted, rules, ledger, deputies=ledger.deputies)


def assess(rules: RuleSet, ledger: Ledger, calendar, roll_forward: bool) -> Assessment:
    counted = _counted(rules, ledger, calendar, roll_forward)
    index = _Index(counted)
    departments = _ranked([_unit("department", d.name, index.led_by(d.id), rules, ledger, unit_id=d.id)
                           for d in ledger.departments])
    officers = _ranked([_unit("officer", name, index.raised_by(paired), rules, ledger, deputies=paired)
                        for name, paired in ledger.officers.items()])
    commend, named = [], []
    for unit in (*departments, *officers):
        praised, blamed = judge(unit.kind, unit.name, unit.figures, unit.score, rules)
        commend += [praised] if praised else []
        named += [blamed] if blamed else []
    return Assessment(
        rules=rules,
        organisation=_unit("organisation", "", counted, rules, ledger, deputies=ledger.deputies),
        departments=departments,
        officers=officers,
        commend=tuple(commend),
        named=tuple(named),
        unassigned=sum(1 for c in counted if c.facts.item.lead is None),
    )
