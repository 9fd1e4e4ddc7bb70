"""Scheduled jobs: when they fall (cron, or a plugin's own rule) and what each occurrence does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

import attrs
from croniter import croniter

from .errors import ProfileError


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
    """A job that falls on one day only (e.g. the day after a session closes)."""

    day: dt.date

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


class JobRegistry:
    def __init__(self) -> None:
        self.jobs: dict[str, Job] = {}

    def register_for(self, plugin: str):
        def register(job: Job) -> None:
            if job.name in self.jobs:
                raise ValueError(f"job {job.name!r} registered by both {self.jobs[job.name].plugin} and {plugin}")
            self.jobs[job.name] = attrs.evolve(job, plugin=plugin)

        return register


@attrs.frozen
class Yearly:
    """A job that falls on the same month-days every year, e.g. ("12-01", "12-15")."""

    days: tuple[str, ...]

    def __attrs_post_init__(self) -> None:
        for text in self.days:
            try:
                dt.date.fromisoformat(f"2000-{text}")
            except ValueError:
                raise ProfileError(f"日期应为 MM-DD：{text!r}") from None

    def occurrences(self, after: dt.date, until: dt.date) -> list[dt.date]:
        found = []
        for year in range(after.year, until.year + 1):
            for text in self.days:
                month, day = (int(part) for part in text.split("-"))
                if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
                    continue
                when = dt.date(year, month, day)
                if after < when <= until:
                    found.append(when)
        return sorted(found)
