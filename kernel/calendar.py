"""Day counting: calendar days, working days, months, and the roll-forward off rest days.

Counting follows Civil Procedure Law art. 85 (chosen): the first day is not counted, "N months" lands
on the same day of the month (clamped to the month's end), and a due date on a rest day moves to the next
working day. Rest days come from a local holidays file first, date by date, then the `chinesecalendar` package
(a year the file marks `replace = true` takes nothing from the package); a year neither covers counts weekends
only and is reported in `warnings`, never raised.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import tomllib
from pathlib import Path

import attrs
from dateutil.relativedelta import relativedelta

from .errors import InputError

try:  # the package raises NotImplementedError outside the years it knows
    import chinese_calendar as _cc
except ImportError:  # pragma: no cover - it is a declared dependency
    _cc = None


class Unit(enum.Enum):
    DAYS = "days"
    WORKING_DAYS = "working days"
    MONTHS = "months"


_UNIT_WORDS = {
    "day": Unit.DAYS,
    "days": Unit.DAYS,
    "working day": Unit.WORKING_DAYS,
    "working days": Unit.WORKING_DAYS,
    "month": Unit.MONTHS,
    "months": Unit.MONTHS,
}
YEARS = (1900, 2199)
_PERIOD_RE = re.compile(r"^\s*(\d+)\s+([a-z ]+?)\s*$")


@attrs.frozen
class Duration:
    """A length of time as the rules state it: "1 month", "10 days", "20 working days"."""

    amount: int = attrs.field(validator=attrs.validators.ge(0))
    unit: Unit

    @classmethod
    def parse(cls, text: str, field: str = "period") -> "Duration":
        if isinstance(text, Duration):
            return text
        match = _PERIOD_RE.match(str(text))
        if not match or match.group(2) not in _UNIT_WORDS:
            raise InputError(field, f"期限格式无效 {text!r}，应如 \"1 month\"、\"10 days\"、\"20 working days\"")
        return cls(int(match.group(1)), _UNIT_WORDS[match.group(2)])

    @property
    def zh(self) -> str:
        """The period as a clerk reads it: 3 个月, 2 日, 20 个工作日."""
        return f"{self.amount} " + {Unit.DAYS: "日", Unit.WORKING_DAYS: "个工作日", Unit.MONTHS: "个月"}[self.unit]

    def __str__(self) -> str:
        word = self.unit.value
        if self.amount == 1:
            word = word[:-1]
        return f"{self.amount} {word}"


@attrs.frozen
class YearData:
    """One year's official rest days and make-up working days (调休) from the local file. They add to and
    correct chinesecalendar date by date; `replace` makes them the whole year's data (other days by weekday)."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    replace: bool = False


@attrs.frozen
class Counted:
    """A computed due date with what a clerk needs to check it: the raw landing day and the roll."""

    start: dt.date
    period: Duration
    raw: dt.date
    due: dt.date

    @property
    def rolled(self) -> bool:
        return self.raw != self.due


def parse_date(text: str, field: str = "--date") -> dt.date:
    """Parse YYYY-MM-DD strictly, naming the field on failure."""
    if isinstance(text, dt.date):
        return text
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(text)):
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(field, f"日期无效 {text!r}，应为 YYYY-MM-DD 格式的真实日期") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise InputError(field, f"日期 {text} 超出可处理的范围（{YEARS[0]}–{YEARS[1]} 年）")
    return day


