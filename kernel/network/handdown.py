"""Handing a matter down (交办): the upper organisation's item becomes an item of a lower one's register.

What happens, in one PostgreSQL transaction over both schemas (kernel/store/pg_joint.py), or not at all:
- the upper item is assigned (the kernel's `assign`) to a department of the upper's directory that stands for
  the lower organisation — its head is the lower's liaison office, its leader the lower's leader in charge —
  so the upper's own clocks chase the lower's liaison office and escalate to its leader through the reminders
  plugin's ordinary rules, with nothing special for a network;
- the lower organisation registers the same matter as a new item (its own kind, its own rules for its internal
  steps), the deputies found in its roster by name or added to it, with the upper's deadline as a clock of its
  own (`handed_down`);
- the two items name each other (`extra.handed_to` upstairs, `extra.handed_from` downstairs), so `item show`
  on either side shows the other (view.py) and nothing is ever typed twice.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ..context import App
from ..desk import Desk, load_item, save_item
from ..errors import InputError, RefusedError
from ..models import Department, Deputy, Item
from ..store.pg_joint import joint_transaction
from .member import writable_pg
from .registry import Org

CLOCK = "handed_down"
UPPER_KEY = "handed_to"  # extra keys, flat and short so that the report facts keep them: handed_to_org …
LOWER_KEY = "handed_from"
UPPER_LABEL = "下级办理期限"
LOWER_LABEL = "上级交办期限"


@attrs.frozen
class HandedDown:
    upper: Item
    lower: Item
    due: dt.date
    department: Department


def hand_down(upper: App, upper_org: Org, lower: App, lower_org: Org, ref: str, day: dt.date,
              due: dt.date | None) -> HandedDown:
    with joint_transaction([writable_pg(upper), writable_pg(lower)]) as (utx, ltx):
        item = load_item(utx, ref)
        if item.extra.get(f"{UPPER_KEY}_org"):
            raise RefusedError(f"事项 {item.id} 已于此前交办 {item.extra.get(UPPER_KEY + '_name')}"
                               f"（其第 {item.extra.get(UPPER_KEY + '_item')} 号），不再重复交办")
        if item.extra.get(f"{LOWER_KEY}_org"):
            raise RefusedError(f"事项 {item.id} 本身是上级交办的事项，请由本单位办理，不再向下交办")
        kind = lower.kinds.get(item.kind)
        if kind is None or kind.table != "items":
            raise RefusedError(f"{lower_org.name} 的配置未启用 {item.kind} 类事项，不能交办")
        if due is not None and due < day:
            raise InputError("--due", f"交办期限 {due} 早于交办日期 {day}")
        dept = _department_for(upper, utx, lower, ltx, lower_org, day)
        item = Desk(upper, utx).act(item.id, "assign", day, lead=str(dept.id))
        own = [c.due for c in item.clocks if c.is_open and c.owner == dept.id]  # what the assignment started
        deadline = due or (min(own) if own else None)
        if deadline is None:
            raise InputError("--due", f"事项 {item.id} 没有进行中的期限，请用 --due 指明交办期限")
        deputies = [str(_deputy_in(lower, ltx, upper, utx, d)) for d in item.deputies]
        made = Desk(lower, ltx).register(
            item.kind, item.title, deputies, day,
            channel=item.channel.value if item.channel.value != "session" else "interim", content=item.content,
            extra=_link(LOWER_KEY, upper_org, item.id), by_plugin=True)
        ctx = lower.context(ltx, day)
        clock = ctx.fixed_clock(made, CLOCK, LOWER_LABEL, day, deadline, rule=f"{upper_org.name}交办期限",
                                clause=f"{upper_org.name}交办事项，按其确定的期限办理并报告")
        made = made.with_clock(clock)
        save_item(lower, ltx, made)
        if due is not None:  # a deadline of the upper's choosing, chased upstairs as well
            uctx = upper.context(utx, day)
            item = item.with_clock(uctx.fixed_clock(item, CLOCK, UPPER_LABEL, day, due, rule="交办下级单位办理期限",
                                                    owner=dept.id))
        item = attrs.evolve(item, extra={**item.extra, **_link(UPPER_KEY, lower_org, made.id)})
        save_item(upper, utx, item)
    return HandedDown(item, made, deadline, dept)


def _link(key: str, org: Org, item_id: int) -> dict:
    return {f"{key}_org": org.code, f"{key}_name": org.name, f"{key}_item": item_id}


def _department_for(upper: App, utx, lower: App, ltx, lower_org: Org, day: dt.date) -> Department:
    """The upper's department standing for the lower organisation, made on first hand-down: its head is the
    lower's liaison office, its leader the lower's head as recorded at its init, as the lower recorded them."""
    for doc in utx.all("departments"):
        if doc["name"] == lower_org.name:
            return Department.from_doc(doc)
    org = lower.context(ltx, day).directory.organisation
    office = org.get("liaison_office", "") or lower_org.name  # its profile names no office: the organisation itself
    leader = org.get("head", "") or org.get("head_title", "")
    dept_id = utx.insert("departments", {"name": lower_org.name, "head": office, "leader": leader})
    return Department.from_doc(utx.get("departments", dept_id))


def _deputy_in(lower: App, ltx, upper: App, utx, deputy_id: int) -> int:
    """The lower's record of a deputy the upper's matter names: the same name and body, else a copy added."""
    doc = utx.get("deputies", deputy_id)
    if doc is None:
        raise RefusedError(f"代表 {deputy_id} 不在本单位名册中")
    source = Deputy.from_doc(doc)
    for other in ltx.all("deputies"):
        if other["name"] == source.name and other.get("body", "npc") == source.body.value:
            return int(other["id"])
    new_id = ltx.next_id("deputies")
    ltx.put("deputies", attrs.evolve(source, id=new_id, liaison="").to_doc())
    return new_id
