"""A unit's composite score, the rankings, and the commend / name lists (Liwan art. 29).

Weighted rule sets: the sum of weight × rate over the indicators the rule set weighs, rescaled to 100 over
the weights of those the unit can be judged on (a guarded or empty indicator drops out, and a department has
no deputy coverage). Per-item rule sets: the mean of the unit's item points, guarded below `min_count` items.
A unit with no item in the period has nothing handled to score, whatever its coverage; a unit with no score
is not ranked and is on neither list.
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from .figures import NO_DATA, THIN, Figure, one_decimal
from .ruleset import INDICATORS, RuleSet
from .tally import Counted


@attrs.frozen
class Score:
    value: Fraction | None
    guarded: bool = False

    @property
    def text(self) -> str:
        if self.value is None:
            return THIN if self.guarded else NO_DATA
        return f"{one_decimal(self.value):.1f}"

    def to_doc(self) -> float | None:
        return one_decimal(self.value) if self.value is not None else None


def score(figures: dict[str, Figure], counted: list[Counted], rules: RuleSet) -> Score:
    if not counted:
        return Score(None)
    if rules.points is not None:
        if len(counted) < rules.min_count:
            return Score(None, guarded=True)
        return Score(sum((c.points for c in counted), Fraction(0)) / len(counted))
    weighed = {k: w for k, w in rules.weights.items() if w and k in figures}
    usable = {k: w for k, w in weighed.items() if figures[k].usable}
    if not usable:
        return Score(None, guarded=any(figures[k].denominator for k in weighed))
    total = sum(w * figures[k].rate for k, w in usable.items())
    return Score(total * 100 / sum(usable.values()))


def ranks(scores: list[Score]) -> list[int | None]:
    """Competition ranks (1, 1, 3) by exact score, highest first; None for a unit without a score."""
    values = [s.value for s in scores if s.value is not None]
    return [None if s.value is None else 1 + sum(v > s.value for v in values) for s in scores]


@attrs.frozen
class Listing:
    """A unit on the commend or the name list, with the reasons in Chinese."""

    unit: str
    name: str
    reasons: tuple[str, ...]

    def to_doc(self) -> dict:
        return {"unit": self.unit, "name": self.name, "reasons": list(self.reasons)}


def judge(unit: str, name: str, figures: dict[str, Figure], result: Score, rules: RuleSet):
    """(commend, name): each a Listing or None. Missing any target, or scoring below `name_below`, names a
    unit; scoring at least `commend_at` with every target met commends it."""
    if result.value is None:
        return None, None
    missed = [f"{INDICATORS[k]} {figures[k].text}低于 {target}%" for k, target in rules.targets.items()
              if k in figures and figures[k].below(target)]
    if rules.name_below is not None and result.value < rules.name_below:
        missed.append(f"综合得分 {result.text} 低于 {rules.name_below}")
    if missed:
        return None, Listing(unit, name, tuple(missed))
    if rules.commend_at is not None and result.value >= rules.commend_at:
        reasons = [f"综合得分 {result.text} 不低于 {rules.commend_at}"]
        if rules.targets:
            reasons.append("没有指标低于目标")
        return Listing(unit, name, tuple(reasons)), None
    return None, None
