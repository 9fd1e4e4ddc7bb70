"""The activities plugin's page on the web desk (`register_web_pages`): 活动 (/activities) — the year's liaison
activities as `activity list` gives them, and the coverage gaps against the profile's targets as
`activity coverage` computes them (the same `coverage.compute`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lianluo.kernel import InputError

from . import coverage, store

ROLES = ("clerk", "leader")


def activities(page):
    text = (page.args.get("year") or str(page.today.year)).strip()
    if not (text.isascii() and text.isdigit() and 1900 <= int(text) <= 2199):
        raise InputError("年度", f"应为 1900 到 2199 之间的整数，实为 {text!r}")
    year = int(text)
    with page.reader() as tx:
        rows = sorted((a for a in store.every(tx) if a.date.year == year), key=lambda a: (a.date, a.id), reverse=True)
        as_of = min(page.today, dt.date(year, 12, 31))
        gaps = coverage.compute(page.context(tx, as_of), year, as_of)
    return page.render("activities/list.html", title="活动", rows=rows, year=year, coverage=gaps,
                       years=range(page.today.year, page.today.year - 5, -1))


def register(register) -> None:
    register.templates(Path(__file__).resolve().parent / "templates")
    register.page("/activities", activities, roles=ROLES, nav="活动", order=45)
