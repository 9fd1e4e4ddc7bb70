"""What `item show` adds for a matter handed down: upstairs, the lower organisation's item as it stands there
(state, clocks, every step, read from its own schema, read-only); downstairs, which matter of which upper
organisation it answers."""

from __future__ import annotations

from ..errors import LianluoError
from ..models import Item

UPPER_KEY, LOWER_KEY = "handed_to", "handed_from"


def linked_lines(app, found: Item) -> list[str]:
    if isinstance(found.extra.get(LOWER_KEY), dict):
        source = found.extra[LOWER_KEY]
        return [f"  上级交办：{source.get('name')} 第 {source.get('item')} 号事项"]
    target = found.extra.get(UPPER_KEY)
    if not isinstance(target, dict):
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


def lower_item(app, target: dict):
    """The lower organisation's app and its item, through the boundary checks of member.py."""
    from ..desk import load_item
    from .member import below, me, open_org

    registry, mine = me(app.home)
    org = below(registry, mine, str(target.get("org")), children_only=False)
    lower = open_org(org, app.user)
    with lower.store.reader() as tx:
        return lower, load_item(tx, target.get("item"))
