"""Declared actions as HTML forms: every `Action` a plugin registers (`register_actions`) becomes a form on the
item page, its `Option`s the fields, so a new action needs no web code. Posted values are read back into the
detail the desk takes, with the same checks as the CLI (`Action.check`, then the action's own `apply`)."""

from __future__ import annotations

import re
from typing import Any

import attrs

from lianluo.kernel import Action, InputError, Item, Option, parse_date

SPLIT = re.compile(r"[,，、;；\s]+")
INPUTS = {"text": "text", "date": "date", "int": "number"}


@attrs.frozen
class Field:
    name: str
    label: str
    input: str  # text | date | number | select
    required: bool
    multiple: bool
    choices: tuple[tuple[str, str], ...] = ()
    default: str = ""


@attrs.frozen
class ActionForm:
    name: str
    label: str
    help: str
    fields: tuple[Field, ...]


def field_of(option: Option) -> Field:
    choices = tuple((value, f"{value}（{label}）" if label != value else value)
                    for value, label in option.choices.labels.items()) if option.choices else ()
    default = "" if option.default is None or option.multiple else str(option.default)
    return Field(option.name, option.help, "select" if choices else INPUTS[option.type], option.required,
                 option.multiple, choices, default)


def forms_for(app, item: Item, may_act) -> list[ActionForm]:
    """The declared actions the item's workflow allows now and the person may take, as forms."""
    kind = app.kinds.get(item.kind)
    if kind is None:
        return []
    forms = []
    for name in kind.workflow.allowed(item.status):
        action = app.actions.get(name)
        if action is None or not may_act(name):
            continue
        label = kind.workflow.action_labels.get(name, action.label)
        forms.append(ActionForm(name, label, action.help, tuple(field_of(o) for o in action.options)))
    return forms


def _value(option: Option, raw: str) -> Any:
    field = option.flag
    if option.type == "date":
        return parse_date(raw, field).isoformat()
    if option.type == "int":
        if not (raw.isascii() and raw.lstrip("-").isdigit()):
            raise InputError(field, f"应为整数，实为 {raw!r}")
        return int(raw)
    return raw


def detail_from(action: Action, form) -> dict[str, Any]:
    """The posted fields as the desk takes them (what the CLI's options give): empty is absent, a repeated
    option a list (several values in one box, separated by commas or 、), dates ISO text."""
    detail: dict[str, Any] = {}
    for option in action.options:
        if option.multiple:
            values = [v for raw in form.getlist(option.name) for v in SPLIT.split(raw.strip()) if v]
            if option.required and not values:
                raise InputError(option.flag, "缺少必填项")
            detail[option.name] = [_value(option, v) for v in values]
            continue
        raw = (form.get(option.name) or "").strip()
        if not raw:
            if option.required:
                raise InputError(option.flag, "缺少必填项")
            detail[option.name] = option.default
            continue
        detail[option.name] = _value(option, raw)
    if action.check is not None:
        action.check(detail)
    return detail
