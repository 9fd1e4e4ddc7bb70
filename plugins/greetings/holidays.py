"""The statutory holidays of a year with their first days, from the `chinesecalendar` package (2004–2026 as it
ships; a year it does not know has none, and no greeting is drafted for it)."""

from __future__ import annotations

import datetime as dt

import attrs
import chinese_calendar

NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
         "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节", "National Day": "国庆节"}


@attrs.frozen
class Holiday:
    name: str  # Chinese: 春节
    first: dt.date

    @property
    def key(self) -> str:
        return f"{self.first.year}-{self.name}"


def of_year(year: int) -> list[Holiday]:
    """Each holiday's first day off; a National Day joined with Mid-Autumn counts as both, under the first name
    chinesecalendar gives the run."""
    found: list[Holiday] = []
    day, last_name = dt.date(year, 1, 1), None
    while day.year == year:
        try:
            off, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:  # a year the package has no data for
            return []
        label = NAMES.get(name or "")
        if off and label and label != last_name:
            found.append(Holiday(label, day))
        last_name = label if off else None
        day += dt.timedelta(days=1)
    return found
