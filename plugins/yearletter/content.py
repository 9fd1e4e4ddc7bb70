"""What a yearly letter to one deputy says (Liwan art. 9(1), SPC §5): the year's liaison work in figures, the
office's own summary of the court's work if it wrote one, and each of the deputy's own matters with how it was
handled — worked out from the store, so the letters are the same whoever prints them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from lianluo.kernel import Deputy, Item


@attrs.frozen
class Matter:
    number: int
    kind: str
    title: str
    received: str
    state: str
    handled: str


@attrs.frozen
class Letter:
    deputy: Deputy
    year: int
    organisation: str
    figures: tuple[tuple[str, str], ...]
    summary: tuple[str, ...]
    matters: tuple[Matter, ...]
    date: dt.date


def salutation(deputy: Deputy) -> str:
    """尊敬的王明代表 / 尊敬的李华委员 (a name already ending in its title is not titled twice)."""
    title = "委员" if deputy.body.value == "cppcc" else "代表"
    return f"尊敬的{deputy.name}{'' if deputy.name.endswith(title) else title}："


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def year_items(app, tx, year: int) -> list[Item]:
    """The matters deputies raised that were registered in the year (the kinds kept in the items table)."""
    items = [Item.from_doc(d) for d in tx.all("items")]
    return sorted((i for i in items if i.received.year == year), key=lambda i: i.id)


def figures(items: list[Item], deputies: int) -> tuple[tuple[str, str], ...]:
    replied = [i for i in items if i.reply]
    rated = [i for i in items if i.feedback]
    pleased = [i for i in rated if i.feedback in ("satisfied", "basic")]
    share = f"{len(pleased) / len(rated):.0%}" if rated else "—"
    return (("联系的代表、委员", f"{deputies} 位"), ("登记代表建议和关注事项", f"{len(items)} 件"),
            ("已答复", f"{len(replied)} 件"), ("收到反馈意见", f"{len(rated)} 件"),
            ("满意和基本满意", f"{len(pleased)} 件（{share}）"))


def handled(app, tx, item: Item) -> tuple[str, str]:
    """(where it stands, how it was handled) in the words the clerk's screens use."""
    kind = app.kinds.get(item.kind)
    state = kind.workflow.states.get(item.status, item.status) if kind and kind.workflow else item.status
    parts = []
    lead = tx.get("departments", item.lead) if item.lead else None
    if lead:
        parts.append(f"由{lead['name']}承办")
    if item.reply:
        text = str(item.reply.get("text") or "").strip()
        parts.append(f"{item.reply.get('date')}答复" + (f"：{text}" if text else ""))
    if item.feedback:
        ratings = app.actions.vocabulary("feedback", "rating")
        parts.append(f"您的反馈：{ratings.label(item.feedback)}")
    return state, "；".join(parts) or "正在办理"


def letter_for(app, tx, deputy: Deputy, items: list[Item], year: int, organisation: str, all_figures,
               summary: tuple[str, ...], day: dt.date) -> Letter:
    own = []
    for item in (i for i in items if deputy.id in i.deputies):
        kind = app.kinds.get(item.kind)
        state, how = handled(app, tx, item)
        own.append(Matter(item.id, kind.label if kind else item.kind, item.title, item.received.isoformat(), state, how))
    return Letter(deputy, year, organisation, all_figures, summary, tuple(own), day)


def plain_text(letter: Letter) -> str:
    """The e-mail's body: the letter in short, the DOCX attached."""
    lines = [salutation(letter.deputy), "",
             f"　　现将{letter.organisation}{letter.year}年度代表联络工作情况和您提出的建议、关注事项的办理情况函告如下，"
             "详见附件。", ""]
    lines += [f"　　{label}：{value}" for label, value in letter.figures]
    lines.append("")
    if letter.matters:
        lines.append(f"　　您本年度提出的事项 {len(letter.matters)} 件：")
        lines += [f"　　第 {m.number} 号《{m.title}》：{m.state}。{m.handled}" for m in letter.matters]
    else:
        lines.append("　　本年度我院未登记您提出的建议或关注事项。")
    lines += ["", f"{letter.organisation}", chinese_date(letter.date)]
    return "\n".join(lines)


def as_json(letter: Letter) -> dict[str, Any]:
    return {"deputy": letter.deputy.id, "name": letter.deputy.name, "matters": [attrs.asdict(m) for m in letter.matters]}
