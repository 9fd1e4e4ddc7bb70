"""Cases of concern (代表关注案件) and supervision cases (督办案件): Liwan arts. 9(5), 23–24; seed 001 第三篇 (四)
and 第五篇 — the three-level responsibility (collegial panel → division chief → vice-president in charge) is
the reminder chain, set in the profile under `[reminders.kinds.case]`."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel import Effects, hookimpl, InputError, load_clock_rules, MonthDays, started_clocks

from . import report, rules
from .actions import ACTIONS
from .commands import add_commands
from .explanations import KIND as EXPLANATION_KIND
from .explanations import explanation_job
from .workflow import EXPLANATION, KINDS


@hookimpl
def register_kinds(register):
    for kind in (*KINDS.values(), EXPLANATION):
        register(kind)


@hookimpl
def register_actions(register):
    for action in ACTIONS:
        register(action)


@hookimpl
def check_profile(ctx):
    load_clock_rules(ctx, "cases")
    MonthDays.parse(ctx.params("cases").list("explain_check", []), "cases.explain_check")


@hookimpl
def register_commands(cli):
    add_commands(cli)


@hookimpl
def on_received(item, ctx):
    if item.kind == EXPLANATION_KIND:
        due = dt.date.fromisoformat(item.extra["due"])
        clause = ctx.profile.clauses.get("cases.explain_check", "")
        return Effects(clocks=(ctx.fixed_clock(item, "task", "解释期限", item.received, due, rule="12 月底前",
                                               clause=clause),))
    if item.kind not in KINDS:
        return None
    if not item.extra.get("case_number"):
        raise InputError("--case-number", "代表关注案件须有案号（请用 lianluo case register 登记）")
    clocks = started_clocks(load_clock_rules(ctx, "cases"), item, "register", item.received, ctx)
    return Effects(clocks=tuple(clocks)) if clocks else None


@hookimpl
def on_transition(item, action, event, ctx):
    if item.kind == EXPLANATION_KIND:
        if action == "complete":
            return Effects(clocks=tuple(c.stop(event.at) for c in item.clocks if c.is_open))
        return None
    if item.kind not in KINDS:
        return None
    return rules.transition(item, action, event, ctx)


@hookimpl
def register_jobs(register, ctx):
    job = explanation_job(ctx)
    if job is not None:
        register(job)


@hookimpl
def on_report(period, ctx):
    return report.sections(period, ctx)


@hookimpl(optionalhook=True)  # declared by the web plugin; homes without it simply have no web pages
def register_web_pages(register):
    from . import web

    web.register(register)
