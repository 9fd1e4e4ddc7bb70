"""Liaison activities with deputies, coverage targets and fair invitations (Liwan arts. 8–9, seed 002, 004)."""

from __future__ import annotations

from lianluo.kernel import Effects, hookimpl, MonthDays

from . import group_tasks, report, service, store
from .checks import coverage_job
from .commands import add_commands
from .model import TABLE
from .settings import SECTION, Settings


@hookimpl
def check_profile(ctx):
    Settings.load(ctx)
    for key in ("coverage_checks", "opinion_days", "roster_check_days"):
        MonthDays.parse(ctx.params(SECTION).list(key, []), f"{SECTION}.{key}")


@hookimpl
def register_kinds(register):
    for kind in group_tasks.KINDS:
        register(kind)


@hookimpl
def on_received(item, ctx):
    if item.kind not in group_tasks.DUTIES:
        return None
    return Effects(clocks=(group_tasks.clock(item, ctx),))


@hookimpl
def on_transition(item, action, event, ctx):
    if item.kind not in group_tasks.DUTIES or action != "complete":
        return None
    return Effects(clocks=tuple(c.stop(event.at) for c in item.clocks if c.is_open))


@hookimpl
def register_tables(register):
    register.table(TABLE)
    register.query(store.HELD, store.held)
    register.operation(service.ADD, service.add)
    register.operation(service.ATTEND, service.attend)
    register.operation(service.REPORT, service.report)


@hookimpl
def register_commands(cli):
    add_commands(cli)


@hookimpl
def register_jobs(register, ctx):
    job = coverage_job(ctx)
    if job is not None:
        register(job)
    for job in group_tasks.jobs(ctx):
        register(job)


@hookimpl
def on_report(period, ctx):
    return report.sections(period, ctx)


@hookimpl(optionalhook=True)  # declared by the web plugin; homes without it simply have no web pages
def register_web_pages(register):
    from . import web

    web.register(register)
