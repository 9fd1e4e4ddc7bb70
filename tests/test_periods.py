"""Reporting periods as clerks name them."""

from __future__ import annotations

import datetime as dt

import pytest

from lianluo.kernel.errors import InputError
from lianluo.kernel.periods import ReportPeriod


@pytest.mark.parametrize("text, start, end, label", [
    ("2026", "2026-01-01", "2026-12-31", "2026 年"),
    ("2026-H1", "2026-01-01", "2026-06-30", "2026 年上半年"),
    ("2026-H2", "2026-07-01", "2026-12-31", "2026 年下半年"),
    ("2026-Q1", "2026-01-01", "2026-03-31", "2026 年第 1 季度"),
    ("2026-Q3", "2026-07-01", "2026-09-30", "2026 年第 3 季度"),
    ("2026-B1", "2026-01-01", "2026-02-28", "2026 年第 1 个双月"),
    ("2028-B1", "2028-01-01", "2028-02-29", "2028 年第 1 个双月"),
    ("2026-B6", "2026-11-01", "2026-12-31", "2026 年第 6 个双月"),
    ("2026-05", "2026-05-01", "2026-05-31", "2026 年 5 月"),
])
def test_period_forms(text, start, end, label):
    period = ReportPeriod.parse(text)
    assert (period.start.isoformat(), period.end.isoformat(), period.label) == (start, end, label)
    assert period.contains(dt.date.fromisoformat(start)) and not period.contains(period.end + dt.timedelta(days=1))


@pytest.mark.parametrize("text", ["2026-H3", "2026-Q5", "2026-B7", "2026-13", "2026-5", "26", "", "2026/05", "0001"])
def test_bad_periods_name_the_field(text):
    with pytest.raises(InputError) as caught:
        ReportPeriod.parse(text)
    assert caught.value.field == "--period"
