"""An indicator as shown: numerator, denominator, and the minimum-count guard; scores to one decimal.

A rate over fewer than the rule set's `min_count` is shown as its fraction with （样本不足）, never as a
percentage, and takes no part in scores, lists or rankings; a rate over nothing is "—".
"""

from __future__ import annotations

import math
from fractions import Fraction

import attrs

NO_DATA = "—"
THIN = "样本不足"


def one_decimal(value: Fraction) -> float:
    """Rounded half up to one decimal, from the exact value (82.25 → 82.3)."""
    return math.floor(value * 10 + Fraction(1, 2)) / 10


@attrs.frozen
class Figure:
    numerator: int
    denominator: int
    guarded: bool

    @classmethod
    def of(cls, numerator: int, denominator: int, min_count: int) -> "Figure":
        return cls(numerator, denominator, 0 < denominator < min_count)

    @property
    def usable(self) -> bool:
        return self.denominator > 0 and not self.guarded

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.usable else None

    def below(self, percent: int) -> bool:
        return self.usable and self.numerator * 100 < percent * self.denominator

    @property
    def text(self) -> str:
        if not self.denominator:
            return NO_DATA
        fraction = f"{self.numerator}/{self.denominator}"
        return f"{fraction}（{THIN}）" if self.guarded else f"{fraction}（{one_decimal(self.rate * 100):.1f}%）"

    def to_doc(self) -> dict:
        rate = self.rate
        return {"numerator": self.numerator, "denominator": self.denominator,
                "rate": round(float(rate), 4) if rate is not None else None, "guarded": self.guarded}
