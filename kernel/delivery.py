"""Delivering the outbox through channel plugins (the `deliver` hook), so that no notice goes out twice.

Without a channel plugin the outbox is the channel and a notice is delivered when it is posted. With one,
notices are posted "pending" and sent after the tick's own transaction has committed, one notice at a time,
with a short commit on each side of the channel call: "sending" before it, then "delivered" or "failed" (with
the error and the attempt count) after it — the latter in the same commit that marks the next notice "sending",
so that N notices cost N + 1 commits. A failed notice is tried again at the next tick, once per tick.
A notice still "sending" when delivery next starts was being sent when its process died: it may have gone
out, so it is never re-sent but marked "uncertain" and counted until a person checks it. A call that runs
over the time limit is uncertain for the same reason.

Only one process delivers at a time (a lock file in the data home, separate from the store's lock so that
clerks are not kept waiting by a slow channel); a second one waits, then finds nothing left to send.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import filelock
import pluggy

from .context import App
from .errors import InputError, RefusedError, StoreError
from .models import Delivery, Notice
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
    if exc is not None:  # the channel says it did not send (whatever it raised): try again next tick
        return Outcome(Delivery.FAILED, channel, _error(exc))
    if answer is True:
        return Outcome(Delivery.DELIVERED, channel)
    return Outcome(Delivery.FAILED, channel, f"渠道未确认发送（返回 {answer!r}）")


def _lock(app: App) -> filelock.FileLock:
    return filelock.FileLock(str(app.home / LOCK_FILE), timeout=lock_timeout(), mode=file_mode(app.home))


def _commit(app: App, done: tuple[Notice, Outcome] | None, claim: int | None) -> Notice | None:
    """The one commit between two channel calls: what the channel said about the last notice (after its send),
    and "sending", one more attempt, on the next (before its send) unless it is no longer waiting to be sent."""
    claimed = None
    with app.store.transaction() as tx:
        if done is not None:
            notice, outcome = done
            doc = tx.get("notices", notice.id)
            tx.put("notices", {**doc, "state": outcome.state.value, "error": outcome.error,
                               "channel": outcome.channel or doc.get("channel", "")})
        doc = tx.get("notices", claim) if claim is not None else None
        if doc is not None and doc.get("state") in (Delivery.PENDING.value, Delivery.FAILED.value):
            doc = {**doc, "state": Delivery.SENDING.value, "attempts": doc.get("attempts", 0) + 1}
            tx.put("notices", doc)
            claimed = Notice.from_doc(doc)
    return claimed


def deliver_pending(app: App, today: dt.date, limit: float | None) -> DeliveryResult:
    """Send every pending or failed notice once, in id order; mark those a dead process left "sending"."""
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
        for doc in tx.find("notices", state=Delivery.SENDING.value):
            tx.put("notices", {**doc, "state": Delivery.UNCERTAIN.value,
                               "error": "发送过程中断，可能已发送但未确认"})
        queue = sorted(d["id"] for state in (Delivery.PENDING, Delivery.FAILED)
                       for d in tx.find("notices", state=state.value))
    hung: set[str] = set()  # a channel that hung once is not called again in this run
    with app.store.reader() as snapshot:
        ctx = app.context(snapshot, today)
        done = None
        for notice_id in queue:
            notice = _commit(app, done, notice_id)
            done = None
            if notice is None:
                continue
            outcome = _send(app, notice, ctx, limit, hung)
            done = (notice, outcome)
            if outcome.state is Delivery.DELIVERED:
                result.delivered.append(notice.id)
            elif outcome.state is Delivery.FAILED:
                result.failed.append({"id": notice.id, "to": notice.to, "channel": outcome.channel,
                                      "error": outcome.error, "attempts": notice.attempts})
        if done is not None:
            _commit(app, done, None)
    with app.store.reader() as tx:
        result.uncertain = len(tx.find("notices", state=Delivery.UNCERTAIN.value))


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
