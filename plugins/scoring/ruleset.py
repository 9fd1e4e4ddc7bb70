"""A rule set (考核办法): which items count, how each indicator is read, the weights or per-item points, and
who is commended or named. Every variant is one of these records, registered through
`register_scoring_rules`; what its text leaves open is said in `choices`, each marked （选定）."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import attrs
from attrs.validators import deep_mapping, ge, in_, instance_of, optional

from lianluo.kernel.calendar import Period
from lianluo.plugins.suggestions.vocab import RATINGS  # what is scored is the suggestions plugin's feedback

INDICATORS = {
    "completion": "办结率",
    "on_time": "按期办结率",
    "reply": "答复率",
    "satisfaction": "满意率",
    "meeting": "见面率",
    "feedback": "反馈率",
    "coverage": "代表覆盖率",
}
DEFAULT_KINDS = ("suggestion", "motion", "proposal", "letter", "visit", "complaint")
COMPLETION = ("replied", "solved")
PER = ("per_item", "per_deputy")
CHOICE_TOPICS = ("kinds", "completion", "satisfaction", "weights", "lists", "min_count")

_percent = deep_mapping(in_(INDICATORS), instance_of(int))


def _points(values: Mapping[str, int]) -> int:
    return max(values.values(), default=0)


def _total_100(instance: "ItemPoints", attribute, value) -> None:
    top = instance.speed + max(_points(instance.quality), instance.unrated) + _points(value)
    if top != 100:
        raise ValueError(f"item points must total 100 at best, not {top}")


@attrs.frozen
class ItemPoints:
    """Each item scored out of 100 (Hainan 2002): `speed` when its deadline was met, quality from the ratings
    (their mean; `unrated` when answered without feedback), result from the latest reply's category.
    An item never answered scores 0."""

    speed: int = attrs.field(validator=ge(0))
    quality: Mapping[str, int] = attrs.field(validator=deep_mapping(in_(RATINGS), instance_of(int)))
    unrated: int = attrs.field(validator=ge(0))
    result: Mapping[str, int] = attrs.field(validator=[deep_mapping(instance_of(str), instance_of(int)), _total_100])

    def score(self, answered: bool, met: bool, ratings: list[str], category: str | None) -> Fraction:
        if not answered:
            return Fraction(0)
        quality = Fraction(sum(self.quality[r] for r in ratings), len(ratings)) if ratings else Fraction(self.unrated)
        return (self.speed if met else 0) + quality + self.result.get(category or "", 0)

    def to_doc(self) -> dict:
        return {"speed": self.speed, "quality": dict(self.quality), "unrated": self.unrated,
                "result": dict(self.result)}


def _scored(instance: "RuleSet", attribute, value) -> None:
    if not instance.weights and value is None:
        raise ValueError(f"rule set {instance.name!r} needs weights or per-item points")


@attrs.frozen
class RuleSet:
    """One way of assessing liaison work; thresholds and targets are in points and percent (integers)."""

    name: str
    label: str
    source: str
    kinds: tuple[str, ...] = DEFAULT_KINDS
    completion: str = attrs.field(default="replied", validator=in_(COMPLETION))
    solved: tuple[str, ...] = ("A",)
    satisfied: tuple[str, ...] = attrs.field(default=("satisfied", "basic"),
                                             validator=attrs.validators.deep_iterable(in_(RATINGS)))
    ratings: str = attrs.field(default="per_item", validator=in_(PER))
    late_feedback_after: Period | None = attrs.field(default=None, validator=optional(instance_of(Period)))
    min_count: int = attrs.field(default=3, validator=ge(1))
    weights: Mapping[str, int] = attrs.field(factory=dict, validator=_percent)
    points: ItemPoints | None = attrs.field(default=None, validator=[optional(instance_of(ItemPoints)), _scored])
    targets: Mapping[str, int] = attrs.field(factory=dict, validator=_percent)
    commend_at: int | None = attrs.field(default=None, validator=optional(instance_of(int)))
    name_below: int | None = attrs.field(default=None, validator=optional(instance_of(int)))
    choices: Mapping[str, str] = attrs.field(factory=dict, validator=deep_mapping(in_(CHOICE_TOPICS), instance_of(str)))
    plugin: str = ""

    def settings(self) -> dict:
        """The rule set's numbers, for `--json` (stable English keys)."""
        return {
            "kinds": list(self.kinds),
            "completion": self.completion,
            "solved": list(self.solved),
            "satisfied": list(self.satisfied),
            "ratings": self.ratings,
            "late_feedback_after": str(self.late_feedback_after) if self.late_feedback_after else None,
            "min_count": self.min_count,
            "weights": dict(self.weights),
            "points": self.points.to_doc() if self.points else None,
            "targets": dict(self.targets),
            "commend_at": self.commend_at,
            "name_below": self.name_below,
        }
