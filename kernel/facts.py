"""Report facts: the compact summary of each item that reports, scoring and dashboards read instead of the item.

Why: a report over years of matters needs about ten fields of each (kind, department, status, the day of each
step, each clock's due day and whether it was met, the rating, the session, the deputies), not the 2–4 KB
document with its texts, clock rules and trail. The summary is the item's own record (`Item`) with the texts
left out, so every figure a section computes from it is the figure it would compute from the document.

What it keeps (`project`): every field of the kernel's `Item` but `content`; each clock's name, label, owner,
start and due days, status and stopped day (not its rule, clause, limit, pause, alarm or log); each event's
action, day and the codes of its detail; the codes of `reply`; the short values of `extra`. A code is a
number, a boolean, None, a list of numbers or an ASCII text of at most SHORT characters (a reply category,
a rating, a contact mode, a date); a short value may also be a text in any script (a case number). What a
clerk wrote (the content, the reply letter, notes, reasons) is left out — a section that prints it loads
the item.

Why a fixed projection, not one each plugin declares: the store keeps the summary at commit, in the same
transaction as the item (file store: inside each segment file, before its documents; PostgreSQL: the
`facts` table),
whoever writes — a command, the tick, `migrate`, `restore`, a test writing through the store — and without
the plugins loaded. A pure function of the document can never disagree with it, and needs no rebuild when
a plugin or the profile changes; only a new FACTS_VERSION (a change of this function) does, and until
`lianluo reindex` has run the stores answer from the documents (slower, never wrong).

The kernel stays court-neutral: what is kept is defined on the kernel's record (`Item`, `Clock`, `Event`),
not on any court's fields.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Any, NamedTuple

import attrs

from .models import Channel, ClockStatus, Item

FACTS_VERSION = 1
FACTS_TABLES = ("items",)  # the tables whose documents are items, summarised at commit
SHORT = 40
SLOW_ENV = "LIANLUO_FACTS"  # "documents": read facts projected from the documents (tests compare the two);
# "off": the file store writes segments without their facts (bench/scale.py measures what they add to a commit)

Doc = dict[str, Any]


def _short(value: Any, codes: bool) -> bool:
    """A number, a boolean, None, a list of numbers, or a text of at most SHORT characters — with `codes`,
    an ASCII one only (a category, a rating, a mode, a date: not a note a clerk wrote)."""
    if value is None or isinstance(value, (bool, int, float)):
        return True
    if isinstance(value, str):
        return len(value) <= SHORT and (not codes or value.isascii())
    if isinstance(value, list):
        return all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    return False


def _shorts(detail: Any, codes: bool = True) -> Doc:
    return {k: v for k, v in detail.items() if _short(v, codes)} if isinstance(detail, dict) else {}


def project(doc: Doc) -> Doc:
    """The summary of one item document (see the module's docstring for what is kept)."""
    return {
        "id": doc["id"], "kind": doc.get("kind"), "title": doc.get("title", ""), "status": doc.get("status"),
        "deputies": doc.get("deputies", []), "channel": doc.get("channel", Channel.INTERIM.value),
        "session": doc.get("session"), "received": doc.get("received"), "lead": doc.get("lead"),
        "co": doc.get("co", []), "primary": doc.get("primary"), "feedback": doc.get("feedback"),
        "next_check": doc.get("next_check"),
        "open": any(c.get("status") == ClockStatus.OPEN.value for c in doc.get("clocks", ())),
        "clocks": [[c["name"], c.get("label", ""), c.get("owner"), c["start"], c["due"], c["status"],
                    c.get("stopped")] for c in doc.get("clocks", ())],
        "events": [[e["action"], e["at"], _shorts(e.get("detail"))] for e in doc.get("events", ())],
        "reply": _shorts(doc["reply"]) if isinstance(doc.get("reply"), dict) else doc.get("reply"),
        "extra": _shorts(doc.get("extra"), codes=False),
    }


FIELDS = ("id", "kind", "title", "status", "deputies", "channel", "session", "received", "lead", "co", "primary",
          "feedback", "next_check", "open", "clocks", "events", "reply", "extra")  # `project`'s keys, in order


_ID, _SESSION, _RECEIVED, _OPEN = (FIELDS.index(key) for key in ("id", "session", "received", "open"))


def packed(fact: Doc) -> list[Any]:
    """A summary as the file store writes it: its values in FIELDS order, without the keys. Why: a list of
    values parses about four times faster than the same summary as an object (no key strings to make), and a
    year report over 100k items reads about 18k of them."""
    return [fact[key] for key in FIELDS]


def unpacked(row: list[Any]) -> Doc:
    """A summary from its packed row (`packed`)."""
    return dict(zip(FIELDS, row))


class _Days(dict):
    """ISO day -> date, each parsed once: the same few thousand days recur across every item's clocks and
    events (None and "" stand for no day)."""

    def __missing__(self, text: str) -> dt.date:
        day = self[text] = dt.date.fromisoformat(text)
        return day


_DAYS = _Days({None: None, "": None})
_STATUS = {s.value: s for s in ClockStatus}
_CHANNEL = {c.value: c for c in Channel}


class FactClock(NamedTuple):
    """A clock as the report facts keep it: read like a `Clock` (name, label, owner, start, due, status,
    stopped, is_open), without its rule, limit, pause, alarm or log. A tuple, not a `Clock`: making tens of
    thousands of 21-field frozen `Clock`s was a third of a year report's time over 100k items."""

    name: str
    label: str
    owner: int | None
    start: dt.date
    due: dt.date
    status: ClockStatus
    stopped: dt.date | None
    rule: str = ""
    clause: str = ""

    @property
    def is_open(self) -> bool:
        return self.status is ClockStatus.OPEN


class FactEvent(NamedTuple):
    """An event as the report facts keep it: read like an `Event` (action, at, detail's codes), no who."""

    action: str
    at: dt.date
    detail: dict[str, Any]
    who: str = ""
    recorded: str = ""


def item_of(row: list[Any]) -> Item:
    """The `Item` a packed summary (`packed`) stands for: its texts empty, its clocks `FactClock`s and its
    events `FactEvent`s (read like `Clock` and `Event`, never written back)."""
    (id_, kind, title, status, deputies, channel, session, received, lead, co, primary, feedback, _next, _open,
     clocks, events, reply, extra) = row
    day, state, new = _DAYS, _STATUS, tuple.__new__  # tuple.__new__: NamedTuple's own __new__ is Python code
    return Item(id=id_, kind=kind, title=title, deputies=tuple(deputies), received=day[received], status=status,
                channel=_CHANNEL[channel], session=session, lead=lead, co=tuple(co),
                clocks=tuple([new(FactClock, (name, label, owner, day[start], day[due], state[st], day[stopped], "", ""))  # type: ignore[misc]
                              for name, label, owner, start, due, st, stopped in clocks]),
                events=tuple([new(FactEvent, (action, day[at], detail, "", "")) for action, at, detail in events]),  # type: ignore[misc]
                reply=reply, feedback=feedback, primary=primary, extra=extra)


_I = {key: n for n, key in enumerate(FIELDS)}
_OPEN_STATE = ClockStatus.OPEN.value
_CLOCKS = _I["clocks"]


def _at(n: int) -> property:
    return property(itemgetter(n))


class Fact(tuple):
    """A packed summary (`packed`) read like an `Item` without making one: the record sections and scoring count
    on (`ctx.facts.rows`). Its values are decoded on access — `received` a date, `channel` a `Channel`,
    `clocks` `FactClock`s and `events` `FactEvent`s made when asked for — so a pass that reads five fields of
    18k summaries pays for five. Why: making an `Item` of each was a sixth of a year report's time at 100k;
    a `Fact` is the row itself (a tuple copy in C)."""

    __slots__ = ()
    id = _at(_I["id"])
    kind = _at(_I["kind"])
    title = _at(_I["title"])
    status = _at(_I["status"])
    deputies = _at(_I["deputies"])  # a list of ids
    session = _at(_I["session"])
    lead = _at(_I["lead"])
    co = _at(_I["co"])
    primary = _at(_I["primary"])
    feedback = _at(_I["feedback"])
    open = _at(_I["open"])  # whether a clock is still open (running, paused or past its last alarm)
    reply = _at(_I["reply"])  # its codes (a category, a date), not the letter
    extra = _at(_I["extra"])
    day = _at(_I["received"])  # the received day as ISO text (compares as the date does)
    raw_clocks = _at(_I["clocks"])  # [name, label, owner, start, due, status, stopped], days as ISO text
    raw_events = _at(_I["events"])  # [action, at, detail's codes]

    @property
    def received(self) -> dt.date:
        return _DAYS[self[_RECEIVED]]

    @property
    def channel(self) -> Channel:
        return _CHANNEL[self[_I["channel"]]]

    @property
    def clocks(self) -> tuple[FactClock, ...]:
        return tuple([_clock(c) for c in self[_I["clocks"]]])

    @property
    def events(self) -> tuple[FactEvent, ...]:
        new = tuple.__new__
        return tuple([new(FactEvent, (a, _DAYS[at], detail, "", "")) for a, at, detail in self[_I["events"]]])  # type: ignore[misc]

    def clock(self, name: str) -> FactClock | None:
        """The first clock of that name, as `Item.clock`."""
        return next((_clock(c) for c in self[_I["clocks"]] if c[0] == name), None)

    def overdue_on(self, day: dt.date) -> bool:
        """Whether an open clock's due day has passed by `day`, as `Item.overdue_on`."""
        iso = day.isoformat()
        for c in self[_CLOCKS]:  # a loop, not any(…): asked of every open matter, often twice per report
            if c[5] == _OPEN_STATE and c[4] < iso:
                return True
        return False


def _clock(c: list[Any]) -> FactClock:
    name, label, owner, start, due, status, stopped = c
    return tuple.__new__(FactClock, (name, label, owner, _DAYS[start], _DAYS[due], _STATUS[status], _DAYS[stopped], "", ""))  # type: ignore[misc]


def span(rows: Iterable[list[Any]]) -> tuple[str, str, list[int], bool]:
    """(earliest received day, latest, the sessions, whether any has an open clock) of some packed summaries:
    what a store records beside each file of them so that a period's read skips the files that cannot hold
    its items."""
    rows = list(rows)
    days = [r[_RECEIVED] for r in rows if r[_RECEIVED]]
    sessions = sorted({r[_SESSION] for r in rows if isinstance(r[_SESSION], int)})
    return (min(days, default=""), max(days, default=""), sessions, any(r[_OPEN] for r in rows))


@attrs.frozen
class Selection:
    """Which summaries a read wants: received from `since` to `until` (ISO days, inclusive; None: open-ended),
    or raised at one of `sessions`, or (with `open`) with a clock still open (running, paused or past its last
    alarm). With none of them given, every item."""

    since: str | None = None
    until: str | None = None
    sessions: frozenset[int] = frozenset()
    open: bool = False

    @property
    def everything(self) -> bool:
        return self.since is None and self.until is None and not self.sessions and not self.open

    @property
    def has_days(self) -> bool:
        return self.since is not None or self.until is not None

    def by_days(self, received: str | None) -> bool:
        return (self.has_days and received is not None and (self.since is None or received >= self.since)
                and (self.until is None or received <= self.until))

    def matches(self, fact: Doc) -> bool:
        return (self.everything or self.by_days(fact.get("received")) or fact.get("session") in self.sessions
                or (self.open and fact["open"]))

    def matches_row(self, row: list[Any]) -> bool:
        """`matches` for a packed summary."""
        return (self.everything or self.by_days(row[_RECEIVED]) or row[_SESSION] in self.sessions
                or (self.open and row[_OPEN]))

    def may_hold(self, lo: str, hi: str, sessions: Iterable[int], any_open: bool) -> bool:
        """Whether a file of summaries received from `lo` to `hi`, at `sessions`, with an open clock among them
        or not, may hold a wanted one."""
        if self.everything or (self.open and any_open) or self.sessions.intersection(sessions):
            return True
        if not lo or not self.has_days:
            return False
        return (self.since is None or hi >= self.since) and (self.until is None or lo <= self.until)


def from_documents() -> bool:
    """Whether reads project the documents instead of reading the stored summary (the slow path, kept so that
    tests can compare the two; `LIANLUO_FACTS=documents`)."""
    return os.environ.get(SLOW_ENV, "") == "documents"


def written() -> bool:
    """Whether commits write the facts (always, but when bench/scale.py measures a commit without them)."""
    return os.environ.get(SLOW_ENV, "") != "off"


def projected(docs: Iterable[Doc], wanted: Selection) -> Iterator[Doc]:
    """The slow path: the summaries of documents, as the store would have kept them."""
    for doc in docs:
        fact = project(doc)
        if wanted.matches(fact):
            yield fact


def within(inner: Selection, outer: Selection) -> bool:
    """Whether every summary `inner` selects is among those `outer` selects (so a read for `outer` answers it)."""
    if outer.everything:
        return True
    if inner.everything:
        return False
    if inner.since is not None or inner.until is not None:
        if outer.since is None and outer.until is None:
            return False
        if not ((outer.since is None or (inner.since is not None and inner.since >= outer.since))
                and (outer.until is None or (inner.until is not None and inner.until <= outer.until))):
            return False
    return inner.sessions <= outer.sessions and (not inner.open or outer.open)


def selection(period, open_items: bool, sessions: Iterable[int]) -> Selection:
    """What the stores read for `HookContext.facts`: a superset, cut exactly by `chosen`."""
    sessions = frozenset(int(s) for s in sessions) | (
        frozenset([period.session]) if period is not None and period.session is not None else frozenset())
    if period is None:
        return Selection(sessions=sessions, open=open_items)
    return Selection(period.start.isoformat(), period.end.isoformat(), sessions, open_items)


def chosen(row: list[Any], period, open_items: bool, sessions: frozenset[int]) -> bool:
    """Exactly the items `HookContext.facts` promises (a read may hand it more), of packed summaries."""
    if period is None and not open_items and not sessions:
        return True
    session = row[_SESSION]
    if session in sessions:
        return True
    if period is not None:
        day = _DAYS[row[_RECEIVED]]
        if period.covers(day, session):
            return True
        if open_items and row[_OPEN] and day <= period.end:
            return True
        return False
    return open_items and row[_OPEN]


class Pool:
    """The summaries a context has read (packed rows), each made an `Item` once however many sections ask for
    it. With `documents` (the slow path, `LIANLUO_FACTS=documents`) the items are made from the whole
    documents, as before the summary existed: tests compare every figure both ways."""

    def __init__(self, wanted: Selection, rows: list[list[Any]], documents: dict[int, Doc] | None = None):
        self.wanted = wanted
        self.rows = rows
        self.documents = documents
        self.items: dict[int, Item] = {}
        self.picked: dict[tuple, list[list[Any]]] = {}  # sections asking the same question share one pass

    @classmethod
    def read(cls, tx, wanted: Selection) -> "Pool":
        if not from_documents():
            return cls(wanted, tx.facts("items", wanted, packed=True))
        docs = {d["id"]: d for d in tx.scan("items")}
        return cls(wanted, [packed(f) for f in projected(docs.values(), wanted)], docs)

    def select(self, period, open_items: bool, sessions: frozenset[int]) -> list[list[Any]]:
        """The packed rows `chosen` picks, in id order (sections asking the same question share one pass)."""
        key = (period, open_items, sessions)
        found = self.picked.get(key)
        if found is None:
            found = self.picked[key] = [row for row in self.rows if chosen(row, period, open_items, sessions)]
        return found

    def pick(self, period, open_items: bool, sessions: frozenset[int]) -> list[Item]:
        """The chosen summaries as `Item`s, each made once."""
        found = []
        items = self.items
        for row in self.select(period, open_items, sessions):
            item = items.get(row[_ID])
            if item is None:
                item = items[row[_ID]] = (item_of(row) if self.documents is None
                                          else Item.from_doc(self.documents[row[_ID]]))
            found.append(item)
        return found

    def records(self, period, open_items: bool, sessions: frozenset[int]) -> list[Fact]:
        """The chosen summaries as `Fact`s (no `Item` made)."""
        return [Fact(row) for row in self.select(period, open_items, sessions)]

    def count(self, period, open_items: bool, sessions: frozenset[int], by: tuple[str, ...],
              where: dict[str, frozenset]) -> dict[tuple, int]:
        """The chosen summaries counted by the values of `by`, those whose `where` fields hold one of the values
        given (the Python reference of the SQL count, kernel/store/pg_counts.py)."""
        keys = [_I[f] for f in by]
        tests = [(_I[f], values) for f, values in where.items()]
        counts: dict[tuple, int] = {}
        for row in self.select(period, open_items, sessions):
            if all(row[n] in values for n, values in tests):
                group = tuple([row[n] for n in keys])
                counts[group] = counts.get(group, 0) + 1
        return counts
