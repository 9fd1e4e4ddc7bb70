"""An item as a clerk reads it (`item show`, and after every action): its state, people, reply, rating, clocks
and trail, with the labels of its kind's workflow and of the vocabularies the enabled plugins declare."""

from __future__ import annotations

from .models import Item
from .trail import detail_pairs

CHANNELS = {"session": "会议期间", "interim": "闭会期间", "spot": "当场", "online": "代表委员专邮"}
TRAIL_KEYS = ("note", "mode", "category", "rating", "to", "reason", "via", "result", "text")  # shown briefly
CLOCK_STATUS = {"open": "进行中", "met": "按期", "missed": "逾期"}


def _clock_lines(found: Item, directory) -> list[str]:
    lines = []
    for c in found.clocks:
        owner = directory.department_by_id(c.owner)
        extra = []
        if c.limit:
            extra.append(f"最长 {c.limit}")
        if c.chases:
            extra.append(f"已催办 {c.chases} 次")
        if c.level:
            extra.append(f"已督办至第 {c.level} 级")
        if c.stopped:
            extra.append(f"{c.stopped} 停止")
        tail = f"（{'，'.join(extra)}）" if extra else ""
        who = f" [{owner.name}]" if owner else ""
        lines.append(f"  期限 {c.label or c.name}{who}：{c.start} 起，{c.due} 到期，{CLOCK_STATUS[c.status.value]}{tail}")
        if c.clause:
            lines.append(f"      依据：{c.clause}")
    return lines


def item_lines(app, tx, found: Item) -> list[str]:
    """What a clerk reads about one item or task: state, people, reply, rating, clocks and its trail."""
    directory = app.context(tx, found.received).directory
    ratings = app.actions.vocabulary("feedback", "rating")
    kind = app.kinds.get(found.kind)
    workflow = kind.workflow if kind else None
    names = "、".join(directory.deputy(d).name for d in found.deputies)
    lead = directory.department_by_id(found.lead)
    co = "、".join(d.name for d in (directory.department_by_id(i) for i in found.co) if d)
    session = f"（{directory.session(found.session).name}）" if found.session else ""
    lines = [
        f"第 {found.id} 号 {kind.label if kind else found.kind}《{found.title}》",
        f"  状态：{workflow.states.get(found.status, found.status) if workflow else found.status}",
    ]
    if kind is not None and kind.table == "tasks":
        lines.append(f"  生成：{found.received}{session}")
        if found.extra.get("assignee"):
            lines.append(f"  负责：{found.extra['assignee']}")
    else:
        lines += [f"  代表：{names}", f"  来源：{CHANNELS[found.channel.value]}，{found.received} 登记{session}"]
    if found.extra.get("lead_agency"):
        lines.append(f"  本单位协办，主办单位：{found.extra['lead_agency']}；答复主办单位")
    if lead:
        lines.append(f"  主办：{lead.name}" + (f"；协办：{co}" if co else ""))
    if found.reply:
        lines.append(f"  答复：{found.reply.get('category')} 类，{found.reply.get('date')}")
    if found.feedback:
        lines.append(f"  反馈：{ratings.label(found.feedback)}")
    lines += _clock_lines(found, directory)
    if "handed_to_org" in found.extra or "handed_from_org" in found.extra:  # a matter handed down in a network
        from .network.view import linked_lines

        lines += linked_lines(app, found)
    lines.append("  留痕：")
    labels = workflow.action_labels if workflow else {}
    for e in found.events:
        extra = "；".join(value for _, value in detail_pairs(app, directory, e, TRAIL_KEYS))
        lines.append(f"    {e.at} {labels.get(e.action, e.action)}{'：' + extra if extra else ''}（{e.who}，记录于 {e.recorded}）")
    return lines
