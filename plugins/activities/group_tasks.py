"""The liaison officers' recurring work with their street groups (Liwan art. 9(1)): each month, collect the
deputies' opinions through the group (一挂点联络员一街道联组一任务), and on the profile's days check the roster
with the group. Each (liaison officer, group) gets a task due by the month's last working day (chosen)."""

from __future__ import annotations

import calendar
import datetime as dt

from lianluo.kernel.jobs import Job, MonthDays
from lianluo.kernel.tasks import task_kind

from .settings import SECTION, Settings

DUTIES = {  # task kind → (profile key of its days, label, title template)
    "group-opinions": ("opinion_days", "收集代表意见建议", "向{group}收集人大代表意见和建议（{month}）"),
    "roster-check": ("roster_check_days", "核实代表名册", "通过{group}核实人大代表名册（{month}）"),
}
KINDS = tuple(task_kind(kind, label) for kind, (_, label, _) in DUTIES.items())


def pairs(ctx, settings: Settings) -> list[tuple[str, str]]:
    """(liaison officer, street group) pairs from the roster: a group's deputies at the paired levels, each
    with their 联络员 (the liaison office when the roster names none)."""
    office = ctx.directory.organisation.get("liaison_office", "")
    found = {(d.liaison or office, d.group) for d in ctx.directory.deputies()
             if d.group and d.level in settings.group_levels}
    return sorted(found)


def month_end(ctx, day: dt.date) -> dt.date:
    return ctx.calendar.previous_workday(dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1]))


def make_tasks(kind: str, day: dt.date, ctx) -> list:
    """One task per (liaison officer, group) for this occurrence; none twice; each officer is told."""
    _, _, template = DUTIES[kind]
    have = {d["extra"].get("key") for d in ctx.tx.find("tasks", kind=kind)}
    due = month_end(ctx, day)
    notices = []
    for officer, group in pairs(ctx, Settings.load(ctx)):
        key = f"{officer}/{group}/{day.isoformat()}"
        if key in have:
            continue
        title = template.format(group=group, month=f"{day.year} 年 {day.month} 月")
        task = ctx.desk.register(kind, title, [], day, extra={"key": key, "group": group, "assignee": officer,
                                                              "due": due.isoformat()}, by_plugin=True)
        notices.append(ctx.draft(officer, f"【联络任务】{title}，请于 {due} 前完成并报联络办（任务第 {task.id} 号）。",
                                 type="job"))
    return notices


def jobs(ctx) -> list[Job]:
    """A job per duty whose days the profile gives (none when it gives none)."""
    found = []
    for kind, (key, label, _) in DUTIES.items():
        days = ctx.params(SECTION).list(key, [])
        if days:
            found.append(Job(name=f"activities.{kind}", label=label, schedule=MonthDays.parse(days, f"{SECTION}.{key}"),
                             run=lambda day, job_ctx, kind=kind: make_tasks(kind, day, job_ctx)))
    return found


def clock(item, ctx):
    """The task's deadline: the month's last working day, on the profile's clause."""
    key = DUTIES[item.kind][0]
    return ctx.fixed_clock(item, "task", "完成期限", item.received, dt.date.fromisoformat(item.extra["due"]),
                           rule="当月最后一个工作日前（选定）", clause=ctx.profile.clauses.get(f"{SECTION}.{key}", ""))
