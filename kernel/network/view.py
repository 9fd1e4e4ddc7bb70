"""What `item show` adds for a matter handed down: upstairs, the lower organisation's item as it stands there
(state, clocks, every step, read from its own schema, read-only); downstairs, which matter of which upper
organisation it answers."""

from __future__ import annotations

from ..errors import LianluoError
from ..models import Item

UPPER_KEY, LOWER_KEY = "handed_to", "handed_from"


def linked_lines(app, found: Item) -> list[str]:
    source, target = linked(found, LOWER_KEY), linked(found, UPPER_KEY)
    if source:
        return [f"  上级交办：{source.get('name')} 第 {source.get('item')} 号事项"]
    if not target:
        return []
    head = f"  交办下级：{target.get('name')}，登记为其第 {target.get('item')} 号"
    try:
        lower, item = lower_item(app, target)
        from ..item_view import item_lines

        with lower.store.reader() as tx:
            lines = item_lines(lower, tx, item)
    except LianluoError as exc:
        return [head, f"    （暂时无法读取下级单位的办理情况：{exc}）"]
    return [head + "；下级办理情况（只读）：", *("    " + line for line in lines)]


def linked(found: Item, key: str) -> dict:
    """{org, name, item} of the other side of a hand-down ({} when `found` has none on that side)."""
    if not found.extra.get(f"{key}_org"):
        return {}
    return {part: found.extra.get(f"{key}_{part}") for part in ("org", "name", "item")}


def lower_item(app, target: dict):
    """The lower organisation's app and its item, through the boundary checks of member.py."""
    from ..desk import load_item
    from .member import below, me, open_org

    registry, mine = me(app.home)
    org = below(registry, mine, str(target.get("org")), children_only=False)
    lower = open_org(org, app.user)
    with lower.store.reader() as tx:
        return lower, load_item(tx, target.get("item"))
