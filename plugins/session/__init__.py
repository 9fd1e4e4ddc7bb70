"""Congress sessions (Liwan arts. 14, 25–27): deadlines anchored on the closing day, and the work before,
during and after each session as tasks the tick follows like any item. Moving a session re-dates both."""

from __future__ import annotations

import attrs

from lianluo.kernel import Channel, Effects, hookimpl, MonthDays, RefusedError

from . import anchored, report, tasks
from .commands import add_commands
from .letters import letters_job
from .workflow import TASK


@hookimpl
def register_kinds(register):
    register(TASK)


@hookimpl
def check_profile(ctx):
    tasks.load_rules(ctx)
    params = ctx.params("session")
    for key in ("lead_reply", "co_reply", "as_co_reply"):
        if params.get(key, None) is not None:
            params.period(key)
    if params.get("lead_reply_by", None) is not None:
        MonthDays.parse([params.get("lead_reply_by")], "session.lead_reply_by")


@hookimpl
def register_commands(cli):
    add_commands(cli)


@hookimpl
def on_session(session, previous, ctx):
    rules = tasks.load_rules(ctx)
    if previous is None:
        tasks.ensure(rules, session, ctx)
        return
    anchored.redate_session(session, rules, ctx)
    if ctx.today > session.closes:
        tasks.ensure_letters(rules, session, ctx)


@hookimpl
def on_received(item, ctx):
    if item.kind == tasks.TASK_KIND:
        return Effects(clocks=(anchored.task_clock(item, ctx),))
    if item.channel is not Channel.SESSION:
        return Effects(clocks=(anchored.co_handled_clock(item, None, ctx),)) if anchored.co_handled(item) else None
    session = ctx.directory.session(item.session)
    if ctx.today > session.closes:  # raised at the session, registered after it: the letter task follows
        tasks.ensure_letters(tasks.load_rules(ctx), session, ctx, also=item.deputies)
    clock = anchored.reply_clock(item, session, ctx)
    return Effects(clocks=(clock,)) if clock is not None else None


@hookimpl
def on_transition(item, action, event, ctx):
    if item.kind == tasks.TASK_KIND:
        if action == "complete":
            return Effects(clocks=tuple(c.stop(event.at) for c in item.clocks if c.is_open))
        if action == "assign" and item.lead is not None:
            return Effects(clocks=tuple(attrs.evolve(c, owner=item.lead) for c in item.clocks if c.is_open))
        if action == "extend":
            raise RefusedError("会议工作任务的期限随会期计算，不能单独延期；会议改期请用 lianluo session move")
        return None
    if item.channel is not Channel.SESSION or action != "assign":
        return None
    closes = ctx.directory.session(item.session).closes
    clocks = []
    reply = item.clock("reply")
    if reply is not None and reply.is_open:
        clocks.append(attrs.evolve(reply, owner=item.lead))
    for dept_id in item.co if ctx.params("session").get("co_reply", None) else ():
        if item.clock(f"co:{dept_id}") is None:
            clocks.append(ctx.new_clock(item, f"co:{dept_id}", "协办意见期限", closes, "session.co_reply", owner=dept_id))
    return Effects(clocks=tuple(clocks))


@hookimpl
def register_jobs(register, ctx):
    for job in letters_job(ctx):
        register(job)



@hookimpl
def on_report(period, ctx):
    return report.sections(period, ctx)


@hookimpl(optionalhook=True)
def register_web_pages(register):
    from . import web

    web.register(register)
