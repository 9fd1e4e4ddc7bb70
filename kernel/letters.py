"""Reply letters (答复函): what a letter to one deputy says about a replied item, and which template it uses.

The data file is only read: writing a letter is not a change to the record.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from .errors import InputError, RefusedError
from .models import Body, Item
from .render.letter import PACKAGED
from .vocab import Vocabulary

COURT_TEMPLATE = Path("templates") / "reply_letter.docx"  # a court's own template, inside the data home


def chinese_date(text: str) -> str:
    day = dt.date.fromisoformat(text)
    return f"{day.year}年{day.month}月{day.day}日"


def template_for(home: Path, requested: Path | None) -> Path:
    """`--template`, else the court's template in the data home, else the packaged one."""
    if requested is not None:
        if not requested.is_file():
            raise InputError("--template", f"模板文件 {requested} 不存在")
        return requested
    own = Path(home) / COURT_TEMPLATE
    return own if own.is_file() else PACKAGED


def replied(item: Item, state: str) -> dict:
    """The item's reply; refused, naming the item's state, when it has none yet."""
    if not item.reply:
        raise RefusedError(f"第 {item.id} 号事项《{item.title}》尚未答复（当前状态：{state}），不能生成答复函")
    return item.reply


@attrs.frozen
class Agency:
    """The lead agency of a matter this organisation only co-handles: its reply goes there, not to deputies."""

    name: str
    body = None


def addressees(item: Item, directory, ref: str | None) -> list:
    """The deputies a letter goes to: the one `--deputy` names (who must have raised the item), else all; a
    co-handled matter's one letter goes to its lead agency (the item's extra `lead_agency`)."""
    if item.extra.get("lead_agency"):
        if ref is not None:
            raise InputError("--deputy", f"第 {item.id} 号事项由本单位协办，答复函只致主办单位"
                             f"{item.extra['lead_agency']}，不分代表")
        return [Agency(item.extra["lead_agency"])]
    if ref is None:
        return [directory.deputy(d) for d in item.deputies]
    deputy = directory.deputy(ref, "--deputy")
    if deputy.id not in item.deputies:
        raise InputError("--deputy", f"代表 {deputy.name} 不是第 {item.id} 号事项的提出人")
    return [deputy]


def values(item: Item, deputy, directory, scrub, categories: Vocabulary) -> dict[str, str]:
    """Every placeholder's text for the letter to `deputy`, personal data masked by `scrub`; the reply's category
    is named in the vocabulary of the plugin whose reply action set it."""
    reply = item.reply or {}
    category = reply.get("category") or ""
    dept = directory.department_by_id(reply.get("dept") or item.lead)
    found = {
        "代表": deputy.name,
        "称谓": "" if isinstance(deputy, Agency) else "委员" if deputy.body is Body.CPPCC else "代表",
        "标题": item.title,
        "编号": str(item.id),
        "答复内容": reply.get("text") or "",
        "答复类别": f"{category} 类（{categories.label(category)}）" if category in categories else category,
        "承办部门": dept.name if dept else "",
        "单位": directory.organisation.get("name", ""),
        "日期": chinese_date(reply["date"]) if reply.get("date") else "",
    }
    return {k: scrub(v) for k, v in found.items()}
