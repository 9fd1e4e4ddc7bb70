"""The day after a session closes, every deputy who raised an opinion gets a reply-letter task
(Liwan art. 27(3): 函复…并报区人大常委会备案)."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel import Job, OnDay

from . import tasks


def letters_job(ctx) -> list[Job]:
    rules = tasks.load_rules(ctx)
    if not any(r.per == "deputy" for r in rules):
        return []
    jobs = []
    for session in ctx.directory.sessions():

        def run(day, job_ctx, session=session):
            made = tasks.ensure_letters(rules, session, job_ctx)
            office = job_ctx.directory.organisation.get("liaison_office", "")
            text = f"【会后工作】{session.name}已闭幕，已为提出意见建议的 {len(made)} 位代表生成函复任务。"
            return [job_ctx.draft(office, text, type="job")] if made else []

        jobs.append(Job(name=f"session.{session.id}.letters", label=f"{session.name}会后函复任务",
                        schedule=OnDay(session.closes + dt.timedelta(days=1)), run=run,
                        workdays=False))  # records, not a reminder: the tasks exist once the session closed
    return jobs
