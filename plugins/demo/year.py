"""A year at the fictional organisation, day by day, through the same desk and tick the CLI uses.

Each matter, case and activity lives as a generator: it acts on the desk, then yields the day it next
acts. Every day the due lives run, then the tick fires that day's reminders, chases, escalations and
scheduled reports. A month is one store transaction, so the year is twelve commits. A step an organisation's
own profile refuses ends that one life and is reported, so an unusual profile still gets its year.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
from collections.abc import Callable, Iterator

from lianluo.kernel import App, Desk, Event, InputError, Item, load_item, now_stamp, RefusedError, Tick

from .court import Court
from .matters import CATEGORIES, ISSUES, Fate, Matter

Life = Iterator[dt.date]
DAY = dt.timedelta(days=1)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class Year:
    """The year's agenda: lives waiting for their next day, run in date order, ticking every day."""

    def __init__(self, app: App, court: Court, rng: random.Random, year: int):
        self.app, self.court, self.rng, self.year = app, court, rng, year
        self.agenda: list[tuple[dt.date, int, Life]] = []
        self.order = itertools.count()
        self.tasks_seen: set[int] = set()
        self.refused: list[str] = []
        self.tx = None
        self.today = dt.date(year, 1, 1)
        self.leaders = {d.name: d.leader for d in court.departments}

    # --- the agenda -------------------------------------------------------------------------------
    def start(self, day: dt.date, life: Callable[..., Life], *args) -> None:
        """Begin `life(*args)` on `day` (its body runs then, up to its first yield)."""
        self._push(day, life(*args))

    def _push(self, day: dt.date, life: Life) -> None:
        heapq.heappush(self.agenda, (day, next(self.order), life))

    def run(self, step: Callable[[], None] = lambda: None, months: int = 12,
            month_end: Callable[[dt.date], None] = lambda day: None) -> None:
        """Every day of the year's first `months` months, a month per transaction; `month_end(last day)` after
        each month's commit (the demo's channels send the month's notices then)."""
        for month in range(1, months + 1):
            with self.app.store.transaction() as tx:
                self.tx = tx
                day = dt.date(self.year, month, 1)
                while day.month == month:
                    self.live(day)
                    Tick(self.app, tx, day).run()
                    step()
                    day += DAY
            self.tx = None
            month_end(day - DAY)

    def live(self, day: dt.date) -> None:
        self.today = day
        self.schedule_new_tasks(day)
        while self.agenda and self.agenda[0][0] <= day:
            _, _, life = heapq.heappop(self.agenda)
            try:
                following = next(life, None)
            except (InputError, RefusedError) as exc:  # a profile's rule refused a step: that life ends here
                self.refused.append(f"{day}：{exc}")
                continue
            if following is not None:
                self._push(max(following, day), life)

    # --- desk helpers -----------------------------------------------------------------------------
    @property
    def desk(self) -> Desk:
        return Desk(self.app, self.tx)

    def act(self, ref: int, action: str, **detail) -> Item:
        return self.desk.act(ref, action, self.today, **detail)

    def item(self, ref: int, table: str = "items") -> Item:
        return load_item(self.tx, ref, table=table)

    def ctx(self):
        return self.app.context(self.tx, self.today)

    def event(self, action: str, **detail) -> Event:
        return Event(action, self.today, self.app.user, now_stamp(), detail)

    def working_day(self, day: dt.date) -> dt.date:
        return self.app.calendar.next_workday(day)

    # --- tasks the plugins create (session work, year-end explanations) --------------------------
    def schedule_new_tasks(self, day: dt.date) -> None:
        for doc in self.tx.all("tasks"):
            if doc["id"] not in self.tasks_seen and doc["status"] == "open":
                self.tasks_seen.add(doc["id"])
                self.start(day, self.task_life, doc["id"])

    def task_life(self, task_id: int) -> Life:
        due = self.item(task_id, "tasks").next_due or self.today + days(10)
        late = self.rng.random() < 0.1
        yield max(self.today, due + days(self.rng.randint(2, 9)) if late else due - days(self.rng.randint(0, 4)))
        if self.item(task_id, "tasks").status == "open":  # a plugin may have closed it meanwhile
            self.desk.act(task_id, "complete", self.today, table="tasks", note="已完成")

    # --- matters ----------------------------------------------------------------------------------
    def matter_life(self, matter: Matter, session: int | None) -> Life:
        rng = self.rng
        item = self.desk.register(matter.kind, matter.title, [str(d) for d in matter.deputies], self.today,
                                  channel=matter.channel, session=str(session) if session else None,
                                  content=f"{matter.title}（示例数据）")
        self.act(item.id, "approve", note="同意交办")
        yield self.working_day(self.today + DAY)
        lead, co = self.departments_for(matter)
        self.act(item.id, "assign", lead=lead, co=co)
        yield self.today + days(rng.randint(1, 3))
        self.act(item.id, "accept")
        item = self.item(item.id)
        due = item.next_due or self.today + days(30)
        if matter.fate == Fate.EXTENDED and (clock := item.clock("reply")) and clock.limit and clock.is_open:
            yield max(self.today + DAY, clock.due - days(rng.randint(5, 15)))
            self.act(item.id, "extend", to=min(clock.limit, clock.due + days(30)).isoformat(),
                     reason="需协调外单位共同办理", clock="reply")
            due = self.item(item.id).next_due or due
        if matter.fate == Fate.LATE:
            reply_day = max(self.today, due) + days(rng.randint(8, 45))
        else:
            reply_day = max(self.today, due - days(rng.randint(1, 20)))
        yield min(self.today + days(rng.randint(3, 12)), reply_day)
        self.act(item.id, "contact", mode=rng.choice(("meet", "phone", "visit")), note="了解代表的具体意见")
        for dept in co:
            yield max(self.today, reply_day - days(rng.randint(3, 10)))
            self.act(item.id, "reply", dept=dept, category="A", text="协办意见：同意主办部门的办理方案")
        yield reply_day
        self.answer(item.id, lead, rng.choice(CATEGORIES))
        rounds = {Fate.UNSATISFIED: 1, Fate.TWICE_UNSATISFIED: 2}.get(matter.fate, 0)
        for _ in range(rounds):
            yield self.today + days(rng.randint(5, 15))
            self.act(item.id, "feedback", rating="unsatisfied")
            yield self.today + days(rng.randint(2, 6))
            self.act(item.id, "contact", mode="meet", note="当面听取代表不满意的原因")
            due = self.item(item.id).next_due or self.today + days(20)
            yield max(self.today + DAY, due - days(rng.randint(1, 10)))
            self.answer(item.id, lead, "A")
        yield self.today + days(rng.randint(5, 20))
        self.act(item.id, "feedback", rating=rng.choices(("satisfied", "basic"), (4, 1))[0])
        self.act(item.id, "contact", mode="visit", note="办后回访")
        yield self.today + days(rng.randint(0, 3))
        self.act(item.id, "close", note="办结归档")

    def answer(self, item_id: int, lead: str, category: str) -> None:
        """The lead department's reply, approved by its leader in charge."""
        self.act(item_id, "reply", category=category, text=f"{lead}答复：已研究并落实（{category} 类）",
                 approved_by=self.leaders[lead])

    def departments_for(self, matter: Matter) -> tuple[str, list[str]]:
        names = [d.name for d in self.court.departments]
        offices = self.app.profile.params("suggestions").list("complaint_offices", [])
        if matter.kind == "complaint" and offices:
            return offices[0], []
        lead = self.rng.choice(names)
        co = [self.rng.choice([n for n in names if n != lead])] if matter.co else []
        return lead, co

    # --- cases of concern -------------------------------------------------------------------------
    def case_life(self, kind: str, deputies: list[int], number: int) -> Life:
        rng = self.rng
        division = rng.choice([d for d in self.court.departments[1:5]])
        extra = {"case_number": f"（{self.year}）示0000民初{number}号", "panel": f"{division.name}合议庭",
                 "chief": division.head, "vice_president": division.leader}
        if kind == "supervision":
            extra["sender"] = "示例区人大常委会"
        item = self.desk.register(kind, f"代表关注：{rng.choice(ISSUES)}", [str(d) for d in deputies], self.today,
                                  channel="interim", content="代表反映的情况（示例数据）", extra=extra)
        self.act(item.id, "assign", lead=division.name, co=[])
        yield self.today + days(rng.choice((1, 2, 3, 4, 4, 9)))
        self.act(item.id, "report", text=f"{division.name}书面报告案件办理情况")
        yield self.today + days(rng.randint(30, 150))  # some are still being tried when the year ends
        self.act(item.id, "conclude", result="已依法审结，判决已送达")
        yield self.today + days(rng.randint(1, 6))
        self.act(item.id, "notify")
        if kind == "supervision":
            yield self.today + days(rng.randint(1, 5))
            self.act(item.id, "report-back", text="已向督办机关书面报告办理结果")
        yield self.today + days(rng.randint(1, 5))
        self.act(item.id, "close")

    # --- liaison activities -----------------------------------------------------------------------
    def activity_life(self, kind: str, title: str, invited: list[int], group: str, organizer: str,
                      leader_led: bool) -> Life:
        rng = self.rng
        held = self.today + days(rng.randint(6, 12))
        case = None
        if kind == "hearing":
            open_cases = [d["id"] for d in self.tx.all("items") if d["kind"] == "case" and d["status"] != "closed"]
            case = rng.choice(open_cases) if open_cases else None
        # through the activities plugin's own operations (it owns the table), as `activity add|attend|report` do
        activity, _ = self.ctx().perform("activities.add", kind=kind, day=held, title=title,
                                         deputies=tuple(map(str, invited)), case_ref=None if case is None else str(case),
                                         organizer=organizer, group=group, leader_led=leader_led)
        yield held
        came = tuple(d for d in invited if rng.random() < 0.8) or tuple(invited[:1])
        self.ctx().perform("activities.attend", activity_id=activity.id, deputies=tuple(map(str, came)), day=self.today)
        yield self.today + days(rng.randint(1, 4))
        text = f"{title}：代表 {len(came)} 人参加，意见已整理转有关部门（示例数据）"
        self.ctx().perform("activities.report", activity_id=activity.id, text=text, day=self.today)
