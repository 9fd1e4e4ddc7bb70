"""Assessment (考核): indicators, rule variants and side-by-side comparison (Liwan arts. 28–29; seeds 000, 004).

Rule sets are registered through `register_scoring_rules` — the built-in variants here, others from any
plugin — and `lianluo score` applies one or several to the same period's data.
"""

from __future__ import annotations

from lianluo.kernel import hookimpl

from . import hookspecs, network, report
from .commands import score
from .registry import RuleRegistry
from .variants import BUILTIN


@hookimpl
def register_hookspecs(register):
    register(hookspecs)


@hookimpl
def register_scoring_rules(register):
    for rule_set in BUILTIN:
        register(rule_set)


@hookimpl
def check_profile(ctx):
    value = ctx.params("scoring").get("rules", None)
    if value is not None and ctx.pm is not None:
        RuleRegistry.load(ctx).chosen(None, value)


@hookimpl
def register_commands(cli):
    cli.add_command(score)


@hookimpl
def on_report(period, ctx):
    return report.sections(period, ctx)


@hookimpl
def rank_organisations(period, organisations, ctx):
    return network.rank(period, organisations, ctx)


@hookimpl(optionalhook=True)  # declared by the web plugin; homes without it simply have no web pages
def register_web_pages(register):
    from . import web

    web.register(register)
