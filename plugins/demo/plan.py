"""Putting the year's matters, cases and activities on the agenda, skipping what the profile does not enable."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel import Body, Deputy

from .court import GROUPS
from .matters import random_day, year_of_matters
from .year import Year

ACTIVITIES = (("visit", "走访{group}代表，听取对法院工作的意见", 5), ("hearing", "邀请代表旁听庭审", 4),
              ("symposium", "代表座谈会", 2), ("inspection", "代表视察诉讼服务中心", 1),
              ("mediation", "邀请代表参与调解", 1), ("enforcement", "邀请代表见证执行", 1), ("qa", "释法答疑进社区", 1))


def plan_year(year: Year, session: int, session_span: tuple[dt.date, dt.date], deputies: list[Deputy]) -> None:
    """Matters for every registrable kind; cases and activities only where the profile enables their plugins."""
    rng, app = year.rng, year.app
    npc = [d.id for d in deputies if d.body is Body.NPC]
    cppcc = [d.id for d in deputies if d.body is Body.CPPCC] or npc
    kinds = {name for name, kind in app.kinds.kinds.items() if kind.registrable}
    for matter in year_of_matters(rng, year.year, session_span, npc, cppcc, kinds):
        year.start(matter.day, year.matter_life, matter, session if matter.channel == "session" else None)
    y = year.year
    if "cases" in app.profile.enable:
        for number in range(1, 14):
            kind = "supervision" if number % 5 == 0 else "case"
            year.start(random_day(rng, dt.date(y, 2, 1), dt.date(y, 11, 30)), year.case_life, kind,
                       rng.sample(npc, rng.randint(1, 2)), number * 7)
    if "activities" in app.profile.enable:
        weights = [w for _, _, w in ACTIVITIES]
        for _ in range(30):
            kind, title, _ = rng.choices(ACTIVITIES, weights)[0]
            group = rng.choice(GROUPS)
            members = [d for d in deputies if d.group == group]
            if kind == "visit" and members:
                invited = rng.sample([d.id for d in members], min(len(members), rng.randint(3, 5)))
                organizer = members[0].liaison
            else:
                invited, organizer, group = rng.sample(npc + cppcc, rng.randint(3, 8)), "", ""
            year.start(random_day(rng, dt.date(y, 1, 20), dt.date(y, 12, 5)), year.activity_life, kind,
                       title.format(group=group), invited, group, organizer, rng.random() < 0.3)
