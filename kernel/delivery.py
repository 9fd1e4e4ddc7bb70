"""Delivering the outbox through channel plugins (the `deliver` hook), so that no notice goes out twice.

Without a channel plugin the outbox is the channel and a notice is delivered when it is posted. With one,
notices are posted "pending" and sent after the tick's own transaction has committed, one notice at a time,
claimed "sending" in a commit before the channel call and recorded "delivered" or "failed" (with the error and
the attempt count) after it. Notices are claimed a batch per commit (`[delivery] batch`, default 50) and each
outcome is first written to the delivery journal (kernel/delivery_journal.py, one fsynced line) and folded into
the store with the next batch's claim, so N notices cost N / batch + 1 commits and N journal lines. A failed
notice is tried again at the next tick, once per tick. A notice still "sending" when delivery next starts was
claimed by a process that died: the journal gives it the outcome its channel gave, or — the one that was being
sent — marks it "uncertain" (it may have gone out: never re-sent, counted until a person checks it), or puts it
back to "pending" if its turn had not come. A call that runs over the time limit is uncertain too.

Only one process delivers at a time (a lock file in the data home, separate from the store's lock so that
clerks are not kept waiting by a slow channel); a second one waits, then finds nothing left to send.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from typing import Any

import attrs
import filelock
import pluggy

from .context import App
from . import delivery_journal, outbox
from .contacts import routed
from .errors import InputError, MaybeSent, RefusedError, StoreError
from .models import Delivery, Notice
from .store.protocol import Tx
from .hooks import call_each, implementers
from .timelimit import HookTimeout
from .store.locking import lock_timeout
from .store.modes import file_mode

LOCK_FILE = ".lianluo.deliver.lock"


def has_channel(pm: pluggy.PluginManager) -> bool:
    """Whether an enabled plugin delivers notices; if not, posting a notice is delivering it."""
    return bool(implementers(pm, "deliver"))


def initial_state(pm: pluggy.PluginManager) -> Delivery:
    return Delivery.PENDING if has_channel(pm) else Delivery.DELIVERED


def post_routed(app: App, tx: Tx, notice: Notice, skip: Container[str] = ()) -> list[Notice]:
    """Post a completed notice (its key unique) once per channel the profile routes its type to
    (kernel/contacts.py), "pending" when a channel will send it; a copy whose key is in `skip` is not posted
    (a bulletin or letter run started again after a crash passes the keys it posted before: `posted_keys`)."""
    posted = []
    for copy in routed(app.profile, set(implementers(app.pm, "deliver")), notice):
        if copy.key not in skip:
            posted.append(outbox.post(tx, copy, initial_state(app.pm)))
    return posted


def posted_keys(tx: Tx, prefix: str) -> set[str]:
    """The keys of the notices already posted under `prefix` (one read, however many recipients)."""
    return {doc["key"] for doc in tx.all("notices") if str(doc.get("key", "")).startswith(prefix)}


@attrs.define
class DeliveryResult:
    """What one delivery run did; `uncertain` counts every notice awaiting a person's check, not only new ones."""

    channel: bool = False
    delivered: list[int] = attrs.field(factory=list)
    failed: list[dict[str, Any]] = attrs.field(factory=list)
    uncertain: int = 0
    stopped: str = ""  # why this run stopped before the end (the rest is sent at the next tick)

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Outcome:
    state: Delivery
    channel: str = ""
    error: str = ""
    ref: str = ""


def _error(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, HookTimeout) else f"{type(exc).__name__}: {exc}"


def _send(app: App, notice: Notice, ctx: Any, limit: float | None, hung: set[str]) -> Outcome:
    """Offer the notice to each channel in turn (`deliver` is firstresult): the first that answers (True, or
    an error) decides."""
    answers = call_each(app.pm, "deliver", limit=limit, hung=hung, notice=notice, ctx=ctx)
    if not answers or (answers[-1].error is None and answers[-1].result is None):
        return Outcome(Delivery.DELIVERED)  # no channel claims it: the outbox itself is its channel
    channel, answer, exc = answers[-1].plugin, answers[-1].result, answers[-1].error
    if isinstance(exc, HookTimeout):  # interrupted mid-send, it may have gone out; or not called at all
        if exc.skipped:
            return Outcome(Delivery.FAILED, channel, _error(exc))
        return Outcome(Delivery.UNCERTAIN, channel, f"{_error(exc)}，可能已发送")
    if isinstance(exc, MaybeSent):  # the channel handed the message over and lost the answer
        return Outcome(Delivery.UNCERTAIN, channel, f"{exc}，可能已发送")
    if exc is not None:  # the channel says it did not send (whatever it raised): try again next tick
        return Outcome(Delivery.FAILED, channel, _error(exc))
    if answer is True:
        return Outcome(Delivery.DELIVERED, channel)
    if isinstance(answer, str) and answer.strip():  # sent, and the channel's own id for the message
        return Outcome(Delivery.DELIVERED, channel, ref=answer.strip())
    return Outcome(Delivery.FAILED, channel, f"渠道未确认发送（返回 {answer!r}）")


def _lock(app: App) -> filelock.FileLock:
    return filelock.FileLock(str(app.home / LOCK_FILE), timeout=lock_timeout(), mode=file_mode(app.home))


