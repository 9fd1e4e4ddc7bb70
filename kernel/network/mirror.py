"""The lower organisation's answer, recorded upstairs (part of the network tick).

Why: the upper's own clocks chase the lower until the matter is answered; once the lower has replied, the upper
item must show the reply and its clocks must stop, or the upper would chase an organisation that has done its
part. Nor does it end there: the deputy's rating starts the upper's re-handling clock when it is unsatisfied, and
the closing ends the matter upstairs as below. So before an organisation ticks, each of its handed-down items
not yet finished takes the steps its lower item has taken among the profile's `[network] mirror_actions`
(default: the reply, the deputy's feedback and the closing — what the upper's clocks stop, start and end on),
in the order the lower took them, dated the day it took them, with the options that action declares and
`from_org` in the trail. Names of the lower's own directory (a department, an approving leader) are left out;
a deputy is named by name, as the hand-down found them in the lower's roster. The lower's register is only
read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from ..context import App
from ..desk import Desk, load_item
from ..errors import LianluoError
from ..models import Item
from .member import open_org
from .registry import Registry

DEFAULT_ACTIONS = ("reply", "feedback", "close")
LOCAL = ("dept", "lead", "co", "person", "approved_by")  # names in the lower's directory, left out
BY_NAME = ("deputy",)  # the lower's deputy ids, given upstairs by name


def mirror(registry: Registry, upper: App, user: str, extra: dict, day: dt.date,
           managers: dict | None = None) -> list[dict[str, Any]]:
    """Replay below-the-line steps on this organisation's handed-down items; what was recorded (`managers`: see
    `App.open`)."""
    actions = tuple(upper.profile.params("network").list("mirror_actions", list(DEFAULT_ACTIONS)))
    finished = {name: kind.workflow.finished for name, kind in upper.kinds.kinds.items()}
    with upper.store.reader() as tx:
        handed = [f for f in tx.facts("items") if (f.get("extra") or {}).get("handed_to_org")
                  and f["status"] not in finished.get(f["kind"], ())]
    if not handed or not actions:
        return []
    orgs = {o.code: o for o in registry.orgs()}
    done = []
    by_org: dict[str, list[dict]] = {}
    for fact in handed:
        by_org.setdefault(fact["extra"]["handed_to_org"], []).append(fact)
    for code, facts in by_org.items():
        if code not in orgs:
            continue
        lower = open_org(orgs[code], user, extra, managers)
        with lower.store.reader() as ltx:
            summaries = {f["id"]: f for f in ltx.facts("items")}
            behind = [f for f in facts if _behind(f, summaries.get(f["extra"]["handed_to_item"]), actions)]
            if not behind:
                continue  # the usual tick: nothing new below, no item loaded, no transaction
            below = {f["id"]: load_item(ltx, f["extra"]["handed_to_item"]) for f in behind}
            names = {int(d["id"]): d["name"] for d in ltx.all("deputies")}
        for fact in behind:
            done += _replay(upper, fact["id"], below[fact["id"]], actions, names, code, day)
    return done


def _behind(upper: dict, lower: dict | None, actions: tuple[str, ...]) -> bool:
    """Whether the lower item (its summary) has taken more of `actions` than were mirrored upstairs."""
    if lower is None:
        return False
    mirrored = Counter(e[0] for e in upper["events"] if e[0] in actions and (e[2] or {}).get("from_org"))
    taken = Counter(e[0] for e in lower["events"] if e[0] in actions)
    return any(taken[a] > mirrored[a] for a in taken)


def _replay(upper: App, item_id: int, below: Item, actions: tuple[str, ...], names: dict[int, str], code: str,
            day: dt.date) -> list[dict[str, Any]]:
    done = []
    with upper.store.transaction() as tx:
        item = load_item(tx, item_id)
        for event in _missing(item, below, actions):
            declared = upper.actions.get(event.action)
            detail = {k: _upstairs(k, v, names) for k, v in event.detail.items()
                      if k not in LOCAL and declared is not None and declared.option(k) is not None}
            at = max(event.at, max(e.at for e in item.events))
            if at > day:
                break  # the lower's later steps wait for a later tick, in order
            try:
                item = Desk(upper, tx).act(item.id, event.action, at, from_org=code,
                                           **{k: v for k, v in detail.items() if v is not None})
            except LianluoError:
                break  # not allowed upstairs now (already closed, another state): left for the office
            done.append({"item": item.id, "action": event.action, "org": code, "date": at.isoformat()})
    return done


def _upstairs(key: str, value: Any, names: dict[int, str]) -> Any:
    """An option's value as the upper's directory takes it: a deputy of the lower's roster by name."""
    if key in BY_NAME and value is not None:
        return names.get(int(value)) if str(value).isdigit() else value
    return value


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
