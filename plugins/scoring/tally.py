"""What one item adds to each indicator under a rule set: a numerator and a denominator, and its points.

An indicator's denominator is the items it can judge: completion and reply over every item counted;
on-time over items answered or past their deadline; meeting over answered items; feedback over answered
items of kinds that take feedback; satisfaction over the ratings the rule set counts — the item's latest
(per item) or each deputy's latest (per deputy), late forms left out when the rule set says so.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import attrs

from .facts import Facts, Feedback
from .ruleset import RuleSet


@attrs.frozen
class Ratio:
    numerator: int = 0
    denominator: int = 0

    def __add__(self, other: "Ratio") -> "Ratio":
        return Ratio(self.numerator + other.numerator, self.denominator + other.denominator)


def lateness(rules: RuleSet, calendar, roll_forward: bool) -> Callable[[Feedback], bool]:
    """Whether a form came later than the rule set's window after the answer it rates."""
    window = rules.late_feedback_after

    def late(form: Feedback) -> bool:
        if window is None or form.answered is None:
            return False
        return form.at > calendar.count(form.answered, window, roll_forward).due

    return late


def counted_ratings(facts: Facts, rules: RuleSet, late: Callable[[Feedback], bool]) -> list[str]:
    """The ratings this rule set counts for the item: the latest form, or each deputy's latest."""
    if rules.ratings == "per_item":
        chosen = list(facts.feedback[-1:])
    else:
        chosen = []
        for deputy in facts.item.deputies:
            own = [f for f in facts.feedback if f.deputy in (None, deputy)]
            chosen += own[-1:]
    return [f.rating for f in chosen if not late(f)]


@attrs.frozen
class Counted:
    """One item under one rule set: what it adds to each indicator (`counts`: each indicator's numerator and
    denominator in RATIOS order, flat, summed by `sums`), and its points (per-item rule sets)."""

    facts: Facts
    counts: tuple[int, ...]
    points: Fraction | None = None


RATIOS = ("completion", "on_time", "reply", "satisfaction", "meeting", "feedback")  # `count`'s columns, in order


def sums(counted: list[Counted]) -> dict[str, Ratio]:
    """Each indicator's ratios over the items, summed (`total` of every key in one pass, in C)."""
    columns = [sum(col) for col in zip(*[c.counts for c in counted])] or [0] * (2 * len(RATIOS))
    return {key: Ratio(columns[2 * n], columns[2 * n + 1]) for n, key in enumerate(RATIOS)}


def count(facts: Facts, rules: RuleSet, late: Callable[[Feedback], bool]) -> Counted:
    """The item's share of every item indicator (the module's docstring says over what), and its points when
    the rule set scores per item. Counts, not `Ratio`s: a year's ranking of a network judges every matter of
    every organisation, and this is once per matter and rule set."""
    answered = facts.answered
    # a case has no reply category: telling the deputy its result is both its answer and its solution
    solved = answered and (facts.category is None or facts.category in rules.solved)
    ratings = counted_ratings(facts, rules, late) if facts.rated and facts.feedback else []
    done = answered if rules.completion == "replied" else solved
    met = facts.deadline == "met"
    rated = answered and facts.rated
    counts = (1 if done else 0, 1,
              1 if met else 0, 1 if met or facts.deadline == "missed" else 0,  # on time: of answered or past due
              1 if answered else 0, 1,
              sum(r in rules.satisfied for r in ratings), len(ratings),
              1 if answered and facts.met_before else 0, 1 if answered else 0,
              1 if rated and facts.feedback else 0, 1 if rated else 0)
    points = None
    if rules.points is not None:
        points = rules.points.score(answered, met, ratings, facts.category)
    return Counted(facts, counts, points)
