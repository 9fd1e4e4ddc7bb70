"""Reminders, chases and escalation (Liwan art. 20): warn before due, chase the handling department
after it, and after the allowed chases tell the next level up the profile's escalation chain."""

from __future__ import annotations

from lianluo.kernel import Alarm, hookimpl, PointKind, ProfileError

from .recipients import escalation_target, handler, policy


@hookimpl
def check_profile(ctx):
    params = ctx.params("reminders")
    [int(d) for d in params.list("warn_before", [])]
    params.period("chase_every")
    params.int("chases_before_escalation")
    for step in params.list("escalation", []):
        if not (step in ("department.leader", "organisation.head") or str(step).startswith("item.")):
            raise ProfileError(f"配置参数 reminders.escalation 中的 {step!r} 无效；可用：department.leader、"
                               "organisation.head、item.字段名")


@hookimpl
def alarm_for(item, clock_name, ctx):
    params = ctx.params("reminders")
    rules = policy(item, ctx)
    return Alarm(
        warn=tuple(int(d) for d in params.list("warn_before", [])),
        chase_every=params.period("chase_every"),
        chases=rules["chases"],
        levels=len(rules["escalation"]),
    )


def _subject(item, clock, ctx):
    label = ctx.kinds.get(item.kind).label if ctx.kinds.get(item.kind) else item.kind
    return f"{label}第 {item.id} 号《{item.title}》的{clock.label or clock.name}（{clock.due}）"


@hookimpl
def on_due(item, clock, point, today, ctx):
    subject = _subject(item, clock, ctx)
    # `today` is the tick's day: a point caught up after its own day says how things stand now, never "今日"
    if point.kind is PointKind.WARN:
        text = f"【到期提醒】{subject}还有 {(clock.due - today).days} 天到期，请按期办理。"
    elif point.kind is PointKind.DUE and point.date < today:
        text = f"【逾期】{subject}已于 {point.date} 到期，已逾期 {(today - point.date).days} 天，请及时报告办理结果。"
    elif point.kind is PointKind.DUE:
        text = f"【今日到期】{subject}今日到期，请及时报告办理结果。"
    else:
        text = f"【第 {point.number} 次催办】{subject}已逾期，请加快办理并报告进展。"
    return [ctx.draft(handler(item, clock, ctx), text)]


@hookimpl
def on_escalate(item, clock, level, point, today, ctx):
    target = escalation_target(item, clock, level, ctx)
    if target is None or (level > 1 and escalation_target(item, clock, level - 1, ctx) == target):
        return None  # past the chain's end, or the step resolves to whoever was told at the level before
    who, role = target
    chases = policy(item, ctx)["chases"]
    text = (f"【督办】{_subject(item, clock, ctx)}经 {chases} 次催办仍未报告办理结果，"
            f"依规通报{role}，请予督办。")
    return [ctx.draft(who, text, level=level)]
