"""The activities plugin's report section: the liaison activities held in the period and the yearly coverage
targets still unmet at its end (or on the report's day, if earlier)."""

from __future__ import annotations

from lianluo.kernel import Figure, Section, Table

from . import coverage, store

ACTIVITIES = ("编号", "日期", "类型", "主题", "组织者", "邀请代表", "出席代表", "告知联络办")
GAPS = ("序号", "未达标情况", "目标（次）", "已有（次）", "代表", "联系电话")


def sections(period, ctx) -> list[Section]:
    deputies = {d.id: d for d in ctx.directory.deputies()}

    def names(ids) -> str:
        return "、".join(deputies[i].name if i in deputies else str(i) for i in ids)

    held = [a for a in store.every(ctx.tx) if period.contains(a.date)]
    rows = tuple((a.id, a.date.isoformat(), a.label, a.title, a.organizer, names(a.invited), names(a.attended),
                  a.late_note or "按期") for a in held)
    found = coverage.compute(ctx, period.start.year, min(ctx.today, period.end))
    gaps = tuple((n, g.text, g.target, g.count, deputies[g.deputy].name if g.deputy in deputies else "",
                  ctx.phone(deputies[g.deputy].phone) if g.deputy in deputies else "")
                 for n, g in enumerate(found.gaps, 1))
    figures = {"activities": Figure("联络活动（次）", len(held)),
               "held": Figure("已举行（有代表出席）", sum(1 for a in held if a.held)),
               "deputies": Figure("出席代表（人）", len({d for a in held for d in a.attended})),
               "late": Figure("逾期告知联络办（次）", sum(1 for a in held if a.late)),
               "gaps": Figure("未达标目标（项）", len(gaps))}
    summary = found.lines()[0] + (f"未达标目标 {len(gaps)} 项，见“覆盖缺口”表。" if gaps else "各项目标均已达到。")
    return [Section("activities", "联络活动与覆盖情况", 40, text=(summary,),  # each gap once: in the table
                    figures=figures, tables=(Table("联络活动", ACTIVITIES, rows), Table("覆盖缺口", GAPS, gaps)))]
