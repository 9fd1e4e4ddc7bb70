"""What each action does to a suggestion: the checks the rules demand, and the clocks it starts and stops."""

from __future__ import annotations

import attrs

from lianluo.kernel.calendar import parse_date
from lianluo.kernel.errors import InputError, RefusedError
from lianluo.kernel.models import Effects

from lianluo.kernel import clockrules

from .vocab import CONTACT_MODES, DEFAULT_CATEGORIES, RATINGS, REPLY_CATEGORIES


def _trigger(action, event):
    return f"feedback:{event.detail.get('rating')}" if action == "feedback" else action


def _check(item, action, event, ctx):
    """Refuse what the profile's rules do not allow, before anything changes."""
    params = ctx.params("suggestions")
    detail = event.detail
    if action == "assign":
        approved = any(e.action == "approve" for e in item.events)
        needs = item.channel.value in params.list("approval_channels", []) and item.kind not in params.list(
            "approval_exempt_kinds", [])
        if needs and not approved:
            raise RefusedError(f"事项 {item.id} 须先经审批才能交办（{ctx.profile.clauses.get('suggestions.approval_channels', '')}）")
        offices = params.list("complaint_offices", [])
        if item.kind == "complaint" and offices:
            lead = ctx.directory.department_by_id(item.lead)
            if lead.name not in offices:
                raise InputError("--lead", f"转交群众来信应交 {'或'.join(offices)} 办理，而非 {lead.name}")
    if action == "return" and not (detail.get("reason") or "").strip():
        raise InputError("--reason", "退回须说明理由")
    if action == "pause" and not (detail.get("reason") or "").strip():
        raise InputError("--reason", "暂停计时须说明理由（如等待代表补充说明）")
    if action == "contact":
        CONTACT_MODES.check(detail.get("mode"), "--mode")
    if action in ("reply", "co-reply"):
        REPLY_CATEGORIES.check(detail.get("category"), "--category",
                               params.list("reply_categories", list(DEFAULT_CATEGORIES)))
        if not (detail.get("text") or "").strip():
            raise InputError("--text", "答复内容不能为空")
    if action == "reply":
        if params.bool("reply_needs_approver", False) and not (detail.get("approved_by") or "").strip():
            raise InputError("--approved-by", f"答复须经领导审批，请写明审批人（{ctx.profile.clauses.get('suggestions.reply_needs_approver', '')}）")
        if params.bool("contact_before_reply", False) and not any(e.action == "contact" for e in item.events):
            raise RefusedError(f"事项 {item.id} 答复前须先与代表联系沟通（{ctx.profile.clauses.get('suggestions.contact_before_reply', '')}）")
    if action == "feedback":
        RATINGS.check(detail.get("rating"), "--rating")
    if action == "close" and params.bool("visit_before_close", False):
        last_reply = max((i for i, e in enumerate(item.events) if e.action == "reply"), default=len(item.events))
        if not any(e.action == "contact" for e in item.events[last_reply + 1:-1]):
            raise RefusedError(f"事项 {item.id} 办结前须在答复后回访代表（item contact --mode visit）"
                               f"（{ctx.profile.clauses.get('suggestions.visit_before_close', '')}）")


def _extend(item, event, ctx):
    detail = event.detail
    if not (detail.get("reason") or "").strip():
        raise InputError("--reason", "延期须说明理由")
    to = parse_date(detail.get("to"), "--to")
    name = detail.get("clock") or "reply"
    clock = item.clock(name)
    if clock is None or not clock.is_open:
        open_names = "、".join(c.name for c in item.clocks if c.is_open) or "无"
        raise InputError("--clock", f"事项 {item.id} 没有进行中的期限 {name!r}（进行中：{open_names}）")
    if clock.limit is None:
        raise InputError("--to", f"期限「{clock.label or name}」依规则不得延期（{clock.clause or clock.rule}）")
    rolled = ctx.roll(to)
    if rolled > clock.limit:
        why = "" if rolled == to else f"（{to} 为休息日，顺延至 {rolled}）"
        raise InputError("--to", f"{to} 超过最长期限 {clock.limit}{why}（{clock.limit_clause or clock.clause or clock.rule}）")
    if to <= clock.due:
        raise InputError("--to", f"{to} 不晚于现在的到期日 {clock.due}")
    if to < event.at:
        raise InputError("--to", f"{to} 早于延期决定的日期 {event.at}")
    moved = clock.moved(rolled, event.at, "extended", raw=to, reason=detail["reason"], by=event.who)
    return moved.noted(event.at, "rolled", raw=to, due=rolled) if rolled != to else moved


def _unsatisfied_streak(item) -> int:
    streak = 0
    for e in reversed(item.events):
        if e.action != "feedback":
            continue
        if e.detail.get("rating") != "unsatisfied":
            break
        streak += 1
    return streak


def _escalation_notice(item, ctx):
    limit = ctx.params("suggestions").int("escalate_after_unsatisfied", 0)
    if not limit or _unsatisfied_streak(item) != limit:
        return ()
    dept = ctx.directory.department_by_id(item.lead)
    to = f"{dept.leader}（{dept.name}）" if dept and dept.leader else ctx.directory.organisation.get("liaison_office", "")
    text = f"【督办】第 {item.id} 号《{item.title}》代表连续 {limit} 次不满意，请分管领导督办。"
    return (ctx.draft(to, text, type="escalation", level=1),)


def transition(item, action, event, ctx):
    _check(item, action, event, ctx)
    rules = clockrules.load_rules(ctx, "suggestions")
    day = event.at
    trigger = _trigger(action, event)
    changed = {c.name: c for c in clockrules.stopped(rules, item, trigger, day)}
    if action in ("reply", "close"):  # the answer to the deputy ends every running deadline
        changed.update({c.name: c.stop(day) for c in item.clocks if c.is_open and c.name not in changed})
    if action == "co-reply":  # the co-department's own clocks: `co:DEPT` (session) and `RULE:DEPT` (rules)
        suffix = f":{event.detail['dept']}"
        changed.update({c.name: c.stop(day) for c in item.clocks if c.is_open and c.name.endswith(suffix)})
    if action == "assign":
        changed.update({c.name: c for c in clockrules.reowned(rules, item)})
    if action == "return":  # the department hands the item back: its clocks wait for the next assignment
        returning = event.detail.get("lead")
        changed.update({c.name: attrs.evolve(c, owner=None) for c in item.clocks if c.is_open and c.owner == returning})
    if action == "pause":
        changed.update({c.name: c.pause(day, event.detail["reason"]) for c in item.clocks if c.running})
    if action == "resume":
        paused = [c for c in item.clocks if c.is_open and c.paused]
        if not paused:
            raise RefusedError(f"事项 {item.id} 没有暂停中的期限")
        changed.update({c.name: c.resume(day, ctx.roll) for c in paused})
    if action == "extend":
        clock = _extend(item, event, ctx)
        changed[clock.name] = clock
    current = item
    for clock in changed.values():
        current = current.with_clock(clock)
    new = clockrules.started(rules, current, trigger, day, ctx)
    status = "handling" if trigger == "feedback:unsatisfied" else None
    notices = _escalation_notice(item, ctx) if trigger == "feedback:unsatisfied" else ()
    return Effects(clocks=tuple(changed.values()) + tuple(new), status=status, notices=notices)
