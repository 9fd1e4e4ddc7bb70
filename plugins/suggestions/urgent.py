"""Urgent matters (Liwan art. 8(4): 紧急事项单独及时报送): an item registered `--urgent` is reported to the
leaders the day it is registered, and the two-monthly report lists urgent matters on a line of their own."""

from __future__ import annotations

from lianluo.kernel.models import Item

DEFAULT_TO = ["organisation.head"]


def recipients(ctx) -> list[str]:
    """The profile's `suggestions.urgent_to`: `organisation.head` is the head by name, anything else literal."""
    org = ctx.directory.organisation
    head = f"{org.get('head', '')}（{org.get('head_title', '')}）" if org.get("head") else org.get("head_title", "")
    return [head if step == "organisation.head" else step for step in ctx.params("suggestions").list("urgent_to", DEFAULT_TO)]


def notices(item: Item, label: str, ctx) -> tuple:
    if not item.extra.get("urgent"):
        return ()
    clause = ctx.profile.clauses.get("suggestions.urgent_to", "")
    text = (f"【紧急事项】{item.received} 登记{label}第 {item.id} 号《{item.title}》，属紧急事项，单独报送，请阅示。"
            + (f"（{clause.split('：', 1)[0]}）" if clause else ""))
    return tuple(ctx.draft(to, text, type="urgent") for to in recipients(ctx) if to)


def report_line(items: list[Item]) -> tuple[str, ...]:
    """The separate line of the two-monthly report: how many urgent matters, and which."""
    urgent = [i for i in items if i.extra.get("urgent")]
    if not urgent:
        return ()
    listed = "、".join(f"第 {i.id} 号《{i.title}》（{i.received}）" for i in urgent)
    return (f"其中紧急事项 {len(urgent)} 件，已于登记当日单独报送院领导：{listed}。",)
