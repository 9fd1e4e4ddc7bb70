"""Organisations ranked under the reporting organisation's own rules, by its plugins (`rank_organisations`).

Why a hook: how organisations are judged against each other (which indicators, their weights, who is named)
is the upper organisation's assessment method — a rule of that organisation, like the ranking of its
departments, not something the kernel knows. The kernel hands each plugin of the upper the organisations the
report covers, each opened read-only with its neutral counts (figures.py); a plugin gives one ranking per
rule set it applies, and the report shows them side by side. When no plugin ranks, the report lists the
organisations without a rank."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..context import App
from ..errors import LianluoError
from ..hooks import call_each
from ..models import Item
from ..periods import ReportPeriod

HOOK = "rank_organisations"


@attrs.frozen
class NetworkMember:
    """One organisation a network report covers: its code and name, its home opened read-only (its own
    profile, plugins and clocks), and its neutral counts for the period (figures.COUNTS)."""

    code: str
    name: str
    app: App
    figures: Mapping[str, Any]

    @staticmethod
    def counts(item: Item) -> bool:
        """Whether this organisation's row counts `item`: a matter it handed down is counted once, by the
        organisation below that handles it."""
        return not item.extra.get("handed_to_org")


@attrs.frozen
class OrganisationScore:
    """One organisation under one rule set: its score (None when the rule set cannot judge it), the score as
    printed (a number, or why there is none), and its rank (None without a score)."""

    score: float | None
    text: str
    rank: int | None = None

    def to_doc(self) -> dict[str, Any]:
        return {"score": self.score, "text": self.text, "rank": self.rank}


@attrs.frozen
class OrganisationRanking:
    """The organisations under one rule set: `scores` by organisation code."""

    name: str
    label: str
    scores: Mapping[str, OrganisationScore]
    plugin: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "plugin": self.plugin,
                "scores": {code: s.to_doc() for code, s in self.scores.items()}}


def rankings(app: App, period: ReportPeriod, members: list[NetworkMember], ctx) -> tuple[list[OrganisationRanking], list[str]]:
    """Every ranking the reporting organisation's plugins give, and a one-line note for each plugin that
    failed (the report is shown without its ranking), as a failed section of a period report is noted."""
    found, notes = [], []
    for answer in call_each(app.pm, HOOK, period=period, organisations=members, ctx=ctx):
        if answer.error is not None:
            error = answer.error
            reason = str(error) if isinstance(error, LianluoError) else f"{type(error).__name__}: {error}"
            notes.append(f"插件 {answer.plugin} 未能给出各单位的排名（{reason}）。")
            continue
        for ranking in answer.result or ():
            if not isinstance(ranking, OrganisationRanking):
                notes.append(f"插件 {answer.plugin} 未能给出各单位的排名（应返回 OrganisationRanking，实为 "
                             f"{type(ranking).__name__}）。")
                continue
            found.append(attrs.evolve(ranking, plugin=ranking.plugin or answer.plugin))
    return found, notes
