"""What each action does to a suggestion's clocks (Liwan arts. 15, 20; re-handling chosen per NPC practice)."""

from __future__ import annotations

import attrs

from lianluo.kernel.calendar import parse_date
from lianluo.kernel.errors import InputError
from lianluo.kernel.models import Channel, Effects

CATEGORIES = ("A", "B", "C")
RATINGS = ("satisfied", "basic", "unsatisfied")
CONTACT_MODES = ("meet", "phone", "visit", "letter")


def _stop_open(item, day, only=None):
    return tuple(c.stop(day) for c in item.clocks if c.is_open and (only is None or c.name in only))


def _extend(item, event, ctx):
    detail = event.detail
    if not detail.get("reason", "").strip():
        raise InputError("--reason", "延期须说明理由")
    to = parse_date(detail.get("to"), "--to")
    name = detail.get("clock") or "reply"
    clock = item.clock(name)
    if clock is None or not clock.is_open:
        raise InputError("--clock", f"事项 {item.id} 没有进行中的期限 {name!r}")
    if clock.limit is None:
        raise InputError("--to", f"期限「{clock.label or name}」依规则不得延期（{clock.clause or clock.rule}）")
    if to <= clock.due:
        raise InputError("--to", f"{to} 不晚于现在的到期日 {clock.due}")
    if to > clock.limit:
        raise InputError("--to", f"{to} 超过最长期限 {clock.limit}（{clock.clause or clock.rule}）")
    return Effects(clocks=(attrs.evolve(clock, due=to, round=clock.round + 1, fired=(), chases=0, level=0),))


def transition(item, action, event, ctx):
    day = event.at
    params = ctx.params("suggestions")
    if action == "approve" and item.channel is Channel.INTERIM:
        return Effects(clocks=(ctx.new_clock(item, "handover", "交办期限", day, "suggestions.interim_handover"),))
    if action == "assign":
        clocks = list(_stop_open(item, day, only={"handover"}))
        reply = item.clock("reply")
        if item.channel is Channel.INTERIM and reply is None:
            clocks.append(ctx.new_clock(item, "reply", "主办答复期限", day, "suggestions.interim_reply",
                                        owner=item.lead, limit_param="suggestions.interim_limit"))
        elif reply is not None and reply.is_open and item.channel is not Channel.SESSION:
            clocks.append(attrs.evolve(reply, owner=item.lead))
        return Effects(clocks=tuple(clocks))
    if action == "contact" and event.detail.get("mode") not in CONTACT_MODES:
        raise InputError("--mode", f"无效值 {event.detail.get('mode')!r}；可用：{'、'.join(CONTACT_MODES)}")
    if action == "co-reply":
        return Effects(clocks=_stop_open(item, day, only={f"co:{event.detail['dept']}"}))
    if action == "reply":
        allowed = tuple(params.list("reply_categories", list(CATEGORIES)))
        if event.detail.get("category") not in allowed:
            raise InputError("--category", f"无效值 {event.detail.get('category')!r}；可用：{'、'.join(allowed)}")
        if not (event.detail.get("text") or "").strip():
            raise InputError("--text", "答复内容不能为空")
        return Effects(clocks=_stop_open(item, day))
    if action == "feedback":
        rating = event.detail.get("rating")
        if rating not in RATINGS:
            raise InputError("--rating", f"无效值 {rating!r}；可用：{'、'.join(RATINGS)}")
        if rating == "unsatisfied":
            rounds = sum(1 for c in item.clocks if c.name.startswith("rehandle"))
            clock = ctx.new_clock(item, f"rehandle-{rounds + 1}", "重新办理期限", day, "suggestions.rehandle",
                                  owner=item.lead)
            return Effects(clocks=(clock,), status="assigned")
        return None
    if action == "extend":
        return _extend(item, event, ctx)
    if action == "close":
        return Effects(clocks=_stop_open(item, day))
    return None
