"""Yearly statistics of cases of concern and supervision cases (统计上报制度, seed 001 第三篇 (四))."""

from __future__ import annotations

from lianluo.kernel import ClockStatus, Fact, ReportPeriod

from .explanations import HEARINGS


def year_stats(ctx, year: int) -> dict:
    return {"year": year, **stats_of(ctx, cases_of(ctx, ReportPeriod.parse(str(year), field="--year")))}


def cases_of(ctx, period: ReportPeriod) -> list[Fact]:
    """The cases a period covers, from the report facts."""
    return [i for i in ctx.facts.rows(period) if i.kind in ("case", "supervision")]


def stats_of(ctx, cases: list[Fact]) -> dict:
    """The statistics of these cases (a year's, a report period's)."""
    reports = [c.clock("report") for c in cases if c.clock("report") is not None]
    hearings = [d for d in ctx.query("activities.held", **HEARINGS) if d["case"] in {c.id for c in cases}]
    return {
        "registered": len(cases),
        "by_kind": {k: sum(1 for c in cases if c.kind == k) for k in ("case", "supervision")},
        "concluded": sum(1 for c in cases if c.extra.get("concluded")),
        "notified": sum(1 for c in cases if any(e.action == "notify" for e in c.events)),
        "reports_on_time": sum(1 for r in reports if r.status is ClockStatus.MET),
        "reports_due": len(reports),
        "reported_back": sum(1 for c in cases if any(e.action == "report-back" for e in c.events)),
        "hearings": len(hearings),
        "deputies_attending": len({d for h in hearings for d in h["attended"] or ()}),
    }


def lines(year: int, f: dict) -> list[str]:
    return [
        f"{year} 年代表关注案件统计",
        f"  登记 {f['registered']} 件（关注案件 {f['by_kind']['case']}，督办案件 {f['by_kind']['supervision']}）",
        f"  已审结 {f['concluded']} 件，已告知代表结果 {f['notified']} 件",
        f"  按期书面报告 {f['reports_on_time']}/{f['reports_due']}；已向督办机关报告 {f['reported_back']} 件",
        f"  邀请旁听庭审 {f['hearings']} 次，旁听代表 {f['deputies_attending']} 人",
    ]
