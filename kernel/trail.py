"""An event's details as a clerk reads them in the trail (`item show`, `item history`): each option by its Chinese
name, vocabulary values by their labels, departments, deputies and sessions by name (`主办部门：部门甲`,
`方式：电话`, never `lead=1`, `mode=phone`). The stored event and the JSON keep the codes."""

from __future__ import annotations

from typing import Any

from .models import Event

# The kernel's own fields and the words every action shares; an action's options name themselves (Option.title).
KEY_LABELS = {
    "kind": "类型", "channel": "来源", "session": "会议", "lead": "主办部门", "co": "协办部门", "dept": "部门",
    "deputy": "代表", "deputies": "代表", "person": "负责人", "note": "备注", "reason": "理由", "text": "内容",
    "urgent": "紧急", "court_role": "本单位角色", "lead_agency": "主办单位", "to": "至",
}
NAMED = {"lead": "departments", "co": "departments", "dept": "departments", "deputy": "deputies",
         "deputies": "deputies", "session": "sessions"}  # details that hold the id of a record with a name
ROLES = {"lead": "主办", "co": "协办"}
EMPTY = (None, "", [], (), {})


def _named(tx, table: str, value: Any) -> str:
    """A stored id as the name it stands for; anything else (an id that no longer exists, a name) as it is."""
    text = str(value)
    doc = tx.get(table, int(text)) if text.isascii() and text.isdigit() else None
    return doc["name"] if doc else text


def value_text(app, directory, key: str, value: Any, option=None) -> str:
    """One detail's value in words."""
    from .item_view import CHANNELS  # item_view renders with this module

    if isinstance(value, (list, tuple)):
        return "、".join(value_text(app, directory, key, v, option) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if option is not None and option.choices is not None:
        return option.choices.label(str(value))
    if key in NAMED:
        return _named(directory.tx, NAMED[key], value)
    if key == "kind":
        kind = app.kinds.get(str(value))
        return kind.label if kind else str(value)
    if key == "channel":
        return CHANNELS.get(str(value), str(value))
    if key == "court_role":
        return ROLES.get(str(value), str(value))
    return str(value)


def detail_pairs(app, directory, event: Event, keys: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(name, value) of each non-empty detail of `event` (only `keys`, in the event's order, when given)."""
    declared = app.actions.get(event.action)
    order = [o.name for o in declared.options] if declared is not None else []
    order += [k for k in KEY_LABELS if k not in order]
    rank = {key: n for n, key in enumerate(order)}  # the same order on every store (PostgreSQL's jsonb sorts keys)
    pairs = []
    for key, value in sorted(event.detail.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])):
        if value in EMPTY or (keys is not None and key not in keys):
            continue
        option = declared.option(key) if declared is not None else None
        name = (option.title if option is not None else "") or KEY_LABELS.get(key, key)
        pairs.append((name, value_text(app, directory, key, value, option)))
    return pairs


def detail_text(app, directory, event: Event) -> str:
    """`主办部门：部门甲；协办部门：部门乙` — the whole detail, for `item history`."""
    return "；".join(f"{name}：{value}" for name, value in detail_pairs(app, directory, event))
