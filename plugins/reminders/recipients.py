"""Who a reminder goes to: the department owning the clock, or the liaison office before assignment;
escalation targets come from the profile's chain (e.g. department.leader, then organisation.head)."""

from __future__ import annotations


def _office(ctx) -> str:
    return ctx.directory.organisation.get("liaison_office", "")


def handler(item, clock, ctx) -> str:
    dept = ctx.directory.department_by_id(clock.owner or item.lead)
    if dept is None:
        return item.extra.get("assignee") or _office(ctx)
    return f"{dept.name}（{dept.head}）" if dept.head else dept.name


def escalation_target(item, clock, level, ctx) -> tuple[str, str] | None:
    """(recipient, role title) for an escalation level, or None past the chain's end."""
    params = ctx.params("reminders")
    chain = params.list("escalation", [])
    if not 1 <= level <= len(chain):
        return None
    step = chain[level - 1]
    org = ctx.directory.organisation
    if step == "department.leader":
        role = params.str("leader_title", "")
        dept = ctx.directory.department_by_id(clock.owner or item.lead)
        if dept is None:
            return (f"{_office(ctx)}负责人", role)
        return (f"{dept.leader}（{dept.name}{role}）" if dept.leader else f"{dept.name}{role}", role)
    if step == "organisation.head":
        role = org.get("head_title", "")
        name = org.get("head", "")
        return (f"{name}（{role}）" if name else role, role)
    return (step, step)
