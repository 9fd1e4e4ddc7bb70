"""What each action does to a case: checks, clocks (declarative rules under `[cases.clocks.*]`), and the
result sent to every deputy concerned — those who raised it and those who attended its hearings."""

from __future__ import annotations

from lianluo.kernel import clockrules
from lianluo.kernel.errors import InputError, RefusedError
from lianluo.kernel.models import Effects, Item

from .explanations import close_explanations, hearing_attendees as _attendees

TEXT_ACTIONS = {"report": "--text", "conclude": "--result", "report-back": "--text"}


def hearing_attendees(ctx, item: Item) -> list[int]:
    """Deputies who attended a hearing linked to this case (the activities plugin's records)."""
    return _attendees(ctx, item.id)


def recipients(ctx, item: Item) -> list[int]:
    return sorted(set(item.deputies) | set(hearing_attendees(ctx, item)))


def _check(item, action, event):
    field = TEXT_ACTIONS.get(action)
    key = field.lstrip("-") if field else None
    if field and not (event.detail.get(key) or "").strip():
        raise InputError(field, "不能为空")
    if action == "report-back" and item.kind != "supervision":
        raise RefusedError(f"事项 {item.id} 不是督办案件，没有督办机关需要报告")
    if action == "close" and item.kind == "supervision" and not any(e.action == "report-back" for e in item.events):
        raise RefusedError(f"督办案件 {item.id} 须先向督办机关（{item.extra.get('sender', '')}）报告办理结果，才能办结")


def _result_notices(item, ctx):
    directory = ctx.directory
    number = item.extra.get("case_number", "")
    result = item.extra.get("result", "")
    notices = []
    attended = set(hearing_attendees(ctx, item))
    for deputy_id in recipients(ctx, item):
        deputy = directory.deputy(deputy_id)
        how = "旁听的" if deputy_id in attended and deputy_id not in item.deputies else "关注的"
        text = f"【案件结果】您{how}案件（{number}）《{item.title}》已审结：{result}"
        notices.append(ctx.draft(f"{deputy.name}（代表）", text, type="result"))
    return notices


def transition(item, action, event, ctx):
    _check(item, action, event)
    rules = clockrules.load_rules(ctx, "cases")
    day = event.at
    changed = {c.name: c for c in clockrules.stopped(rules, item, action, day)}
    if action == "assign":
        changed.update({c.name: c for c in clockrules.reowned(rules, item)})
    if action == "close":
        changed.update({c.name: c.stop(day) for c in item.clocks if c.is_open and c.name not in changed})
    current = item
    for clock in changed.values():
        current = current.with_clock(clock)
    new = clockrules.started(rules, current, action, day, ctx)
    notices, extra = (), {}
    if action == "conclude":
        extra = {"result": event.detail["result"].strip(), "concluded": day.isoformat()}
        close_explanations(item, day, ctx)
    if action == "notify":
        notices = tuple(_result_notices(item, ctx))
    return Effects(clocks=tuple(changed.values()) + tuple(new), notices=notices, extra=extra)
