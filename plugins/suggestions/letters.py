"""The half-year summary of deputies' letters and visits (Liwan art. 8(5)): each letter and visit of the
period and how it was handled. It is a report of its own, made only when asked for (a scheduled report's
`sections = ["suggestions.letters"]`), so the full report is unchanged."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel import Figure, Item, ReportPeriod, Section, Table

from .vocab import RATINGS, REPLY_CATEGORIES
from .workflow import STATES

KEY = "suggestions.letters"
KINDS = ("letter", "visit")
HEADERS = ("编号", "类型", "登记日期", "代表", "反映事项", "承办部门", "状态", "办理情况")


def handled(item: Item, day: dt.date) -> str:
    """How the matter was handled, as the summary says it: the reply and the deputy's feedback, else where
    it stands (overdue or not)."""
    if item.reply:
        category = item.reply.get("category", "")
        label = REPLY_CATEGORIES.labels.get(category, "")
        line = f"{item.reply.get('date', '')} 答复（{category} {label}）：{item.reply.get('text', '')}"
        if item.feedback:
            line += f"；代表反馈{RATINGS.label(item.feedback)}"
        return line + ("；已办结" if item.status == "closed" else "")
    return "在办，已逾期" if item.overdue_on(day) else "在办"


def section(period, ctx, labels: dict[str, str]) -> Section:
    day = min(ctx.today, period.end)
    names = {d.id: d.name for d in ctx.directory.deputies()}
    depts = {d.id: d.name for d in ctx.directory.departments()}
    # the table prints each reply's text: the period's items are loaded whole, found through the report facts
    days = ReportPeriod(period.name, period.kind, period.start, period.end)  # by received day, even for a session
    items = sorted((Item.from_doc(ctx.tx.get("items", f.id)) for f in ctx.facts(days) if f.kind in KINDS),
                   key=lambda i: (i.received, i.id))
    rows = tuple((i.id, labels[i.kind], i.received.isoformat(), "、".join(names.get(d, str(d)) for d in i.deputies),
                  i.title, depts.get(i.lead, ""), STATES.get(i.status, i.status), handled(i, day)) for i in items)
    count = {k: sum(1 for i in items if i.kind == k) for k in KINDS}
    replied = sum(1 for i in items if i.reply)
    closed = sum(1 for i in items if i.status == "closed")
    satisfied = sum(1 for i in items if i.feedback in ("satisfied", "basic"))
    figures = {"letters": Figure("来信（件）", count["letter"]), "visits": Figure("来访（件）", count["visit"]),
               "replied": Figure("已答复（件）", replied), "closed": Figure("已办结（件）", closed),
               "satisfied": Figure("满意或基本满意（件）", satisfied)}
    text = (f"{period.label}，收到人大代表来信 {count['letter']} 件、来访 {count['visit']} 件，已答复 {replied} 件，"
            f"已办结 {closed} 件，代表反馈满意或基本满意 {satisfied} 件；逐件办理情况见下表。",)
    return Section(KEY, "人大代表来信来访办理情况", 5, text=text, figures=figures,
                   tables=(Table("来信来访办理情况", HEADERS, rows),))
