"""Reporting periods as clerks name them: 2026, 2026-H1, 2026-Q3, 2026-B2 (two-month), 2026-05."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re

import attrs

from .errors import InputError

_FORMS = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-H([12])$"), "half"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-B([1-6])$"), "bimonth"),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "month"),
)
_MONTHS = {"year": 12, "half": 6, "quarter": 3, "bimonth": 2, "month": 1}
_NAME = {"year": "{y}", "half": "{y}-H{n}", "quarter": "{y}-Q{n}", "bimonth": "{y}-B{n}", "month": "{y}-{n:02d}"}
_LABEL = {"year": "{y} 年", "half": "{y} 年{n}半年", "quarter": "{y} 年第 {n} 季度", "bimonth": "{y} 年第 {n} 个双月",
          "month": "{y} 年 {n} 月"}


@attrs.frozen
class Period:
    """A closed range of days with the name it was asked by."""

    name: str
    kind: str
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        year, n = self.start.year, (self.start.month - 1) // _MONTHS[self.kind] + 1
        if self.kind == "half":
            return _LABEL["half"].format(y=year, n="上" if n == 1 else "下")
        return _LABEL[self.kind].format(y=year, n=self.start.month if self.kind == "month" else n)

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> "Period":
        """The `kind` period (year, half, quarter, bimonth, month) that `day` falls in."""
        return cls.parse(_NAME[kind].format(y=day.year, n=(day.month - 1) // _MONTHS[kind] + 1))

    def previous(self) -> "Period":
        """The period of the same kind just before this one."""
        return Period.containing(self.kind, self.start - dt.timedelta(days=1))

    @classmethod
    def parse(cls, text: str, field: str = "--period") -> "Period":
        for pattern, kind in _FORMS:
            match = pattern.match(str(text).strip())
            if match:
                year = int(match.group(1))
                n = 1 if kind == "year" else int(match.group(2))
                months = _MONTHS[kind]
                first = 1 if kind == "year" else (n if kind == "month" else (n - 1) * months + 1)
                last = first + months - 1
                if not 1900 <= year <= 2199:
                    break
                end = dt.date(year, last, _cal.monthrange(year, last)[1])
                return cls(str(text).strip(), kind, dt.date(year, first, 1), end)
        raise InputError(field, f"期间格式无效 {text!r}；可用如 2026、2026-H1、2026-Q3、2026-B2（双月）、2026-05")
