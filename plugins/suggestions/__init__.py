"""Suggestions and the other matters deputies raise: their kinds, workflow and deadlines.

Deadlines are rules in the profile (`[suggestions.clocks.NAME]`, see clockrules.py); deadlines anchored on
a congress session belong to the `session` plugin.
"""

from __future__ import annotations

from lianluo.kernel.hooks import hookimpl
from lianluo.kernel.models import Effects
from lianluo.kernel.registry import Kind

from lianluo.kernel import clockrules

from . import letters, report, rules, urgent
from .actions import ACTIONS
from .vocab import DEFAULT_CATEGORIES
from .workflow import WORKFLOW

KINDS = {
    "suggestion": "建议、批评和意见",
    "motion": "议案",
    "proposal": "政协提案",
    "letter": "代表来信",
    "visit": "代表来访",
    "complaint": "转交群众来信",
}


@hookimpl
def register_kinds(register):
    for name, label in KINDS.items():
        register(Kind(name=name, label=label, workflow=WORKFLOW))


@hookimpl
def register_actions(register):
    for action in ACTIONS:
        register(action)


@hookimpl
def on_received(item, ctx):
    if item.kind not in KINDS:
        return None
    clocks = clockrules.started(clockrules.load_rules(ctx, "suggestions"), item, "register", item.received, ctx)
    notices = urgent.notices(item, KINDS[item.kind], ctx)
    return Effects(clocks=tuple(clocks), notices=notices) if clocks or notices else None


@hookimpl
def on_transition(item, action, event, ctx):
    if item.kind not in KINDS:
        return None
    return rules.transition(item, action, event, ctx)


@hookimpl
def check_profile(ctx):
    clockrules.load_rules(ctx, "suggestions")
    params = ctx.params("suggestions")
    for key in ("approval_channels", "approval_exempt_kinds", "complaint_offices", "urgent_to"):
        params.list(key, [])
    params.list("reply_categories", list(DEFAULT_CATEGORIES))
    for key in ("reply_needs_approver", "contact_before_reply", "visit_before_close"):
        params.bool(key, False)
    params.int("escalate_after_unsatisfied", 0)
    ctx.params("calendar").bool("roll_forward", True)


@hookimpl
def on_report(period, ctx):
    if ctx.asked(letters.KEY):
        return [letters.section(period, ctx, KINDS)]
    return report.sections(period, ctx, KINDS)
