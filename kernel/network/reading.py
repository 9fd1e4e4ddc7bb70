"""What a front end (the web desk) may read across the network: the organisations below this home, one of them
opened read-only, and a handed-down matter's lines. The same boundary as the CLI (member.py): only below,
never a sibling or a parent; psycopg is imported only when the home is in a network."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from ..context import App
from ..errors import RefusedError
from ..store.factory import store_config


class ReadOnlyView:
    """Another organisation's store, readable only: the upper reads, the lower alone writes its register."""

    def __init__(self, store: Any, name: str):
        self._store = store
        self.name = name

    def transaction(self) -> Any:
        raise RefusedError(f"{self.name} 的数据只能查看，不能在本单位修改")

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._store, attr)


def lower_organisations(app: App, children_only: bool = False) -> list[dict[str, Any]]:
    """Every organisation below this home's (code, name, parent, …), parents first, or only its direct children;
    [] outside a network."""
    if not store_config(app.home).get("network"):
        return []
    from .member import me
    from .registry import subtree

    try:
        registry, mine = me(app.home)
    except RefusedError:
        return []
    return [org.to_json() for org in subtree(registry.orgs(), mine.code)[1:]
            if not children_only or org.parent == mine.code]


def hand_down_matter(app: App, ref: Any, code: str, day: dt.date, due: dt.date | None = None) -> dict[str, Any]:
    """Hand this home's matter `ref` down to its direct child `code` (handdown.py), as `network hand-down` does."""
    from .handdown import hand_down
    from .member import below, me, open_org
    from .registry import check_code

    registry, mine = me(app.home)
    org = below(registry, mine, check_code(code, "--to"), "--to", children_only=True)
    done = hand_down(app, mine, open_org(org, app.user), org, str(ref), day, due)
    return {"item": done.upper.id, "org": org.code, "name": org.name, "lower_item": done.lower.id,
            "due": done.due.isoformat(), "department": done.department.id, "office": done.department.head,
            "leader": done.department.leader}


def open_lower_organisation(app: App, code: str) -> App:
    """An organisation below this home, opened read-only; RefusedError/InputError for any other code."""
    from .member import below, me, open_org

    registry, mine = me(app.home)
    org = below(registry, mine, code)
    lower = open_org(org, app.user)
    return attrs.evolve(lower, store=ReadOnlyView(lower.store, org.name))
