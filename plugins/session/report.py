"""The session plugin's report section: each congress session overlapping the period, with its own
statistics (they restart with every session), counted to the report's day."""

from __future__ import annotations

from lianluo.kernel import Figure, Rate, Section, Table

from . import stats

HEADERS = ("会议", "会期", "事项（件）", "涉及代表（人）", "已答复", "按期答复", "满意（含基本满意）", "逾期未办（件）", "会议工作任务完成")


def _cell(figure: dict):
    """A rate as a :class:`Rate` (a number in XLSX); "—（无数据）" over nothing, as the statistics say it."""
    return Rate(figure["numerator"], figure["denominator"]) if figure["denominator"] else stats._pct(figure)


def sections(period, ctx) -> list[Section]:
    sessions = sorted((s for s in ctx.directory.sessions()
                       if (s.id == period.session if period.session is not None
                           else s.opens <= period.end and s.closes >= period.start)),
                      key=lambda s: (s.opens, s.id))
    if not sessions:
        return [Section("session", "人大会议期间工作", 50, text=("本期间没有召开人大会议。",))]
    rows, text, figures = [], [], {}
    for s in sessions:
        f = stats.session_stats(ctx, s, ctx.today)
        rows.append((s.name, f"{s.opens} 至 {s.closes}", f["matters"], f["deputies"], _cell(f["replied"]),
                     _cell(f["on_time"]), _cell(f["satisfied"]), f["overdue"], _cell(f["tasks"])))
        text += [line.strip() for line in stats.lines(s, f)]
        figures[f"session{s.id}.matters"] = Figure(f"{s.name}：事项（件）", f["matters"])
        figures[f"session{s.id}.overdue"] = Figure(f"{s.name}：逾期未办（件）", f["overdue"])
    return [Section("session", "人大会议期间工作", 50, text=tuple(text), figures=figures,
                    tables=(Table("会议统计", HEADERS, tuple(rows)),))]
