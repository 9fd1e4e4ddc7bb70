"""Statistics per session: counts and rates restart with each session."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel import ClockStatus, Item, Rate, Session

from .tasks import TASK_KIND


def _rate(num: int, den: int) -> dict:
    return {"numerator": num, "denominator": den, "rate": round(num / den, 4) if den else None}


def session_stats(ctx, session: Session, day: dt.date) -> dict:
    matters = [i for i in ctx.facts.rows(sessions=[session.id]) if i.session == session.id and i.received <= day]
    task_list = [Item.from_doc(d) for d in ctx.tx.find("tasks", session=session.id, kind=TASK_KIND)
                 if d["received"] <= day.isoformat()]
    replied = [i for i in matters if i.reply]
    on_time = [i for i in replied if (c := i.clock("reply")) is not None and c.status is ClockStatus.MET]
    rated = [i for i in matters if i.feedback]
    satisfied = [i for i in rated if i.feedback in ("satisfied", "basic")]
    overdue = [i for i in matters if i.overdue_on(day)]
    by_kind: dict[str, int] = {}
    for i in matters:
        by_kind[i.kind] = by_kind.get(i.kind, 0) + 1
    return {
        "session": session.id,
        "as_of": day.isoformat(),
        "matters": len(matters),
        "by_kind": by_kind,
        "deputies": len({d for i in matters for d in i.deputies}),
        "replied": _rate(len(replied), len(matters)),
        "on_time": _rate(len(on_time), len(replied)),
        "satisfied": _rate(len(satisfied), len(rated)),
        "overdue": len(overdue),
        "tasks": _rate(sum(1 for t in task_list if t.status == "done"), len(task_list)),
    }


def _pct(figure: dict) -> str:
    if not figure["denominator"]:
        return "—（无数据）"
    return str(Rate(figure["numerator"], figure["denominator"]))


def lines(session: Session, f: dict) -> list[str]:
    return [
        f"{session.name} 统计（截至 {f['as_of']}）",
        f"  事项 {f['matters']} 件，涉及代表 {f['deputies']} 人",
        f"  已答复 {_pct(f['replied'])}；按期答复 {_pct(f['on_time'])}；满意（含基本满意）{_pct(f['satisfied'])}",
        f"  逾期未办 {f['overdue']} 件；会议工作任务完成 {_pct(f['tasks'])}",
    ]
