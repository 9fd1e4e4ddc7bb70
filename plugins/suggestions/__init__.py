"""Suggestions and the other matters deputies raise: their kinds, workflow and interim / spot deadlines.

Session-channel deadlines are anchored on the session and belong to the `session` plugin.
"""

from __future__ import annotations

from lianluo.kernel.hooks import hookimpl
from lianluo.kernel.models import Channel, ClockStatus, Effects
from lianluo.kernel.registry import Kind

from .workflow import WORKFLOW
from . import rules
from .digest import status_job

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
def on_received(item, ctx):
    if item.kind not in KINDS or item.channel is not Channel.SPOT:
        return None
    return Effects(clocks=(ctx.new_clock(item, "reply", "当场意见答复期限", item.received, "suggestions.spot_reply"),))


@hookimpl
def on_transition(item, action, event, ctx):
    if item.kind not in KINDS:
        return None
    return rules.transition(item, action, event, ctx)


@hookimpl
def register_jobs(register, ctx):
    job = status_job(ctx, KINDS)
    if job is not None:
        register(job)
