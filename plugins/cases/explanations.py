"""Year-end explanations (Liwan art. 9(5)): a case deputies attended that is still unfinished when the
check runs gets a task to explain it to each of them before 31 December; concluding the case completes
those tasks. The clause gives the explanation to the pairing group's liaison officer (挂点联络员), so the
task is theirs (the deputy's 联络员 on the roster, else the liaison office) and the judge is copied."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel.jobs import Job, MonthDays
from lianluo.kernel.models import Item

OPEN = ("registered", "assigned", "reported")
KIND = "case-explanation"


HEARINGS = {"kind": "hearing"}  # asked of the activities plugin's `activities.held` query


def hearing_attendees(ctx, case_id: int) -> list[int]:
    """Deputies who attended a hearing of this case (none when the activities plugin is not enabled)."""
    return sorted({d for hearing in ctx.query("activities.held", case=case_id, **HEARINGS)
                   for d in hearing["attended"] or ()})


def explain_unfinished(day: dt.date, ctx) -> list[Item]:
    """One task per (unfinished attended case, attending deputy) for the year; none twice."""
    made = []
    have = {d["extra"].get("key") for d in ctx.tx.find("tasks", kind=KIND)}
    year_end = ctx.calendar.previous_workday(dt.date(day.year, 12, 31))
    for doc in sorted(ctx.tx.all("items"), key=lambda d: d["id"]):
        if doc["kind"] not in ("case", "supervision") or doc["status"] not in OPEN:
            continue
        case = Item.from_doc(doc)
        for deputy_id in hearing_attendees(ctx, case.id):
            key = f"{case.id}/{deputy_id}/{day.year}"
            if key in have:
                continue
            deputy = ctx.directory.deputy(deputy_id)
            number = case.extra.get("case_number", "")
            title = f"向{deputy.name}代表解释其旁听的案件（{number}）年末未审结的原因"
            office = ctx.directory.organisation.get("liaison_office", "")
            extra = {"key": key, "case": case.id, "deputy": deputy_id, "due": year_end.isoformat(),
                     "assignee": deputy.liaison or office, "cc": case.extra.get("panel", "")}
            made.append(ctx.desk.register(KIND, title, [str(deputy_id)], day, extra=extra, by_plugin=True))
    return made


def _task_notices(task: Item, ctx) -> list:
    """The liaison officer is told the task is theirs; the judge of the case is copied."""
    due = task.extra["due"]
    to, cc = task.extra["assignee"], task.extra.get("cc", "")
    notices = [ctx.draft(to, f"【年末解释】{task.title}，请于 {due} 前完成（任务第 {task.id} 号）。", type="job")]
    if cc and cc != to:
        notices.append(ctx.draft(cc, f"【抄送】{task.title}，由{to}于 {due} 前完成；请提供案件进展情况（任务第 {task.id} 号）。",
                                 type="job"))
    return notices


def close_explanations(case: Item, day: dt.date, ctx) -> None:
    """The case concluded: its open explanation tasks are done (the result will be told instead)."""
    for doc in ctx.tx.find("tasks", kind=KIND):
        if doc["extra"].get("case") == case.id and doc["status"] == "open":
            ctx.desk.act(doc["id"], "complete", day, table="tasks", note="案件已审结，改为告知结果")


def explanation_job(ctx) -> Job | None:
    days = ctx.params("cases").list("explain_check", [])
    if not days:
        return None

    def run(day, job_ctx):
        made = explain_unfinished(day, job_ctx)
        office = job_ctx.directory.organisation.get("liaison_office", "")
        text = f"【年末解释】{len(made)} 件代表旁听过的案件尚未审结，已生成向代表解释的任务，须在 12 月底前完成。"
        return ([job_ctx.draft(office, text, type="job")] if made else []) + [
            draft for task in made for draft in _task_notices(task, job_ctx)]

    return Job(name="cases.year-end-explanations", label="年末未结案件向代表解释", schedule=MonthDays.parse(days, "cases.explain_check"), run=run)
