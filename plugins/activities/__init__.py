"""Liaison activities with deputies, coverage targets and fair invitations (Liwan arts. 8–9, seed 002, 004)."""

from __future__ import annotations

from lianluo.kernel.hooks import hookimpl
from lianluo.kernel.jobs import MonthDays

from . import report, store
from .checks import coverage_job
from .commands import add_commands
from .model import TABLE
from .settings import SECTION, Settings


@hookimpl
def check_profile(ctx):
    Settings.load(ctx)
    MonthDays.parse(ctx.params(SECTION).list("coverage_checks", []), f"{SECTION}.coverage_checks")


@hookimpl
def register_tables(register):
    register.table(TABLE)
    register.query(store.HELD, store.held)


@hookimpl
def register_commands(cli):
    add_commands(cli)


@hookimpl
def register_jobs(register, ctx):
    job = coverage_job(ctx)
    if job is not None:
        register(job)


@hookimpl
def on_report(period, ctx):
    return report.sections(period, ctx)