def _commit(app: App, done: list[tuple[Notice, Outcome]], claims: list[int]) -> list[Notice]:
    """The one commit between two rounds of channel calls: what the channel said about the last round's notices
    (after their sends), and "sending", one more attempt, on the next round's (before their sends) unless they
    are no longer waiting to be sent."""
    claimed = []
    with app.store.transaction() as tx:
        for notice, outcome in done:
            doc = tx.get("notices", notice.id)
            tx.put("notices", {**doc, "state": outcome.state.value, "error": outcome.error,
                               "channel": outcome.channel or doc.get("channel", ""),
                               "ref": outcome.ref or doc.get("ref", "")})
        for claim in claims:
            doc = tx.get("notices", claim)
            if doc is not None and doc.get("state") in (Delivery.PENDING.value, Delivery.FAILED.value):
                doc = {**doc, "state": Delivery.SENDING.value, "attempts": doc.get("attempts", 0) + 1}
                tx.put("notices", doc)
                claimed.append(Notice.from_doc(doc))
    return claimed


BATCH = 50


def batch_size(app: App) -> int:
    """Notices claimed per commit (profile `[delivery] batch`, default 50): fewer commits per notice. The journal
    (kernel/delivery_journal.py) keeps a crash's cost at the one notice in flight whatever the batch; a batch
    claimed and not yet sent shows "sending" in `lianluo notices` until its turn."""
    return max(1, app.profile.params("delivery").int("batch", BATCH))


def deliver_pending(app: App, today: dt.date, limit: float | None = -1.0) -> DeliveryResult:
    """Send every pending or failed notice once, in id order; mark those a dead process left "sending".
    `limit`: seconds per channel call (default: the profile's, as the tick uses)."""
    if limit == -1.0:
        from .timelimit import configured

        limit = configured(app.profile)
    result = DeliveryResult(channel=has_channel(app.pm))
    if not result.channel:
        return result
    lock = _lock(app)
    try:
        lock.acquire()
    except filelock.Timeout:
        result.stopped = "另一进程正在发送通知"
        return result
    try:
        _deliver_all(app, today, limit, result)
    except StoreError as exc:  # the tick itself is committed; a notice caught "sending" becomes uncertain
        result.stopped = str(exc)
    finally:
        lock.release()
    return result


def _deliver_all(app: App, today: dt.date, limit: float | None, result: DeliveryResult) -> None:
    """Under the delivery lock: no other process is sending, so a notice still "sending" was left by a dead one."""
    with app.store.transaction() as tx:
        sending = {doc["id"]: doc for doc in tx.find("notices", state=Delivery.SENDING.value)}
        settled = delivery_journal.recover(sending, app.home)  # what a crashed run journaled before it died
        for nid, doc in sending.items():
            tx.put("notices", settled.get(nid) or {**doc, "state": Delivery.UNCERTAIN.value,
                                                   "error": "发送过程中断，可能已发送但未确认"})
        waiting = [settled[n] for n in settled if settled[n]["state"] == Delivery.PENDING.value]
        waiting += [d for state in (Delivery.PENDING, Delivery.FAILED) for d in tx.find("notices", state=state.value)]
        queue = sorted({d["id"]: int(d.get("attempts", 0)) for d in waiting}.items())
    journal = delivery_journal.Journal(app.home)
    try:
        journal.clear()  # the recovery above is committed
        _send_queue(app, today, limit, result, queue, journal)
        journal.clear()  # every outcome is committed
    finally:
        journal.close()
    with app.store.reader() as tx:
        result.uncertain = len(tx.find("notices", state=Delivery.UNCERTAIN.value))


def _send_queue(app: App, today: dt.date, limit: float | None, result: DeliveryResult,
                queue: list[tuple[int, int]], journal: delivery_journal.Journal) -> None:
    """Claim the queue a batch per commit (journaled first, in sending order), send each claimed notice and
    journal its outcome before the next; the outcomes are folded into the next batch's commit."""
    hung: set[str] = set()  # a channel that hung once is not called again in this run
    batch = batch_size(app)
    with app.store.reader() as snapshot:
        ctx = app.context(snapshot, today)
        done: list[tuple[Notice, Outcome]] = []
        for start in range(0, len(queue), batch):
            chunk = queue[start:start + batch]
            journal.batch((nid, attempts + 1) for nid, attempts in chunk)
            claimed = _commit(app, done, [nid for nid, _ in chunk])
            done = []
            for notice in claimed:
                outcome = _send(app, notice, ctx, limit, hung)
                journal.outcome(notice.id, notice.attempts, outcome.state.value, outcome.channel, outcome.error,
                                outcome.ref)
                done.append((notice, outcome))
                if outcome.state is Delivery.DELIVERED:
                    result.delivered.append(notice.id)
                elif outcome.state is Delivery.FAILED:
                    result.failed.append({"id": notice.id, "to": notice.to, "channel": outcome.channel,
                                          "error": outcome.error, "attempts": notice.attempts})
        if done:
            _commit(app, done, [])


def settle(app: App, ref: str, sent: bool, day: dt.date) -> Notice:
    """A person's answer for a notice that may or may not have gone out: it was sent (delivered), or send it again
    at the next tick (pending). Only an uncertain notice — or, for a resend, a failed one — can be settled."""
    text = str(ref).strip()
    with app.store.transaction() as tx:
        doc = tx.get("notices", int(text)) if (text.isascii() and text.isdigit()) else None
        if doc is None:
            raise InputError("ID", f"通知 {text!r} 不存在（用 lianluo notices 查看编号）")
        notice = Notice.from_doc(doc)
        allowed = (Delivery.UNCERTAIN, Delivery.FAILED) if not sent else (Delivery.UNCERTAIN,)
        if notice.state not in allowed:
            raise RefusedError(f"第 {notice.id} 号通知的发送状态是 {notice.state.value}，不需要核实")
        how = "核实已发送" if sent else "重新发送"
        notice = attrs.evolve(notice, state=Delivery.DELIVERED if sent else Delivery.PENDING,
                              checked=f"{app.user} {day.isoformat()} {how}（原状态 {notice.state.value}）")
        tx.put("notices", notice.to_doc())
    return notice
