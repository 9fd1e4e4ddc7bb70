"""The cases plugin's report section: the yearly statistics (统计上报制度) counted over the report's period,
and the cases registered in it."""

from __future__ import annotations


from lianluo.kernel import Figure, Section, Table

from . import stats
from .workflow import KINDS

HEADERS = ("编号", "类型", "案号", "案件", "代表", "状态")
LABELS = {"registered": "登记案件", "concluded": "已审结", "notified": "已告知代表结果", "reports_on_time": "按期书面报告",
          "reports_due": "应书面报告", "reported_back": "已向督办机关报告", "hearings": "邀请旁听庭审（次）",
          "deputies_attending": "旁听代表（人）"}


def sections(period, ctx) -> list[Section]:
    cases = stats.cases_of(ctx, period)  # a session period keeps its session's cases
    f = stats.stats_of(ctx, cases)
    figures = {k: Figure(label, f[k]) for k, label in LABELS.items()}
    figures["by_kind.case"] = Figure("其中关注案件", f["by_kind"]["case"])
    figures["by_kind.supervision"] = Figure("其中督办案件", f["by_kind"]["supervision"])
    names = {d.id: d.name for d in ctx.directory.deputies()}
    cases = [c for c in cases if c.kind in KINDS]
    rows = tuple((c.id, KINDS[c.kind].label, c.extra.get("case_number", ""), c.title,
                  "、".join(names.get(d, str(d)) for d in c.deputies), KINDS[c.kind].workflow.states.get(c.status, c.status))
                 for c in cases)
    text = tuple(line.strip() for line in stats.lines(period.start.year, f)[1:])
    return [Section("cases", "代表关注案件和督办案件", 30, text=text, figures=figures,
                    tables=(Table("关注案件", HEADERS, rows),))]
