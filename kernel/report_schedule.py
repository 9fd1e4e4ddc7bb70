"""Scheduled reports: each `[reports.schedules.NAME]` table in a profile is one job of the tick.

A table gives `label`, when it falls (`cron`, a named `rule` from jobs.RULES, or month-`days`), the `period`
it covers relative to that day, the `format` of the file and whom the notice goes `to` (one name or a list).
Optional `sections` lists the section keys the report is made of (a report of its own, titled by its label,
such as a half-year letters-and-visits summary); without it the report is the full one. Each occurrence
builds the report, writes it to the data home's reports/ folder and tells each recipient where it is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from .errors import ProfileError
from .jobs import RULES, CronSchedule, Job, MonthDays
from .periods import Period
from .render import dated_path, write
from .store.atomic import render_new
from .report import build_report

PLUGIN = "reports"  # the name scheduled reports' jobs run under in the tick
PERIODS = {"previous-month": "month", "previous-bimonth": "bimonth", "previous-quarter": "quarter",
           "previous-half": "half", "previous-year": "year"}
FORMATS = ("docx", "xlsx", "md")
WHEN = ("cron", "rule", "days")
FIELDS = {"label", "period", "format", "to", "sections", *WHEN}


@attrs.frozen
class ReportSchedule:
    name: str
    label: str
    schedule: Any
    period: str
    format: str
    to: tuple[str, ...]
    sections: tuple[str, ...] = ()

    def covers(self, day: dt.date) -> Period:
        """The period this occurrence reports on, e.g. the two months before `day`."""
        return Period.containing(PERIODS[self.period], day).previous()


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(f"配置参数 {where}.{key} 应为非空字符串，实为 {value!r}")
    return value


def _choice(table: dict, key: str, where: str, allowed) -> str:
    value = table.get(key)
    if value not in allowed:
        raise ProfileError(f"配置参数 {where}.{key} 应为 {'、'.join(allowed)} 之一，实为 {value!r}")
    return value


def _texts(table: dict, key: str, where: str, required: bool) -> tuple[str, ...]:
    """A non-empty string, or a list of them, as a tuple; absent is () when not required."""
    value = table.get(key)
    if value is None and not required:
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise ProfileError(f"配置参数 {where}.{key} 应为非空字符串或其列表，实为 {value!r}")
    return tuple(values)


def _when(table: dict, where: str):
    given = [k for k in WHEN if k in table]
    if len(given) != 1:
        raise ProfileError(f"配置参数 {where} 须有且只有 cron、rule、days 之一，实有：{'、'.join(given) or '无'}")
    key = given[0]
    value = table[key]
    if key == "cron":
        if not isinstance(value, str):
            raise ProfileError(f"配置参数 {where}.cron 应为 cron 表达式字符串，实为 {value!r}")
        try:
            return CronSchedule(value)
        except ProfileError as exc:
            raise ProfileError(f"配置参数 {where}.cron：{exc}") from None
    if key == "rule":
        return RULES[_choice(table, "rule", where, tuple(RULES))]
    if not isinstance(value, list) or not value:
        raise ProfileError(f"配置参数 {where}.days 应为月-日列表（如 [\"07-01\"]），实为 {value!r}")
    return MonthDays.parse(value, f"{where}.days")


def load(profile) -> list[ReportSchedule]:
    """The profile's scheduled reports, checked; a bad one raises a ProfileError naming reports.schedules.NAME.key."""
    tables = profile.params(PLUGIN).table("schedules", {})
    found = []
    for name, table in tables.items():
        where = f"{PLUGIN}.schedules.{name}"
        if not isinstance(table, dict):
            raise ProfileError(f"配置参数 {where} 应为表")
        unknown = set(table) - FIELDS
        if unknown:
            raise ProfileError(f"配置参数 {where} 有未知的键：{'、'.join(sorted(unknown))}")
        found.append(ReportSchedule(name=name, label=_text(table, "label", where), schedule=_when(table, where),
                                    period=_choice(table, "period", where, tuple(PERIODS)),
                                    format=_choice(table, "format", where, FORMATS), to=_texts(table, "to", where, True),
                                    sections=_texts(table, "sections", where, False)))
    return found


def job(spec: ReportSchedule) -> Job:
    """The tick's job for one schedule: build, write to reports/, and tell each of `to` where the file is."""

    def run(day: dt.date, ctx) -> list:
        period = spec.covers(day)
        built = build_report(ctx.app, ctx.tx, period, day, only=spec.sections,
                             heading=spec.label if spec.sections else "")
        path = render_new(dated_path(ctx.app.home, period, spec.format, day, stem=spec.label),
                          lambda tmp: write(built, spec.format, tmp), renumber=True)  # atomic, never over a file
        text = f"【{spec.label}】{period.label}报告已生成：{path}"
        if built.failures:
            text += f"（{'、'.join(p for p, _ in built.failures)} 插件的部分未能生成）"
        return [ctx.draft(to, text, type="job") for to in spec.to]

    return Job(name=f"{PLUGIN}.{spec.name}", label=spec.label, schedule=spec.schedule, run=run, to=spec.to)


def jobs(profile) -> list[Job]:
    return [job(spec) for spec in load(profile)]
