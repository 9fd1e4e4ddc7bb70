"""Greetings: drafted before each holiday for the liaison office to confirm, then sent to every deputy who has
not opted out — once per holiday (one draft per holiday, one notice per deputy under a key naming both)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from lianluo.kernel import Deputy, Notice, RefusedError, record_by_id, post_routed, posted_keys

from .holidays import Holiday, of_year

TABLE = "greetings"
KIND = "greeting"  # the notice type: [delivery.routes] and the deputies' opt-out
DEFAULT_TEXT = "值此{节日}来临之际，{单位}向您和家人致以节日的问候，感谢您对法院工作的关心和支持！"
DEFAULT_HOLIDAYS = ("元旦", "春节", "劳动节", "端午节", "中秋节", "国庆节")


@attrs.frozen
class Eves:
    """The days `before` days ahead of each chosen holiday's first day: when a draft is made (caught up, so a
    tick that comes late still drafts it, once)."""

    before: int
    names: tuple[str, ...]
    catch_up = False

    def occurrences(self, after: dt.date, until: dt.date) -> list[dt.date]:
        days = []
        for year in range(after.year, until.year + 2):
            for holiday in of_year(year):
                eve = holiday.first - dt.timedelta(days=self.before)
                if holiday.name in self.names and after < eve <= until:
                    days.append(eve)
        return sorted(days)


def upcoming(day: dt.date, before: int, names: tuple[str, ...]) -> Holiday | None:
    """The holiday whose eve `day` is (or the first one after `day` within `before` days, for a late tick)."""
    for holiday in of_year(day.year) + of_year(day.year + 1):
        if holiday.name in names and holiday.first - dt.timedelta(days=before) <= day < holiday.first:
            return holiday
    return None


def draft(tx, holiday: Holiday, template: str, organisation: str, day: dt.date) -> dict[str, Any] | None:
    """The holiday's draft, made once: None when it was already drafted."""
    if tx.find(TABLE, holiday=holiday.key):
        return None
    text = template.replace("{节日}", holiday.name).replace("{单位}", organisation)
    doc = {"holiday": holiday.key, "name": holiday.name, "first": holiday.first.isoformat(), "text": text,
           "drafted": day.isoformat(), "state": "draft", "confirmed": None, "by": None}
    doc["id"] = tx.insert(TABLE, doc)
    return doc


def find(tx, ref: str) -> dict[str, Any]:
    return record_by_id(tx, TABLE, ref, "节日问候", "lianluo greeting list")


def confirm(app, tx, doc: dict[str, Any], text: str | None, who: str, day: dt.date) -> tuple[int, list[str]]:
    """Confirm (with the text as edited) and post one greeting per deputy who takes greetings."""
    if doc["state"] != "draft":
        raise RefusedError(f"{doc['name']}问候已于 {doc['confirmed']} 由 {doc['by']} 确认发送，不会再发")
    doc = {**doc, "text": text or doc["text"], "state": "confirmed", "confirmed": day.isoformat(), "by": who}
    tx.put(TABLE, doc)
    posted, declined = 0, []
    before = posted_keys(tx, f"greeting/{doc['holiday']}/")
    for deputy in sorted((Deputy.from_doc(d) for d in tx.all("deputies")), key=lambda d: d.id):
        if not deputy.wants(KIND):
            declined.append(deputy.name)
            continue
        notice = Notice(key=f"greeting/{doc['holiday']}/deputy/{deputy.id}", type=KIND, to=deputy.name,
                        text=doc["text"], date=day, sent=day, deputy=deputy.id, subject=f"{doc['name']}问候")
        posted += len(post_routed(app, tx, notice, before))
    return posted, declined
