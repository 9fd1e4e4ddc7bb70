"""The records: attrs, frozen, changed with `attrs.evolve`, converted only at the storage edge.

`to_doc()` / `from_doc()` are the only places a record meets its stored JSON form; JSON keys are the
public contract (DESIGN.md), so they are spelt out here rather than derived.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from .calendar import Duration, Unit


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class Level(enum.Enum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    DISTRICT = "district"
    COUNTY = "county"


class Body(enum.Enum):
    NPC = "npc"
    CPPCC = "cppcc"


class Channel(enum.Enum):
    SESSION = "session"
    INTERIM = "interim"
    SPOT = "spot"
    ONLINE = "online"  # written by the deputy on the web (代表委员专邮, plugins/web/mailbox.py)


class ClockStatus(enum.Enum):
    OPEN = "open"
    MET = "met"
    MISSED = "missed"


class PointKind(enum.Enum):
    """The thresholds the tick finds on a clock, in the order they fall."""

    WARN = "due-soon"
    DUE = "due"
    CHASE = "chase"
    ESCALATE = "escalation"


@attrs.frozen
class Deputy:
    id: int
    name: str
    level: Level
    body: Body = Body.NPC
    group: str = ""
    sector: str = ""
    unit: str = ""
    phone: str = ""
    address: str = ""
    liaison: str = ""
    email: str = ""
    mobile: str = ""
    opt_out: tuple[str, ...] = ()  # kinds of message (notice types such as "bulletin") the deputy declined

    def to_doc(self) -> dict[str, Any]:
        doc = attrs.asdict(self)
        doc["level"], doc["body"], doc["opt_out"] = self.level.value, self.body.value, list(self.opt_out)
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Deputy":
        return cls(**{**doc, "level": Level(doc["level"]), "body": Body(doc.get("body", "npc")),
                      "opt_out": tuple(doc.get("opt_out") or ())})

    def wants(self, kind: str) -> bool:
        """Whether the deputy takes messages of this kind (a notice type), i.e. has not opted out of it."""
        return kind not in self.opt_out


@attrs.frozen
class Department:
    id: int
    name: str
    head: str = ""
    leader: str = ""

    def to_doc(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Department":
        return cls(**doc)


@attrs.frozen
class Session:
    id: int
    name: str
    opens: dt.date
    closes: dt.date
    level: Level = Level.DISTRICT
    body: Body = Body.NPC

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "opens": _iso(self.opens),
            "closes": _iso(self.closes),
            "level": self.level.value,
            "body": self.body.value,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Session":
        return cls(
            id=doc["id"],
            name=doc["name"],
            opens=_d(doc["opens"]),
            closes=_d(doc["closes"]),
            level=Level(doc.get("level", "district")),
            body=Body(doc.get("body", "npc")),
        )

    def contains(self, day: dt.date) -> bool:
        return self.opens <= day <= self.closes


@attrs.frozen
class Event:
    """One line of the audit trail: what happened, on which day, who recorded it and when."""

    action: str
    at: dt.date
    who: str
    recorded: str
    detail: dict[str, Any] = attrs.field(factory=dict)

    def to_doc(self) -> dict[str, Any]:
        return {"action": self.action, "at": _iso(self.at), "who": self.who, "recorded": self.recorded,
                "detail": dict(self.detail)}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Event":
        return cls(action=doc["action"], at=_d(doc["at"]), who=doc["who"], recorded=doc["recorded"],
                   detail=doc.get("detail", {}))


@attrs.frozen
class Alarm:
    """How the tick follows a clock: warnings N days before due, chases after it, then escalation.

    Overdue points fall on the first working day after due and then every `chase_every`; the first
    `chases` of them are chases, the next `levels` are escalations to successive levels.
    """

    warn: tuple[int, ...] = ()
    chase_every: Duration = Duration(7, Unit.DAYS)
    chases: int = 2
    levels: int = 1

    def to_doc(self) -> dict[str, Any]:
        return {"warn": list(self.warn), "chase_every": str(self.chase_every), "chases": self.chases,
                "levels": self.levels}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Alarm":
        return cls(warn=tuple(doc.get("warn", ())), chase_every=Duration.parse(doc["chase_every"]),
                   chases=doc["chases"], levels=doc["levels"])


@attrs.frozen
class Clock:
    """A deadline on an item: when it started, when it is due, by which rule, and how it is followed."""

    name: str
    start: dt.date
    due: dt.date
    rule: str
    clause: str = ""
    label: str = ""
    limit: dt.date | None = None
    limit_clause: str = ""
    limit_period: str = ""
    owner: int | None = None
    status: ClockStatus = ClockStatus.OPEN
    stopped: dt.date | None = None
    chases: int = 0
    level: int = 0
    round: int = 1
    fired: tuple[str, ...] = ()
    alarm: Alarm = Alarm()
    period: str = ""
    raw: dt.date | None = None
    paused: dt.date | None = None
    log: tuple[dict[str, Any], ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status is ClockStatus.OPEN

    @property
    def running(self) -> bool:
        """Open and not paused: the tick follows only running clocks."""
        return self.is_open and self.paused is None

    def noted(self, at: dt.date, what: str, **detail: Any) -> "Clock":
        """The clock with one more line of its own history, for `item explain`."""
        entry = {"at": at.isoformat(), "what": what, **{k: v.isoformat() if isinstance(v, dt.date) else v
                                                         for k, v in detail.items()}}
        return attrs.evolve(self, log=self.log + (entry,))

    def stop(self, on: dt.date) -> "Clock":
        """Stop the clock on a day: met if on or before due, missed after it."""
        status = ClockStatus.MET if on <= self.due else ClockStatus.MISSED
        return attrs.evolve(self, status=status, stopped=on, paused=None).noted(on, "stopped", status=status.value)

    def moved(self, due: dt.date, at: dt.date, what: str, raw: dt.date | None = None, **detail: Any) -> "Clock":
        """A new due day starts a new round: its warnings and chases fire afresh. `raw` is the day the
        period itself ends (before any roll off a rest day); a due day set by hand is its own raw day."""
        return attrs.evolve(self, due=due, raw=raw or due, round=self.round + 1, fired=(), chases=0, level=0).noted(
            at, what, old_due=self.due, due=due, **detail)

    def pause(self, on: dt.date, reason: str) -> "Clock":
        return attrs.evolve(self, paused=on).noted(on, "paused", reason=reason)

    def resume(self, on: dt.date, roll) -> "Clock":
        """Resume after a pause: the period's end (and the limit) move by the days paused — what was left
        of the period when it stopped is counted again from the resumption — then rolled by `roll`."""
        days = (on - self.paused).days if self.paused else 0
        shift = dt.timedelta(days=days)
        raw = (self.raw or self.due) + shift
        due = roll(raw)
        limit = max(roll(self.limit + shift), due) if self.limit else None
        return attrs.evolve(self, paused=None, limit=limit).moved(due, on, "resumed", raw=raw, paused_days=days)

    def to_doc(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "start": _iso(self.start),
            "due": _iso(self.due),
            "limit": _iso(self.limit),
            "limit_clause": self.limit_clause,
            "limit_period": self.limit_period,
            "rule": self.rule,
            "clause": self.clause,
            "label": self.label,
            "owner": self.owner,
            "status": self.status.value,
            "stopped": _iso(self.stopped),
            "chases": self.chases,
            "level": self.level,
            "round": self.round,
            "fired": list(self.fired),
            "alarm": self.alarm.to_doc(),
            "period": self.period,
            "raw": _iso(self.raw),
            "paused": _iso(self.paused),
            "log": [dict(e) for e in self.log],
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Clock":
        return cls(
            name=doc["name"],
            start=_d(doc["start"]),
            due=_d(doc["due"]),
            limit=_d(doc.get("limit")),
            limit_clause=doc.get("limit_clause", ""),
            limit_period=doc.get("limit_period", ""),
            rule=doc["rule"],
            clause=doc.get("clause", ""),
            label=doc.get("label", ""),
            owner=doc.get("owner"),
            status=ClockStatus(doc["status"]),
            stopped=_d(doc.get("stopped")),
            chases=doc.get("chases", 0),
            level=doc.get("level", 0),
            round=doc.get("round", 1),
            fired=tuple(doc.get("fired", ())),
            alarm=Alarm.from_doc(doc["alarm"]),
            period=doc.get("period", ""),
            raw=_d(doc.get("raw")),
            paused=_d(doc.get("paused")),
            log=tuple(doc.get("log", ())),
        )


@attrs.frozen
class Item:
    """A matter to handle: who raised it, who handles it, where it stands, its clocks and its trail."""

    id: int
    kind: str
    title: str
    deputies: tuple[int, ...]
    received: dt.date
    status: str
    channel: Channel = Channel.INTERIM
    session: int | None = None
    content: str = ""
    lead: int | None = None
    co: tuple[int, ...] = ()
    clocks: tuple[Clock, ...] = ()
    events: tuple[Event, ...] = ()
    reply: dict[str, Any] | None = None
    feedback: str | None = None
    primary: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)

    def clock(self, name: str) -> Clock | None:
        return next((c for c in self.clocks if c.name == name), None)

    @property
    def next_due(self) -> dt.date | None:
        """The nearest due day of the item's open clocks."""
        return min((c.due for c in self.clocks if c.is_open), default=None)

    def overdue_on(self, day: dt.date) -> bool:
        """Whether an open clock's due day has passed by `day`."""
        return any(c.is_open and c.due < day for c in self.clocks)

    def with_clock(self, clock: Clock) -> "Item":
        """Replace the clock of the same name, or add it."""
        others = tuple(c for c in self.clocks if c.name != clock.name)
        if len(others) == len(self.clocks):
            return attrs.evolve(self, clocks=self.clocks + (clock,))
        return attrs.evolve(self, clocks=tuple(clock if c.name == clock.name else c for c in self.clocks))

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "content": self.content,
            "status": self.status,
            "deputies": list(self.deputies),
            "channel": self.channel.value,
            "session": self.session,
            "received": _iso(self.received),
            "lead": self.lead,
            "co": list(self.co),
            "clocks": [c.to_doc() for c in self.clocks],
            "events": [e.to_doc() for e in self.events],
            "reply": self.reply,
            "feedback": self.feedback,
            "primary": self.primary,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Item":
        return cls(
            id=doc["id"],
            kind=doc["kind"],
            title=doc["title"],
            content=doc.get("content", ""),
            status=doc["status"],
            deputies=tuple(doc["deputies"]),
            channel=Channel(doc["channel"]),
            session=doc.get("session"),
            received=_d(doc["received"]),
            lead=doc.get("lead"),
            co=tuple(doc.get("co", ())),
            clocks=tuple(Clock.from_doc(c) for c in doc.get("clocks", ())),
            events=tuple(Event.from_doc(e) for e in doc.get("events", ())),
            reply=doc.get("reply"),
            feedback=doc.get("feedback"),
            primary=doc.get("primary"),
            extra=doc.get("extra", {}),
        )


