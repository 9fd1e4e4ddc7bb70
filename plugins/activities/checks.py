"""The scheduled coverage check: on the profile's days, the liaison office is told which yearly targets
are still unmet, so there is time to close the gaps before the year ends."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel import Job, MonthDays

from . import coverage
from .settings import SECTION

JOB_NAME = "activities.coverage"


def notice_text(found: coverage.Coverage) -> str:
    head = f"【联络活动覆盖检查】截至 {found.as_of}，{found.year} 年度"
    if not found.gaps:
        return head + "各项联络活动目标均已达到。"
    items = "；".join(f"{n}. {g.text}" for n, g in enumerate(found.gaps, 1))
    return head + f"尚有 {len(found.gaps)} 项未达标：{items}。请在年底前安排补足。"


def coverage_job(ctx) -> Job | None:
    """The job on `activities.coverage_checks` days, or None when the profile lists none.

    Only the days are read here, at every tick; the targets are read when the job runs, where a profile
    error is contained, recorded and retried like any job's failure.
    """
    checks = ctx.params(SECTION).list("coverage_checks", [])
    if not checks:
        return None

    def run(day: dt.date, job_ctx) -> list:
        office = job_ctx.directory.organisation.get("liaison_office", "")
        return [job_ctx.draft(office, notice_text(coverage.compute(job_ctx, day.year, day)), type="job")]

    return Job(name=JOB_NAME, label="联络活动覆盖检查",
               schedule=MonthDays.parse(checks, f"{SECTION}.coverage_checks"), run=run)
