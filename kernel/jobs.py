"""Scheduled jobs: when they fall (cron, or a plugin's own rule) and what each occurrence does."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Protocol

import attrs
from croniter import croniter

from .errors import ProfileError
from .registry import add_named


class Schedule(Protocol):
    """Anything that lists the days a job falls on in a window."""

    def occurrences(self, after: dt.date, until: dt.date) -> list[dt.date]:
        """Days strictly after `after` and up to `until` inclusive, in order."""


@attrs.frozen
class CronSchedule:
    """A cron expression; the tick works in days, so several firings on one day are one occurrence."""

    expression: str

    def __attrs_post_init__(self) -> None:
        if not croniter.is_valid(self.expression):
            raise ProfileError(f"cron 表达式无效：{self.expression!r}")

    def occurrences(self, after: dt.date, until: dt.date) -> list[dt.date]:
        start = dt.datetime.combine(after, dt.time.max)
        end = dt.datetime.combine(until, dt.time.max)
        days: list[dt.date] = []
        for when in croniter(self.expression, start).all_next(dt.datetime):
            if when > end:
                break
            if not days or days[-1] != when.date():
                days.append(when.date())
        return days


@attrs.frozen
class OnDay:
    """A job that falls on one day only (e.g. the day after a session closes). It is caught up like a clock:
    whenever the first tick after that day comes (the home started late, the session entered after it closed),
    the job runs then — the tick's ledger of job runs keeps it to once."""

    day: dt.date
    catch_up = True

    def occurrences(self, after: dt.date, until: dt.date) -> list[dt.date]:
        return [self.day] if after < self.day <= until else []


@attrs.frozen
class Job:
    """A named periodic job: `run(day, ctx)` returns the notices for one occurrence."""

    name: str
    label: str
    schedule: Any
    run: Callable[..., Any]
    plugin: str = ""
    workdays: bool = True  # an occurrence on a rest day runs on the next working day (what people are sent)
    to: tuple[str, ...] = ()  # whom to tell when an occurrence keeps failing (a scheduled report: its recipients)


ROLL_LOOKBACK = dt.timedelta(days=31)  # longer than any run of rest days (Spring Festival: 9)


def due_days(job: Job, calendar, after: dt.date, until: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(occurrence, day it runs) for each occurrence that runs in (after, until]: an occurrence on a rest day
    runs on the next working day when the job says so; a catch-up schedule's past occurrences run now. The
    occurrence (not the run day) is the job run's identity, so the same occurrence never runs twice. Several
    occurrences landing on one run day (a daily job over a weekend) run once, as the latest: the job is given
    the run day, so the others would only repeat it."""
    since = dt.date.min if getattr(job.schedule, "catch_up", False) else after - ROLL_LOOKBACK
    by_run_day: dict[dt.date, dt.date] = {}
    for day in job.schedule.occurrences(since, until):
        runs = calendar.next_workday(day) if job.workdays else day
        if runs <= until and (runs > after or getattr(job.schedule, "catch_up", False)):
            by_run_day[runs if runs > after else until] = day
    return sorted(((day, runs) for runs, day in by_run_day.items()), key=lambda pair: pair[1])


RAISE_AFTER = 3  # a job occurrence failing this many runs in a row is raised to `to`, not retried in silence


def stuck_text(job: Job, day: dt.date, attempts: int, error: str) -> str:
    """The notice to `job.to` once an occurrence has failed RAISE_AFTER times (the tick keeps retrying it)."""
    first = error.strip().splitlines()[-1] if error.strip() else ""
    return (f"【{job.label}】{day} 的定期任务已连续 {attempts} 次未能完成（{first}），请管理员检查处理；"
            f"系统仍会在每次运行时重试")


class JobRegistry:
    def __init__(self) -> None:
        self.jobs: dict[str, Job] = {}

    def register_for(self, plugin: str):
        def register(job: Job) -> None:
            add_named(self.jobs, "定期任务", job, plugin)

        return register


@attrs.frozen
class MonthDays:
    """The given (month, day) pairs in every year; 02-29 falls on 02-28 in common years."""

    days: tuple[tuple[int, int], ...]

    @classmethod
    def parse(cls, values: list[str] | tuple[str, ...], where: str) -> "MonthDays":
        """From "MM-DD" strings; a malformed or impossible one raises a ProfileError naming `where`."""
        days = []
        for value in values:
            match = re.fullmatch(r"([0-9]{2})-([0-9]{2})", str(value))
            month, day = (int(match[1]), int(match[2])) if match else (0, 0)
            if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]):
                raise ProfileError(f"配置参数 {where} 中的 {value!r} 不是有效的月-日（应为 \"MM-DD\"，如 \"12-01\"）")
            days.append((month, day))
        return cls(tuple(sorted(set(days))))

    def occurrences(self, after: dt.date, until: dt.date) -> list[dt.date]:
        """Days strictly after `after` and up to `until` inclusive, in order."""
        found = set()
        for year in range(after.year, until.year + 1):
            for month, day in self.days:
                when = dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
                if after < when <= until:
                    found.add(when)
        return sorted(found)


@attrs.frozen
class WeekdayAfter:
    """Every month, the first `weekday` (0 = Monday) strictly after day `after` of the month."""

    weekday: int
    after: int

    def day_in(self, year: int, month: int) -> dt.date:
        first = dt.date(year, month, self.after + 1)
        return first + dt.timedelta(days=(self.weekday - first.weekday()) % 7)

    def occurrences(self, after: dt.date, until: dt.date) -> list[dt.date]:
        days, year, month = [], after.year, after.month
        while (year, month) <= (until.year, until.month):
            when = self.day_in(year, month)
            if after < when <= until:
                days.append(when)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return days


# Named rules a profile may give instead of cron: days cron cannot say.
RULES = {
    "first-tuesday-after-15th": WeekdayAfter(weekday=1, after=15),  # 每月15日后第一个星期二（seed 000 §7）
}
