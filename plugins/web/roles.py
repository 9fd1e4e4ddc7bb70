"""The four roles of the web desk and what each may do: the one place access is decided.

Which pages a role sees is said by each page's declaration (`roles=`); which matters a department sees, and
which actions a department or a leader may take, is decided here, so every page asks the same function.
The action lists are the profile's (`[web] department_actions`, `[web] leader_actions`), defaulting to the
steps the issue and the rules give them.
"""

from __future__ import annotations

from lianluo.kernel import Item, Vocabulary

ROLES = Vocabulary("role", {
    "clerk": "联络办",
    "department": "承办部门",
    "leader": "院领导",
    "admin": "系统管理员",
})
EVERYONE = tuple(ROLES.labels)
WORKERS = ("clerk", "department", "leader")  # those who work on matters (the admin keeps users and the profile)

DEPARTMENT_ACTIONS = ("accept", "return", "contact", "reply", "co-reply", "pause", "resume", "complete")  # complete: its own tasks
LEADER_ACTIONS = ("approve",)


def sees_item(user, item: Item) -> bool:
    """A department sees the matters it leads or co-handles; clerks and leaders see all; admins none."""
    if user.role in ("clerk", "leader"):
        return True
    if user.role == "department":
        return user.dept is not None and (item.lead == user.dept or user.dept in item.co)
    return False


def may_act(user, action: str, params) -> bool:
    """Whether the person may take `action` through the web (the workflow still decides whether it is allowed
    now); `params` is the profile's `[web]` section."""
    if user.role == "clerk":
        return True
    if user.role == "department":
        return action in params.list("department_actions", list(DEPARTMENT_ACTIONS))
    if user.role == "leader":
        return action in params.list("leader_actions", list(LEADER_ACTIONS))
    return False
