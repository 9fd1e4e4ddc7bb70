"""Bulletin issues (工作信息): numbered 第 N 期 within their year, sent to every deputy who has not opted out,
one notice per deputy (and channel) whose delivery state is that deputy's.

Sending posts every recipient's notice in one transaction, each under a key that names the issue and the
deputy, then sends through the kernel's delivery: a send killed at any point is resumed by running it again —
the notices already posted are not posted twice, the ones already delivered are not sent again, and one
caught mid-send is "uncertain" for a person to settle (lianluo notice settle)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from lianluo.kernel import Delivery, Deputy, Notice, record_by_id, post_routed, posted_keys

KIND = "bulletin"  # the notice type, what [delivery.routes] and a deputy's opt-out name
TABLE = "bulletins"


def label(doc: dict[str, Any]) -> str:
    return f"{doc['year']}年第{doc['number']}期"


def create(tx, title: str, text: str, day: dt.date, source: str) -> dict[str, Any]:
    year = day.year
    number = 1 + max((d["number"] for d in tx.find(TABLE, year=year)), default=0)
    doc = {"year": year, "number": number, "title": title, "text": text, "date": day.isoformat(), "source": source,
           "sent": None}
    doc["id"] = tx.insert(TABLE, doc)
    return doc


def find(tx, ref: str) -> dict[str, Any]:
    return record_by_id(tx, TABLE, ref, "工作信息", "lianluo bulletin list")


def body(doc: dict[str, Any], organisation: str) -> str:
    return f"{organisation}\n工作信息\n{label(doc)}\n\n{doc['title']}\n\n{doc['text']}\n"


def key_prefix(doc: dict[str, Any]) -> str:
    return f"bulletin/{doc['id']}/"


def post(app, tx, doc: dict[str, Any], day: dt.date, organisation: str) -> tuple[int, list[str]]:
    """Post the issue to every deputy who takes bulletins (a second run posts nobody twice); the number
    posted now and the names of those who opted out."""
    posted, declined = 0, []
    text = body(doc, organisation)
    before = posted_keys(tx, key_prefix(doc))
    for deputy in sorted((Deputy.from_doc(d) for d in tx.all("deputies")), key=lambda d: d.id):
        if not deputy.wants(KIND):
            declined.append(deputy.name)
            continue
        notice = Notice(key=f"{key_prefix(doc)}deputy/{deputy.id}", type=KIND, to=deputy.name, text=text, date=day,
                        sent=day, deputy=deputy.id, subject=f"{organisation}工作信息（{label(doc)}）：{doc['title']}")
        posted += len(post_routed(app, tx, notice, before))
    if doc.get("sent") is None:
        tx.put(TABLE, {**doc, "sent": day.isoformat()})
    return posted, declined


def recipients(tx, doc: dict[str, Any]) -> list[Notice]:
    prefix = key_prefix(doc)
    return sorted((Notice.from_doc(n) for n in tx.all("notices") if n["key"].startswith(prefix)), key=lambda n: n.id)


STATE_WORDS = {"delivered": "已发送", "pending": "待发送", "sending": "发送中", "failed": "发送失败",
               "uncertain": "可能已发送，待核实"}


def state_of(notice: Notice) -> str:
    if notice.state is Delivery.DELIVERED and not notice.channel:
        return "无可用渠道，留在通知列表"
    return STATE_WORDS[notice.state.value]


def tally(notices: list[Notice]) -> dict[str, int]:
    return dict(Counter(state_of(n) for n in notices))
