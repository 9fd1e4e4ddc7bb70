"""Who a reminder goes to, and who is told when it is escalated.

The profile's `[reminders]` chain applies to every kind; `[reminders.kinds.KIND]` may name another
handler and chain for one kind (cases: collegial panel → division chief → vice-president in charge).
Steps are `department.leader`, `organisation.head`, or `item.FIELD` (a person recorded on the item).
"""

from __future__ import annotations


def _office(ctx) -> str:
    return ctx.directory.organisation.get("liaison_office", "")


def policy(item, ctx) -> dict:
    """The kind's own reminder settings over the general ones."""
    params = ctx.params("reminders")
    own = params.get(f"kinds.{item.kind}", None) or {}
    return {
        "handler": own.get("handler"),
        "escalation": own.get("escalation", params.list("escalation", [])),
        "roles": own.get("roles", []),
        "chases": own.get("chases_before_escalation", params.int("chases_before_escalation")),
    }


def handler(item, clock, ctx) -> str:
    spec = policy(item, ctx)["handler"]
    if spec and spec.startswith("item.") and item.extra.get(spec[5:]):
        return item.extra[spec[5:]]
    dept = ctx.directory.department_by_id(clock.owner or item.lead)
    if dept is None:
        return item.extra.get("assignee") or _office(ctx)
    return f"{dept.name}（{dept.head}）" if dept.head else dept.name


def _office_department(ctx):
    """The department the liaison office belongs to (its own name, or the department its name starts with,
    e.g. 立案庭联络员 → 立案庭): whose leader supervises what is late before any department has it."""
    office = _office(ctx)
    depts = ctx.directory.departments()
    exact = [d for d in depts if d.name == office]
    within = sorted((d for d in depts if office.startswith(d.name)), key=lambda d: -len(d.name))
    return (exact or within or [None])[0]


def _head(ctx, role: str) -> tuple[str, str]:
    org = ctx.directory.organisation
    role = role or org.get("head_title", "")
    name = org.get("head", "")
    return (f"{name}（{role}）" if name else role, role)


def escalation_target(item, clock, level, ctx) -> tuple[str, str] | None:
    """(recipient, role title) for an escalation level, or None past the chain's end. The role is what the
    notice's text names, so it is always the recipient's own: a department's leader in charge, the head, or
    the person recorded on the item."""
    params = ctx.params("reminders")
    rules = policy(item, ctx)
    chain = rules["escalation"]
    if not 1 <= level <= len(chain):
        return None
    step = chain[level - 1]
    role = rules["roles"][level - 1] if level <= len(rules["roles"]) else ""
    if step.startswith("item."):
        person = item.extra.get(step[5:], "")
        if not (person or role):
            return (f"{_office(ctx)}负责人", f"{_office(ctx)}负责人")
        return (f"{person}（{role}）" if person and role else person or role, role or person)
    if step == "department.leader":
        role = role or params.str("leader_title", "")
        dept = ctx.directory.department_by_id(clock.owner or item.lead) or _office_department(ctx)
        if dept is None:  # nobody holds it yet and the office is no department: the head is told
            return _head(ctx, "")
        return (f"{dept.leader}（{dept.name}{role}）" if dept.leader else f"{dept.name}{role}", role)
    if step == "organisation.head":
        return _head(ctx, role)
    return (step, step)
