"""The actions on the fields the kernel itself owns: the handling departments (assign), the class an item is
handled in (link) and a work item's completion (complete). Every other action is a plugin's."""

from __future__ import annotations

from typing import Any

from . import links
from .actions import Action, ActionRegistry, Option, Step
from .errors import InputError

PLUGIN = "kernel"


def _check_assign(detail: dict) -> None:
    if not detail.get("lead") and not detail.get("person"):
        raise InputError("--lead", "缺少必填参数（或用 --person 指定任务负责人）")


def _assign(item, detail: dict, ctx) -> Step:
    from .desk import clean_text  # desk runs the actions: imported when one runs

    if not detail.get("lead"):
        if ctx.kinds.table_of(item.kind) != "tasks":
            raise InputError("--lead", "缺少必填参数：交办须指定主办部门")
        person = clean_text(detail.get("person"), "--person", True, 100)
        return Step(changes={"extra": {**item.extra, "assignee": person}}, record={"person": person})
    directory = ctx.directory
    lead = directory.department(detail["lead"], "--lead")
    co: list[int] = []
    for ref in detail.get("co") or ():
        dept = directory.department(ref, "--co")
        if dept.id == lead.id:
            raise InputError("--co", f"协办部门不能与主办部门（{lead.name}）相同")
        if dept.id not in co:
            co.append(dept.id)
    return Step(changes={"lead": lead.id, "co": tuple(co)}, record={"lead": lead.id, "co": co})


def _link(item, detail: dict, ctx) -> Step:
    from .desk import load_item

    primary = load_item(ctx.tx, detail["to"], "--to")
    if primary.id == item.id or primary.primary is not None:
        raise InputError("--to", f"事项 {primary.id} 不能作为主办件（须为另一件、且本身未并入他件）")
    if links.members(ctx.tx, item.id):
        raise InputError("ID", f"事项 {item.id} 已是其他事项的主办件，不能再并入他件")
    return Step(changes={"primary": primary.id}, record={"to": primary.id})


def _joined(desk: Any, item, day):
    """The linked item joins its primary's class and takes the steps the primary has already taken."""
    links.add(desk.tx, item.primary, item.id)
    return desk.catch_up(item, day)


ASSIGN = Action(
    name="assign", label="交办", help="交办：指定主办和协办部门（或任务负责人）。",
    options=(Option("lead", "主办部门（编号或名称）"), Option("co", "协办部门（可重复）", multiple=True),
             Option("person", "负责人（用于会议工作任务等，不指定部门时）")),
    apply=_assign, check=_check_assign, cascades=True,
)
LINK = Action(
    name="link", label="并案", help="同类事项并案（类案）办理：此后主办件的交办、答复、办结同步到本件，统计仍按件。",
    options=(Option("to", "主办件编号（同类事项并案办理）", required=True),), apply=_link, after=_joined,
)
COMPLETE = Action(name="complete", label="完成", help="完成一项任务（如旁听记录已交）。",
                  options=(Option("note", "完成情况", default=""),), group=None)

CORE_ACTIONS = (ASSIGN, LINK, COMPLETE)


def declared_actions(pm) -> ActionRegistry:
    """The kernel's actions and those of every plugin `pm` holds (the enabled ones, or all installed)."""
    from .hooks import call_registration

    registry = ActionRegistry()
    register = registry.register_for(PLUGIN)
    for action in CORE_ACTIONS:
        register(action)
    call_registration(pm, "register_actions", registry.register_for)
    return registry
