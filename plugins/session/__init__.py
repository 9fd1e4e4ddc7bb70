"""Congress sessions: suggestions raised during a session get clocks anchored on its closing day
(Liwan art. 14: the lead unit replies within 3 months, a co-unit within 1 month of closing)."""

from __future__ import annotations

import attrs

from lianluo.kernel.hooks import hookimpl
from lianluo.kernel.models import Channel, Effects


@hookimpl
def on_received(item, ctx):
    if item.channel is not Channel.SESSION:
        return None
    closes = ctx.directory.session(item.session).closes
    return Effects(clocks=(ctx.new_clock(item, "reply", "主办答复期限", closes, "session.lead_reply"),))


@hookimpl
def on_transition(item, action, event, ctx):
    if item.channel is not Channel.SESSION or action != "assign":
        return None
    closes = ctx.directory.session(item.session).closes
    clocks = []
    reply = item.clock("reply")
    if reply is not None and reply.is_open:
        clocks.append(attrs.evolve(reply, owner=item.lead))
    for dept_id in item.co:
        if item.clock(f"co:{dept_id}") is None:
            clocks.append(ctx.new_clock(item, f"co:{dept_id}", "协办意见期限", closes, "session.co_reply", owner=dept_id))
    return Effects(clocks=tuple(clocks))
