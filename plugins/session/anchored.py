"""Clocks anchored on a session's dates, and re-dating them when the session moves."""

from __future__ import annotations

import attrs

from lianluo.kernel.models import Item

from . import tasks

ANCHORED = {"reply": "session.lead_reply", "co": "session.co_reply"}


def task_clock(item: Item, ctx):
    rule = next(r for r in tasks.load_rules(ctx) if r.key == item.extra["task"])
    session = ctx.directory.session(item.session)
    owner = next((d.id for d in ctx.directory.departments() if d.name == rule.owner), None)
    sign = "前" if rule.days < 0 else "后"
    anchor = "开幕" if rule.anchor == "opens" else "闭幕"
    return ctx.fixed_clock(item, "task", tasks.PHASES[rule.phase] + "任务", ctx.today, rule.due(session, ctx),
                           rule=f"session.tasks.{rule.key}.days = {rule.days}（{anchor}日{sign}{abs(rule.days)}日）",
                           clause=rule.clause, owner=owner)


def _param(clock_name: str) -> str | None:
    return ANCHORED.get(clock_name.split(":", 1)[0])


def redate_session(session, rules, ctx) -> None:
    """Every open clock anchored on this session is counted again from its new dates, with an event."""
    by_key = {r.key: r for r in rules}
    for table, doc in [(t, d) for t in ("items", "tasks") for d in ctx.tx.find(t, session=session.id)]:
        item = Item.from_doc(doc)
        moved = []
        for clock in item.clocks:
            if not clock.is_open or any(e["what"] == "extended" for e in clock.log):
                continue
            if item.kind == tasks.TASK_KIND:
                rule = by_key.get(item.extra.get("task"))
                due = rule.due(session, ctx) if rule else clock.due
                start = clock.start
            elif _param(clock.name):
                start = session.closes
                due = ctx.count(start, _param(clock.name)).due
            else:
                continue
            if due != clock.due:
                moved.append(attrs.evolve(clock.moved(due, ctx.today, "redated", reason="会议改期"), start=start))
        if moved:
            ctx.desk.redate(item.id, moved, ctx.today, "会议改期", table=table)
