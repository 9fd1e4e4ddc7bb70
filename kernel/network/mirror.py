"""The lower organisation's answer, recorded upstairs (part of the network tick).

Why: the upper's own clocks chase the lower until the matter is answered; once the lower has replied, the upper
item must show the reply and its clocks must stop, or the upper would chase an organisation that has done its
part. So before an organisation ticks, each of its handed-down items takes the steps its lower item has taken
among the profile's `[network] mirror_actions` (default: the action that records a reply), dated the day the
lower took them, with the options that action declares (a department, a deputy — the lower's own directory —
are left out) and `from_org` in the trail. The lower's register is only read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..context import App
from ..desk import Desk, load_item
from ..errors import LianluoError
from ..models import Item
from .member import open_org
from .registry import Registry

DEFAULT_ACTIONS = ("reply",)
LOCAL = ("dept", "lead", "co", "deputy", "person", "approved_by")  # names in the lower's directory


def mirror(registry: Registry, upper: App, user: str, extra: dict, day: dt.date) -> list[dict[str, Any]]:
    """Replay below-the-line steps on this organisation's handed-down items; what was recorded."""
    actions = tuple(upper.profile.params("network").list("mirror_actions", list(DEFAULT_ACTIONS)))
    with upper.store.reader() as tx:
        handed = [f for f in tx.facts("items") if (f.get("extra") or {}).get("handed_to_org") and f.get("open")]
    if not handed:
        return []
    orgs = {o.code: o for o in registry.orgs()}
    lowers: dict[str, App] = {}
    done = []
    for fact in handed:
        code = fact["extra"]["handed_to_org"]
        if code not in orgs:
            continue
        lower = lowers.get(code) or lowers.setdefault(code, open_org(orgs[code], user, extra))
        with lower.store.reader() as ltx:
            below = load_item(ltx, fact["extra"]["handed_to_item"])
        with upper.store.transaction() as tx:
            item = load_item(tx, fact["id"])
            for event in _missing(item, below, actions):
                declared = upper.actions.get(event.action)
                detail = {k: v for k, v in event.detail.items()
                          if k not in LOCAL and declared is not None and declared.option(k) is not None}
                at = max(event.at, max(e.at for e in item.events))
                if at > day:
                    continue
                try:
                    item = Desk(upper, tx).act(item.id, event.action, at, from_org=code, **detail)
                except LianluoError:
                    break  # not allowed upstairs now (already closed, another state): left for the office
                done.append({"item": item.id, "action": event.action, "org": code, "date": at.isoformat()})
    return done


def _missing(item: Item, below: Item, actions: tuple[str, ...]):
    """The lower's events among `actions` not yet mirrored (counted by action: the n-th reply below is the n-th
    mirrored upstairs)."""
    mirrored = {a: sum(1 for e in item.events if e.action == a and e.detail.get("from_org")) for a in actions}
    seen = dict.fromkeys(actions, 0)
    for event in below.events:
        if event.action in seen:
            seen[event.action] += 1
            if seen[event.action] > mirrored[event.action]:
                yield event
