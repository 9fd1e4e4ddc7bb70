"""The periodic status report to the organisation's leaders (Liwan art. 8(4): every two months)."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel.jobs import CronSchedule, Job
from lianluo.kernel.models import Item


def status_counts(items: list[Item], day: dt.date, finished: set[str]) -> dict[str, int]:
    """Counts as of `day`: registered so far, still open, overdue among them, replied."""
    seen = [i for i in items if i.received <= day]
    open_items = [i for i in seen if i.status not in finished]
    overdue = [i for i in open_items if any(c.is_open and c.due < day for c in i.clocks)]
    replied = [i for i in seen if i.reply and i.reply.get("date", "9999") <= day.isoformat()]
    return {"registered": len(seen), "open": len(open_items), "overdue": len(overdue), "replied": len(replied)}


def status_job(ctx, kinds: dict[str, str]) -> Job | None:
    params = ctx.params("suggestions")
    spec = params.get("status_report", None)
    if not spec:
        return None
    cron = spec.get("cron")
    to = spec.get("to", "")

    def run(day: dt.date, job_ctx) -> list:
        items = [Item.from_doc(d) for d in job_ctx.tx.all("items") if d["kind"] in kinds]
        finished = {s for k in kinds if (kind := job_ctx.kinds.get(k)) for s in kind.workflow.finished}
        counts = status_counts(items, day, finished)
        text = (f"【办理情况通报】截至 {day}：累计登记 {counts['registered']} 件，在办 {counts['open']} 件，"
                f"其中逾期 {counts['overdue']} 件；已答复 {counts['replied']} 件。")
        return [job_ctx.draft(to, text, type="job")]

    return Job(name="suggestions.status-report", label=spec.get("label", "办理情况通报"), schedule=CronSchedule(cron),
               run=run)
