"""The tick: fire every clock threshold and job occurrence that fell by today, each exactly once.

Idempotency is keyed by the event itself — (item, clock, round, point) for clocks, (job, day) for jobs —
never by the run or the day, so repeated, overlapping and catch-up ticks agree. The tick reads only the
items whose next threshold has fallen (the `next_check` index), and everything it does is one commit.
"""

from __future__ import annotations

import datetime as dt
import traceback
from typing import Any

import attrs

from . import alarms, digest, report_schedule, timelimit
from .context import App, HookContext
from .delivery import post_routed
from .desk import now_stamp, save_item
from .errors import InputError
from .hooks import Answer, attempt, call_each, implementers, plugin_caller
from .jobs import RAISE_AFTER, JobRegistry, due_days, stuck_text
from .models import Clock, Item, Notice, Point, PointKind
from .redate import redate_all
from .store.protocol import Tx
from .timelimit import HookTimeout

CLOCK_POINTS = frozenset(k.value for k in PointKind)  # firings of clock thresholds (not jobs, not raised failures)


@attrs.frozen
class Firing:
    """One threshold or job occurrence handled in this tick, before its notices get ids."""

    key: str
    date: dt.date
    kind: str
    drafts: tuple[tuple[str, Notice], ...]
    ok: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]
    suppressed: str | None = None
    retry: bool = False  # one plugin's second attempt at a point: its notices go as they are, never in a digest


@attrs.define
class TickResult:
    today: dt.date
    notices: list[Notice] = attrs.field(factory=list)
    jobs: list[dict[str, Any]] = attrs.field(factory=list)
    failures: list[dict[str, Any]] = attrs.field(factory=list)
    retried: int = 0
    redated: list[dict[str, Any]] = attrs.field(factory=list)
    raised: list[dict[str, Any]] = attrs.field(factory=list)  # job occurrences failing RAISE_AFTER runs in a row

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "notices": [
                {"id": n.id, "item": n.item, "task": n.task, "clock": n.clock, "type": n.type, "to": n.to,
                 "level": n.level, "date": n.date.isoformat(), "text": n.text, "key": n.key,
                 **({"parts": list(n.parts)} if n.parts else {})}
                for n in self.notices
            ],
            "jobs": self.jobs,
            "failures": self.failures,
            "retried": self.retried,
            "redated": self.redated,
            "raised": self.raised,
        }


def _fail_text(error: BaseException) -> str:
    if isinstance(error, HookTimeout):
        return str(error)
    return "".join(traceback.format_exception_only(type(error), error)).strip()


