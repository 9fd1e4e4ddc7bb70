"""Clocks anchored on a session's dates, and re-dating them when the session moves."""

from __future__ import annotations

import datetime as dt

import attrs

from lianluo.kernel import Channel, InputError, Item, MonthDays, RefusedError


from . import tasks

ANCHORED = {"reply": "session.lead_reply", "co": "session.co_reply"}
AS_CO = "session.as_co_reply"


def task_clock(item: Item, ctx):
    rule = next(r for r in tasks.load_rules(ctx) if r.key == item.extra["task"])
    session = ctx.directory.session(item.session)
    owner = next((d.id for d in ctx.directory.departments() if d.name == rule.owner), None)
    sign = "前" if rule.days < 0 else "后"
    anchor = "开幕" if rule.anchor == "opens" else "闭幕"
    return ctx.fixed_clock(item, "task", tasks.PHASES[rule.phase] + "任务", ctx.today, rule.due(session, ctx),
                           rule=f"session.tasks.{rule.key}.days = {rule.days}（{anchor}日{sign}{abs(rule.days)}日）",
                           clause=rule.clause, owner=owner)


def _param(item: Item, clock_name: str) -> str | None:
    if clock_name == "reply" and co_handled(item):
        return AS_CO
    return ANCHORED.get(clock_name.split(":", 1)[0])


def co_handled(item: Item) -> bool:
    """Registered `--court-role co`: another body leads, this court co-handles and answers that body."""
    return item.extra.get("court_role") == "co"


def reply_by(session, ctx) -> dt.date | None:
    """A fixed reply day after the session (Liaoning: January-session items answered by the end of July):
    `session.lead_reply_by = "07-31"`, the first such day after closing, rolled back off rest days."""
    text = ctx.params("session").get("lead_reply_by", None)
    if not text:
        return None
    (day,) = MonthDays.parse([text], "session.lead_reply_by").occurrences(session.closes, session.closes.replace(
        year=session.closes.year + 1))
    return ctx.calendar.previous_workday(day)


def reply_clock(item: Item, session, ctx):
    """The lead department's clock for a matter raised at the session, or None when the profile counts
    replies otherwise (e.g. the national law's 3 months from assignment)."""
    if co_handled(item):
        return co_handled_clock(item, session, ctx)
    fixed = reply_by(session, ctx)
    if fixed is not None:
        return ctx.fixed_clock(item, "reply", "主办答复期限", session.closes, fixed,
                               rule=f"session.lead_reply_by = {ctx.params('session').get('lead_reply_by')}",
                               clause=ctx.profile.clauses.get("session.lead_reply_by", ""))
    if ctx.params("session").get("lead_reply", None) is None:
        return None
    return ctx.new_clock(item, "reply", "主办答复期限", session.closes, "session.lead_reply")


def co_handled_clock(item: Item, session, ctx):
    """Liwan art. 14: a matter the court co-handles is answered to the lead agency within the profile's
    `session.as_co_reply` of the closing day — one clock, whatever the court's own departments do."""
    if item.channel is not Channel.SESSION:
        raise InputError("--court-role", "本院协办的事项自人大会议闭会之日起计算答复期限，只适用于会议期间提出的事项")
    if ctx.params("session").get("as_co_reply", None) is None:
        raise RefusedError(f"本配置未规定本院作为协办单位的答复期限（{AS_CO}），不能登记本院协办的事项")
    return ctx.new_clock(item, "reply", "协办答复期限", session.closes, AS_CO)


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
            elif clock.name == "reply" and not co_handled(item) and reply_by(session, ctx) is not None:
                start, due = session.closes, reply_by(session, ctx)
            elif _param(item, clock.name):
                start = session.closes
                due = ctx.count(start, _param(item, clock.name)).due
            else:
                continue
            if due != clock.due:
                moved.append(attrs.evolve(clock.moved(due, ctx.today, "redated", reason="会议改期"), start=start))
        if moved:
            ctx.desk.redate(item.id, moved, ctx.today, "会议改期", table=table, action="session-move")