class Delivery(enum.Enum):
    """Where a notice is on its way out (kernel/delivery.py); without a channel plugin, posting is delivery."""

    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


@attrs.frozen
class Notice:
    """A message the kernel owes someone: to whom, about what, why, for which day, sent by which tick, and how
    far its delivery got (state, attempts, the last error, the channel plugin that took it)."""

    key: str
    type: str
    to: str
    text: str
    date: dt.date
    item: int | None = None
    clock: str | None = None
    level: int = 0
    id: int = 0
    sent: dt.date | None = None
    task: int | None = None
    state: Delivery = Delivery.DELIVERED
    attempts: int = 0
    error: str = ""
    channel: str = ""
    checked: str = ""  # who settled an uncertain or failed notice by hand, when, and how
    route: str = ""  # the one channel meant to carry it (profile [delivery.routes]); "" — any channel
    deputy: int | None = None  # the deputy it is written to, when it is (their addresses come from the roster)
    subject: str = ""  # a title for channels that carry one (an e-mail's subject)
    attachment: str = ""  # a file to send with it, relative to the data home (a letter's DOCX)
    ref: str = ""  # the channel's own id for the message (an SMS gateway's message id), once sent
    parts: tuple[dict[str, Any], ...] = ()  # a digest's points, each as the notice it would have been (kernel/digest.py)

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "type": self.type,
            "to": self.to,
            "text": self.text,
            "date": _iso(self.date),
            "sent": _iso(self.sent),
            "item": self.item,
            "clock": self.clock,
            "level": self.level,
            "task": self.task,
            "state": self.state.value,
            "attempts": self.attempts,
            "error": self.error,
            "channel": self.channel,
            "checked": self.checked,
            "route": self.route,
            "deputy": self.deputy,
            "subject": self.subject,
            "attachment": self.attachment,
            "ref": self.ref,
            "parts": [dict(p) for p in self.parts],
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Notice":
        return cls(**{**doc, "date": _d(doc["date"]), "sent": _d(doc.get("sent")),
                      "state": Delivery(doc.get("state", Delivery.DELIVERED.value)),
                      "parts": tuple(doc.get("parts") or ())})


@attrs.frozen
class Point:
    """One threshold of one clock: its kind, its number (warning days, chase or level) and its day."""

    kind: PointKind
    number: int
    date: dt.date

    @property
    def name(self) -> str:
        return self.kind.value if self.kind is PointKind.DUE else f"{self.kind.value}-{self.number}"


@attrs.frozen
class Effects:
    """What a plugin asks the kernel to do to an item: clocks to add or replace, a new status, notices, and
    values for the item's `extra` fields (which the plugin owns)."""

    clocks: tuple[Clock, ...] = ()
    status: str | None = None
    notices: tuple[Notice, ...] = ()
    extra: dict[str, Any] = attrs.field(factory=dict)