def _drafts(answers: list[Answer]) -> tuple[tuple[tuple[str, Notice], ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
    drafts, ok, failed = [], [], []
    for answer in answers:
        if answer.error is not None:
            failed.append((answer.plugin, _fail_text(answer.error)))
            continue
        ok.append(answer.plugin)
        for notice in answer.result or ():
            if not isinstance(notice, Notice):
                failed.append((answer.plugin, f"返回了 {type(notice).__name__}，应为 Notice 列表"))
                break
            drafts.append((answer.plugin, notice))
    return tuple(drafts), tuple(ok), tuple(failed)


class Tick:
    """One run of the scheduler over one transaction."""

    def __init__(self, app: App, tx: Tx, today: dt.date):
        self.app = app
        self.tx = tx
        self.today = today
        self.ctx: HookContext = app.context(tx, today)
        self.firings: list[Firing] = []
        self.result = TickResult(today)
        self.limit = timelimit.configured(app.profile)  # seconds per plugin call; a hanging one is a failure
        self.hung: set[str] = set()  # plugins that ran over the limit: not called again in this run

    # --- clocks -----------------------------------------------------------------------------
    def _call_point(self, item: Item, clock: Clock, point: Point, only: set[str] | None = None) -> list[Answer]:
        if point.kind is PointKind.ESCALATE:
            return call_each(self.app.pm, "on_escalate", only=only, limit=self.limit, hung=self.hung, item=item,
                             clock=clock, level=point.number, point=point, today=self.today, ctx=self.ctx)
        return call_each(self.app.pm, "on_due", only=only, limit=self.limit, hung=self.hung, item=item,
                         clock=clock, point=point, today=self.today, ctx=self.ctx)

    def _complete(self, drafts, item: Item, clock: Clock, point: Point, key: str):
        where = {"item": item.id} if self.app.kinds.table_of(item.kind) == "items" else {"task": item.id}
        return tuple(
            (plugin, attrs.evolve(d, clock=clock.name, date=point.date, type=d.type or point.kind.value,
                                  level=d.level or (point.number if point.kind is PointKind.ESCALATE else 0), **where))
            for plugin, d in drafts
        )

    def fire_clock(self, item: Item, clock: Clock) -> Clock:
        """Fire the clock's pending points in order; a warning overtaken by a later point is recorded, not sent."""
        due_now = alarms.pending(clock, self.app.calendar, self.today)
        table = self.app.kinds.table_of(item.kind)
        for index, point in enumerate(due_now):
            key = alarms.ledger_key(item.id, clock, point, table)
            overtaken = point.kind is PointKind.WARN and index + 1 < len(due_now)
            if overtaken:
                self.firings.append(Firing(key, point.date, point.kind.value, (), (), (), suppressed="overtaken"))
            else:
                drafts, ok, failed = _drafts(self._call_point(item, clock, point))
                drafts = self._complete(drafts, item, clock, point, key)
                self.firings.append(Firing(key, point.date, point.kind.value, drafts, ok, failed))
                for plugin, error in failed:
                    self._record_failure(plugin, key, point.date, error, item=item.id, clock=clock.name,
                                         round=clock.round, point=point.name, table=table)
            changes: dict[str, Any] = {"fired": clock.fired + (point.name,)}
            if point.kind is PointKind.CHASE:
                changes["chases"] = max(clock.chases, point.number)
            if point.kind is PointKind.ESCALATE:
                changes["level"] = max(clock.level, point.number)
            clock = attrs.evolve(clock, **changes)
        return clock

    def run_clocks(self) -> None:
        for table in self.app.kinds.tables():
            for doc in sorted(self.tx.due(table, self.today.isoformat()), key=lambda d: d["id"]):
                item = Item.from_doc(doc)
                for clock in item.clocks:
                    if clock.is_open:
                        item = item.with_clock(self.fire_clock(item, clock))
                save_item(self.app, self.tx, item)

    # --- jobs -------------------------------------------------------------------------------
    def _jobs(self, record: bool = True) -> tuple[JobRegistry, set[str]]:
        """Every plugin's jobs, then the profile's scheduled reports (as "reports"), and the sources whose
        registration raised (recorded, to be retried with a catch-up from this tick's window): one plugin's
        broken schedule must not stop the others."""
        registry, broken = JobRegistry(), set()
        sources = [(name, self._plugin_jobs(name)) for name in implementers(self.app.pm, "register_jobs")]
        sources.append((report_schedule.PLUGIN, self._report_jobs))
        for name, declare in sources:
            answer = attempt(name, lambda: declare(registry.register_for(name)), self.limit, self.hung)
            if answer.error is not None:  # isolation is the point
                broken.add(name)
                if record:
                    key = f"jobs/{name}/{self.today.isoformat()}"
                    self._record_failure(name, key, self.today, _fail_text(answer.error), hook="register_jobs",
                                         after=self._after.isoformat())
        return registry, broken

    def _plugin_jobs(self, plugin: str):
        def declare(register) -> None:
            plugin_caller(self.app.pm, "register_jobs", plugin)(register=register, ctx=self.ctx)

        return declare

    def _report_jobs(self, register) -> None:
        for job in report_schedule.jobs(self.app.profile):
            register(job)

    def run_jobs(self, last: dt.date | None) -> None:
        self._after = last if last is not None else self.today - dt.timedelta(days=1)
        self._catch_up_jobs(list(self._jobs()[0].jobs.values()), self._after)

    def _catch_up_jobs(self, jobs: list, after: dt.date) -> None:
        """Run each occurrence in (after, today] not run before, in order."""
        for job in jobs:
            for day, runs in due_days(job, self.app.calendar, after, self.today):
                key = f"job/{job.name}/{day.isoformat()}"
                if not self.tx.find("job_runs", key=key):
                    self._run_job(job, runs, key)

    def _run_job(self, job, day: dt.date, key: str, retry: bool = False) -> bool:
        # isolation: a job's bug (whatever it raises) is recorded and retried, the tick goes on
        answer = attempt(job.plugin, lambda: job.run(day, attrs.evolve(self.ctx, today=day)) or [],
                         self.limit, self.hung)
        drafts, ok, failed = _drafts([answer])
        drafts = tuple((p, attrs.evolve(d, date=day, type=d.type or "job")) for p, d in drafts)
        if failed and retry:
            return False
        self.firings.append(Firing(f"{key}/retry" if retry else key, day, "job", drafts, ok, failed))
        if failed:
            self._record_failure(job.plugin, key, day, failed[0][1], job=job.name)
            return False
        self.tx.insert("job_runs", {"key": key, "job": job.name, "date": day.isoformat(), "tick": self.today.isoformat()})
        self.result.jobs.append({"name": job.name, "label": job.label, "date": day.isoformat()})
        return True

    # --- failures ---------------------------------------------------------------------------
    def _record_failure(self, plugin: str, key: str, day: dt.date, error: str, **where: Any) -> None:
        doc = {"key": key, "plugin": plugin, "date": day.isoformat(), "error": error, "first": self.today.isoformat(),
               "attempts": 1, "resolved": None, **where}
        self.tx.insert("failures", doc)
        self.result.failures.append({k: doc[k] for k in ("plugin", "key", "error")} | where)

    def retry_failures(self) -> None:
        """Re-run, for the failing plugin only, every threshold or job a plugin failed on before."""
        jobs = None
        for doc in self.tx.find("failures", resolved=None):
            ok = False
            if doc.get("hook") == "register_jobs":  # the plugin's schedule failed: catch up from then
                registry, broken = self._jobs(record=False)
                ok = doc["plugin"] not in broken
                if ok:
                    mine = [j for j in registry.jobs.values() if j.plugin == doc["plugin"]]
                    self._catch_up_jobs(mine, dt.date.fromisoformat(doc["after"]))
            elif "job" in doc:
                if jobs is None:
                    jobs = self._jobs(record=False)[0]
                job = jobs.jobs.get(doc["job"])
                ok = job is not None and self._run_job(job, dt.date.fromisoformat(doc["date"]), doc["key"], retry=True)
            else:
                item_doc = self.tx.get(doc.get("table", "items"), doc["item"])
                item = Item.from_doc(item_doc) if item_doc else None
                clock = item.clock(doc["clock"]) if item else None
                point = None
                if clock is not None and clock.round == doc["round"] and clock.is_open:
                    point = next((p for p in alarms.points(clock, self.app.calendar) if p.name == doc["point"]), None)
                if point is None:
                    ok = True  # the clock moved on (stopped, re-dated): nothing left to retry
                else:
                    drafts, good, failed = _drafts(self._call_point(item, clock, point, only={doc["plugin"]}))
                    if not failed:
                        drafts = self._complete(drafts, item, clock, point, doc["key"])
                        self.firings.append(Firing(f"{doc['key']}/retry-{doc['plugin']}", point.date, point.kind.value, drafts, good,
                                                  (), retry=True))
                        ok = True
            if ok:
                self.tx.put("failures", {**doc, "resolved": self.today.isoformat()})
                self.result.retried += 1
            else:
                self.tx.put("failures", {**doc, "attempts": doc["attempts"] + 1})
                if "job" in doc and doc["attempts"] + 1 == RAISE_AFTER:
                    self._raise_stuck(jobs.jobs.get(doc["job"]), doc)

    def _raise_stuck(self, job, doc: dict[str, Any]) -> None:
        """A job occurrence failing RAISE_AFTER runs in a row: a notice to whom the job reports to, once (its
        key is the failure's), and a line in the tick's output."""
        day = dt.date.fromisoformat(doc["date"])
        self.result.raised.append({"job": doc["job"], "label": job.label if job else doc["job"],
                                   "date": doc["date"], "attempts": RAISE_AFTER, "error": doc["error"]})
        if job is not None and job.to:
            text = stuck_text(job, day, RAISE_AFTER, doc["error"])
            drafts = tuple((job.plugin, self.ctx.draft(to, text, type="job")) for to in job.to)  # one each
            self.firings.append(Firing(f"{doc['key']}/raised", self.today, "job", drafts, (), ()))

    # --- posting -------------------------------------------------------------------------------
    def _is_late(self, firing: Firing) -> bool:
        return firing.kind in CLOCK_POINTS and firing.date < self.today and not firing.retry

    def _post(self) -> None:
        """Post every firing's notices in date order and record each firing in the ledger; a recipient owed two
        or more caught-up notices gets them as one digest (kernel/digest.py), posted where the first would have
        been."""
        order = sorted(range(len(self.firings)), key=lambda i: (self.firings[i].date, i))
        keyed = {i: [(f"{self.firings[i].key}/{plugin}/{n}", draft)
                     for n, (plugin, draft) in enumerate(self.firings[i].drafts, 1)] for i in order}
        late = [digest.Late(i, key, draft) for i in order if self._is_late(self.firings[i]) for key, draft in keyed[i]
                if draft.type in CLOCK_POINTS]  # a plugin's own kind of message (e.g. "sms") goes as it is
        digest_of = {entry.key: entries for entries in digest.recipients_to_digest(late).values() for entry in entries}
        posted: dict[str, list[int]] = {}  # a digest's first point's key → the digest notice's ids (one per channel)
        rows = []
        for i in order:
            firing, ids = self.firings[i], []
            for key, draft in keyed[i]:
                entries = digest_of.get(key)
                if entries is None:  # once per channel its type is routed to (kernel/contacts.py)
                    notices = post_routed(self.app, self.tx, attrs.evolve(draft, key=key, sent=self.today))
                elif entries[0].key not in posted:
                    notices = post_routed(self.app, self.tx, digest.compose(draft.to, entries, self.today))
                    posted[entries[0].key] = [n.id for n in notices]
                else:
                    ids.extend(posted[entries[0].key])
                    continue
                self.result.notices.extend(notices)
                ids.extend(n.id for n in notices)
            rows.append({"key": firing.key, "kind": firing.kind, "date": firing.date.isoformat(),
                         "tick": self.today.isoformat(), "recorded": now_stamp(), "notices": sorted(set(ids)),
                         "plugins": list(firing.ok), "failed": [p for p, _ in firing.failed],
                         "suppressed": firing.suppressed})
        for row in rows:
            self.tx.insert("ledger", row)

    # --- the whole run ----------------------------------------------------------------------
    def run(self, force: bool = False) -> TickResult:
        meta = self.tx.meta
        last = dt.date.fromisoformat(meta["last_tick"]) if meta.get("last_tick") else None
        if last is not None and self.today < last and not force:
            raise InputError("--today", f"{self.today} 早于上次运行日期 {last}；时间只能向前，确需回溯请加 --force")
        self.result.redated = redate_all(self.app, self.tx, self.today)
        self.retry_failures()
        self.run_clocks()
        ran_before = len(self.result.jobs)
        self.run_jobs(last if last is None or self.today >= last else None)
        if len(self.result.jobs) > ran_before:  # clocks the jobs just made (caught-up tasks) whose points fell
            self.run_clocks()
        self._post()  # "pending" when a channel plugin will send it (post_routed)
        self.tx.set_meta(last_tick=max(filter(None, [last, self.today])).isoformat())
        return self.result