def load_holidays_file(path: Path) -> dict[int, YearData]:
    """Read `holidays.toml`: one table per year with `holidays` and `workdays` lists of dates, and `replace`."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(str(path), f"节假日文件无法读取：{exc}") from None
    years: dict[int, YearData] = {}
    for key, table in raw.items():
        if not (isinstance(key, str) and (key.isascii() and key.isdigit()) and isinstance(table, dict)):
            raise InputError(f"{path.name} [{key}]", "应为年份表，如 [2027]")
        year = int(key)
        unknown = set(table) - {"holidays", "workdays", "replace"}
        if unknown:
            raise InputError(f"{path.name} [{key}]",
                             f"未知的键 {'、'.join(sorted(unknown))}（只能有 holidays、workdays 和 replace）")
        replace = table.get("replace", False)
        if not isinstance(replace, bool):
            raise InputError(f"{path.name} [{key}].replace", f"应为 true 或 false，实为 {replace!r}")
        sets = {}
        for name in ("holidays", "workdays"):
            values = table.get(name, [])
            if not isinstance(values, list):
                raise InputError(f"{path.name} [{key}].{name}", "应为日期列表，如 [\"2027-01-01\"]")
            dates = set()
            for value in values:
                if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
                    raise InputError(f"{path.name} [{key}].{name}", f"{value!r} 不是日期（应为 YYYY-MM-DD）")
                day = value if isinstance(value, dt.date) else parse_date(value, f"{path.name} [{key}].{name}")
                if day.year != year:
                    raise InputError(f"{path.name} [{key}].{name}", f"{day} 不在 {year} 年内")
                dates.add(day)
            sets[name] = frozenset(dates)
        both = sets["holidays"] & sets["workdays"]
        if both:
            raise InputError(f"{path.name} [{key}]", f"{min(both)} 同时列为休息日和调休上班日")
        years[year] = YearData(**sets, replace=replace)
    return years


@functools.lru_cache(maxsize=4096)
def _cc_workday(day: dt.date) -> bool | None:
    """chinesecalendar's answer, None beyond its years; remembered, as each of its answers re-scans its holiday
    tables (a tick over hundreds of due clocks asks about the same few weeks thousands of times)."""
    if _cc is None:
        return None
    try:
        return _cc.is_workday(day)
    except NotImplementedError:
        return None


@attrs.define
class Calendar:
    """Working-day calendar over local data, then `chinesecalendar`, then weekends only (with a warning)."""

    local: dict[int, YearData] = attrs.field(factory=dict)
    warnings: set[int] = attrs.field(factory=set)

    @classmethod
    def for_home(cls, home: Path) -> "Calendar":
        path = Path(home) / "holidays.toml"
        return cls(load_holidays_file(path) if path.exists() else {})

    def source(self, year: int) -> str:
        """Where this year's rest days come from: 'local', 'local+chinesecalendar', 'chinesecalendar' or 'weekends'."""
        known = _cc_workday(dt.date(year, 1, 1)) is not None
        if year in self.local:
            return "local+chinesecalendar" if known and not self.local[year].replace else "local"
        return "chinesecalendar" if known else "weekends"

    def is_workday(self, day: dt.date) -> bool:
        data = self.local.get(day.year)
        if data is not None:
            if day in data.workdays:
                return True
            if day in data.holidays:
                return False
            if data.replace:
                return day.weekday() < 5
        known = _cc_workday(day)
        if known is not None:
            return known
        if data is not None:  # the file speaks for this year, only not for this day: weekends, no warning
            return day.weekday() < 5
        self.warnings.add(day.year)
        return day.weekday() < 5

    def next_workday(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def previous_workday(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the last working day before it."""
        while not self.is_workday(day):
            day -= dt.timedelta(days=1)
        return day

    def count(self, start: dt.date, period: Duration, roll_forward: bool = True) -> Counted:
        """Where `period` from `start` ends (first day not counted), rolled off rest days if asked."""
        if period.unit is Unit.MONTHS:
            raw = start + relativedelta(months=period.amount)
        elif period.unit is Unit.DAYS:
            raw = start + dt.timedelta(days=period.amount)
        else:
            raw = start
            left = period.amount
            while left > 0:
                raw += dt.timedelta(days=1)
                if self.is_workday(raw):
                    left -= 1
        due = self.next_workday(raw) if roll_forward else raw
        return Counted(start=start, period=period, raw=raw, due=due)

    def add(self, start: dt.date, period: Duration | str, roll_forward: bool = True) -> dt.date:
        return self.count(start, Duration.parse(period), roll_forward).due

    def warning_lines(self) -> list[str]:
        return [
            f"警告：{year} 年没有节假日数据，仅按周末计算；请在数据目录的 holidays.toml 中补充该年安排。"
            for year in sorted(self.warnings)
        ]
