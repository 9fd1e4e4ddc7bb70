"""The suggestions plugin's report sections: the ledger (台账) of matters registered in the period, and the
overdue list of every matter still open past a deadline on the day the report counts to."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel import Chart, ClockStatus, Fact, Figure, Section, Table

from .digest import status_counts
from .urgent import report_line
from .workflow import STATES

LEDGER = ("编号", "类型", "标题", "代表", "主办", "状态", "到期日", "是否按期")
OVERDUE = ("编号", "类型", "标题", "主办", "期限", "到期日", "逾期天数")


_MET, _MISSED = ClockStatus.MET.value, ClockStatus.MISSED.value
_DUE, _STATE = 4, 5  # a stored clock: [name, label, owner, start, due, status, stopped], days as ISO text


def _main_clock(item: Fact) -> list | None:
    """The reply clock when there is one (it is what 按期 means), else the latest due — as the facts keep it."""
    clocks = item.raw_clocks
    return next((c for c in clocks if c[0] == "reply"), None) or max(clocks, key=lambda c: c[_DUE], default=None)


def _on_time(clock: list | None, day: str) -> str:
    """是, 否 or 未到期 on `day` (ISO), — without a clock."""
    if clock is None:
        return "—"
    if clock[_STATE] == _MET:
        return "是"
    if clock[_STATE] == _MISSED or clock[_DUE] < day:
        return "否"
    return "未到期"


def _by_kind(items: list[Fact], ledger, day: dt.date, kinds: dict[str, str]) -> tuple[Chart, ...]:
    """The period's matters by kind: registered, replied, replied on time and overdue — the ledger's figures."""
    of_kind: dict[str, list[Fact]] = {}
    on_time: dict[str, int] = {}
    for row, i in zip(ledger, items):  # one pass: a year may hold tens of thousands of matters
        of_kind.setdefault(i.kind, []).append(i)
        on_time[i.kind] = on_time.get(i.kind, 0) + (row[-1] == "是")
    present = [k for k in kinds if k in of_kind]
    if not present:
        return ()
    counts = {k: status_counts(of_kind[k], day, {"closed"}) for k in present}
    series = (("登记", tuple(counts[k]["registered"] for k in present)),
              ("已答复", tuple(counts[k]["replied"] for k in present)),
              ("按期答复", tuple(on_time[k] for k in present)),
              ("逾期在办", tuple(counts[k]["overdue"] for k in present)))
    return (Chart("各类事项办理情况", tuple(kinds[k] for k in present), series, "件"),)


def sections(period, ctx, kinds: dict[str, str]) -> list[Section]:
    day = ctx.today
    iso = day.isoformat()
    names = {d.id: d.name for d in ctx.directory.deputies()}
    depts = {d.id: d.name for d in ctx.directory.departments()}
    # the ledger's matters (raised in the period) and those that may be on the overdue list (a clock open, raised
    # by its end), from the report facts: years of closed history are never read
    every = [i for i in ctx.facts.rows(period, open_items=True) if i.kind in kinds]  # `Fact`s: no Item made
    in_period = [i for i in every if period.covers(i.received, i.session)]
    ledger = tuple((i.id, kinds[i.kind], i.title, "、".join([names.get(d, str(d)) for d in i.deputies]),
                    depts.get(i.lead, ""), STATES.get(i.status, i.status),
                    (c[_DUE] if (c := _main_clock(i)) else ""), _on_time(c, iso)) for i in in_period)
    late = [(i, c) for i in every if i.overdue_on(day) and i.received <= period.end and i.status != "closed"
            for c in i.clocks if c.is_open and c.due < day]
    overdue = tuple((i.id, kinds[i.kind], i.title, depts.get(i.lead, ""), c.label or c.name, c.due.isoformat(),
                     (day - c.due).days) for i, c in late)
    counts = status_counts(in_period, day, {"closed"})
    labels = {"registered": "登记", "open": "在办", "overdue": "逾期在办", "replied": "已答复"}
    figures = {k: Figure(labels[k], v) for k, v in counts.items()}
    figures["on_time"] = Figure("按期答复", sum(1 for row in ledger if row[-1] == "是"))
    text = (f"本期登记建议、来信来访等事项 {counts['registered']} 件，在办 {counts['open']} 件（其中逾期 "
            f"{counts['overdue']} 件），已答复 {counts['replied']} 件；截至 {day}，全部在办事项中逾期 {len(late)} 项期限。",
            *report_line(in_period))
    return [Section("suggestions.ledger", "代表建议、来信来访办理台账", 10, text=text, figures=figures,
                    tables=(Table("办理台账", LEDGER, ledger),), charts=_by_kind(in_period, ledger, day, kinds)),
            Section("suggestions.overdue", "逾期未办事项", 20,
                    text=(("截至本报告日无逾期事项。",) if not overdue else ()),
                    tables=(Table("逾期清单", OVERDUE, overdue),))]
