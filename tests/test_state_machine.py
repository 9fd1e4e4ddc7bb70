"""Guarantee 7: a hypothesis state machine drives a Liwan home through the CLI — register, assign, reply,
extend, feedback, advance the days, tick, tick again, and crash mid-command and reopen — against a small
in-memory model. After every step the data file loads and holds exactly the model's items (status and number
of replies), no notice or ledger key is there twice, and every notice a tick posts is dated on its threshold as
the item's clocks stood before that tick, never after the tick's day. A crash (an exception injected after the
command's first write, inside its transaction) changes nothing on disk.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import Counter

import attrs
import pytest
from fixtures import unfold
from homes import homes, template  # noqa: F401  (fixtures)
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from lianluo.kernel import alarms, desk, outbox, tick
from lianluo.kernel.calendar import Calendar
from lianluo.kernel.cli.main import cli
from lianluo.kernel.models import Item
from lianluo.kernel.store.factory import open_store

CALENDAR = Calendar()
START = dt.date(2026, 3, 2)
DEPTS = ("立案庭", "民一庭")
MAX_ITEMS = 4
CHANNELS = ("interim", "spot")


SEEN: Counter = Counter()  # what the examples did, printed at the end (`-s`)


def note(what: str) -> None:
    event(what)
    SEEN[what] += 1


class InjectedCrash(Exception):
    """Stands for anything that kills a command half-way through its transaction."""


@contextlib.contextmanager
def crash_after_first_write():
    """The first item or notice a command writes is written (into its open transaction), then it crashes."""

    def after(real):
        def write(*args, **kwargs):
            real(*args, **kwargs)
            raise InjectedCrash("命令写到一半时崩溃")

        return write

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(desk, "save_item", after(desk.save_item))
        mp.setattr(tick, "save_item", after(tick.save_item))
        mp.setattr(outbox, "post", after(outbox.post))
        yield


@attrs.define
class ModelItem:
    status: str = "approved"
    replies: int = 0


class HomeMachine(RuleBasedStateMachine):
    """The model: each item's status and reply count, the current day and the last tick's day."""

    def __init__(self, homes):
        super().__init__()
        self.clerk = homes.clerk()
        self.day = START
        self.last_tick: dt.date | None = None
        self.acted = False  # a clerk's action since the last tick (it may start a clock due today)
        self.items: dict[int, ModelItem] = {}
        self.next_id = 1

    # -- talking to the home ---------------------------------------------------------------------------
    def command(self, *args: str, crash: bool = False):
        """Run a command; with `crash`, one that dies mid-transaction must leave the data byte-for-byte as it was
        (returns None), while one that finished before writing anything counts as done."""
        if not crash:
            self.acted = args[0] != "tick"
            return self.clerk.json(*args)
        before = self.clerk.data_bytes()
        with crash_after_first_write():
            result = self.clerk.runner.invoke(cli, ["--home", str(self.clerk.home), *args, "--json"])
        if result.exit_code == 0:
            note("crash injected but nothing was written: the command completed")
            self.acted = args[0] != "tick"
            return json.loads(result.stdout)
        note(f"crash injected in {args[0]} {args[1] if args[0] == 'item' else ''}")
        assert result.exit_code == 1 and "InjectedCrash" in result.stderr, result.stderr
        assert self.clerk.data_bytes() == before, f"a crash in {args} left a half-written change"
        return None

    def stored(self, table: str) -> list[dict]:
        with open_store(self.clerk.home).reader() as tx:
            return tx.all(table)

    def in_states(self, *states: str) -> list[int]:
        return sorted(i for i, m in self.items.items() if m.status in states)

    # -- the clerk's actions ---------------------------------------------------------------------------
    def register(self, channel: str, crash: bool) -> None:
        """Register and approve; a spot suggestion (现场建议) has a reply clock of days, an interim one of months."""
        out = self.command("item", "register", "--kind", "suggestion", "--title", f"建议{self.next_id}",
                           "--deputy", "1", "--channel", channel, "--date", self.day.isoformat(), crash=crash)
        if out is None:
            return
        assert out["id"] == self.next_id, "a crashed register used up an id"
        self.next_id += 1
        self.items[out["id"]] = ModelItem(status="registered")
        if self.command("item", "approve", str(out["id"]), "--date", self.day.isoformat(), crash=crash):
            self.items[out["id"]].status = "approved"

    def assign(self, ref: int, lead: str, crash: bool) -> None:
        if self.command("item", "assign", str(ref), "--lead", lead, "--date", self.day.isoformat(), crash=crash):
            self.items[ref].status = "assigned"

    def reply(self, ref: int, category: str, crash: bool) -> None:
        if self.command("item", "reply", str(ref), "--category", category, "--text", "答复", "--approved-by",
                        "王副院长", "--date", self.day.isoformat(), crash=crash):
            self.items[ref].status = "replied"
            self.items[ref].replies += 1

    def feedback(self, ref: int, rating: str, crash: bool) -> None:
        if self.command("item", "feedback", str(ref), "--rating", rating, "--date", self.day.isoformat(),
                        crash=crash) and rating == "unsatisfied":
            self.items[ref].status = "handling"

    def thresholds(self) -> dict[str, dt.date]:
        """Every threshold of every open clock as stored now, by ledger key."""
        found = {}
        for doc in self.stored("items"):
            for clock in Item.from_doc(doc).clocks:
                if clock.running:
                    for point in alarms.points(clock, CALENDAR):
                        found[alarms.ledger_key(doc["id"], clock, point)] = point.date
        return found

    def tick(self, crash: bool) -> None:
        expected = self.thresholds()
        out = self.command("tick", "--today", self.day.isoformat(), crash=crash)
        if out is None:
            return
        self.last_tick = self.day
        note(f"tick posted {'no' if not out['notices'] else 'some'} notices")
        for notice in unfold(out["notices"]):
            assert notice["date"] <= self.day.isoformat(), notice
            if notice["item"] is None:
                continue
            firing = notice["key"].rsplit("/", 2)[0]
            assert firing in expected, f"{notice['key']} fired for no threshold of the clocks before the tick"
            assert notice["date"] == expected[firing].isoformat(), f"{notice['key']} dated off its threshold"

    # -- rules ---------------------------------------------------------------------------------------
    @precondition(lambda self: len(self.items) < MAX_ITEMS)
    @rule(channel=st.sampled_from(CHANNELS))
    def do_register(self, channel):
        self.register(channel, crash=False)

    @precondition(lambda self: self.in_states("approved", "assigned", "handling"))
    @rule(data=st.data(), lead=st.sampled_from(DEPTS))
    def do_assign(self, data, lead):
        self.assign(data.draw(st.sampled_from(self.in_states("approved", "assigned", "handling"))), lead, False)

    @precondition(lambda self: self.in_states("assigned", "handling"))
    @rule(data=st.data(), category=st.sampled_from("ABC"))
    def do_reply(self, data, category):
        self.reply(data.draw(st.sampled_from(self.in_states("assigned", "handling"))), category, False)

    @precondition(lambda self: self.in_states("replied"))
    @rule(data=st.data(), rating=st.sampled_from(("satisfied", "basic", "unsatisfied")))
    def do_feedback(self, data, rating):
        self.feedback(data.draw(st.sampled_from(self.in_states("replied"))), rating, False)

    @precondition(lambda self: self.in_states("assigned", "handling"))
    @rule(data=st.data())
    def do_extend(self, data):
        """Extend an open clock that has a limit to a working day after its due day, not before today, within
        the limit (a spot suggestion's 3 days and a rehandling month have none)."""
        ref = data.draw(st.sampled_from(self.in_states("assigned", "handling")))
        doc = next(d for d in self.stored("items") if d["id"] == ref)
        extendable = [c for c in Item.from_doc(doc).clocks if c.is_open and c.limit is not None]
        if not extendable:
            note("extend: no open clock with a limit")
            return
        clock = data.draw(st.sampled_from(extendable))
        first = max(clock.due + dt.timedelta(days=1), self.day)
        days = [first + dt.timedelta(days=n) for n in range((clock.limit - first).days + 1)]
        days = [d for d in days if CALENDAR.is_workday(d)]
        if not days:
            note("extend: no working day left before the limit")
            return
        to = data.draw(st.sampled_from(days))
        item = self.command("item", "extend", str(ref), "--clock", clock.name, "--to", to.isoformat(),
                            "--reason", "案情复杂", "--date", self.day.isoformat())
        assert {c["name"]: c for c in item["clocks"]}[clock.name]["due"] == to.isoformat()
        note("extended")

    @rule(days=st.integers(1, 40))
    def advance(self, days):
        self.day += dt.timedelta(days=days)

    @rule(days=st.integers(0, 40))
    def do_tick(self, days):
        """The daily run, after `days` more days (0: later the same day)."""
        self.day += dt.timedelta(days=days)
        self.tick(crash=False)

    @precondition(lambda self: self.last_tick == self.day and not self.acted)
    @rule()
    def tick_again(self):
        before = self.clerk.data_bytes()
        out = self.command("tick", "--today", self.day.isoformat())
        assert out["notices"] == [] and out["jobs"] == [] and out["failures"] == []
        assert self.clerk.data_bytes() == before

    @rule(data=st.data(), action=st.sampled_from(("register", "assign", "reply", "feedback", "tick")))
    def crash_and_reopen(self, data, action):
        """The same actions, each killed after its first write; the next step reopens the home from disk."""
        if action == "register" and len(self.items) < MAX_ITEMS:
            self.register(data.draw(st.sampled_from(CHANNELS)), crash=True)
        elif action == "assign" and self.in_states("approved", "assigned", "handling"):
            self.assign(data.draw(st.sampled_from(self.in_states("approved", "assigned", "handling"))), DEPTS[0], True)
        elif action == "reply" and self.in_states("assigned", "handling"):
            self.reply(data.draw(st.sampled_from(self.in_states("assigned", "handling"))), "A", True)
        elif action == "feedback" and self.in_states("replied"):
            self.feedback(data.draw(st.sampled_from(self.in_states("replied"))), "unsatisfied", True)
        elif action == "tick":
            self.tick(crash=True)

    # -- invariants ------------------------------------------------------------------------------------
    @invariant()
    def the_store_loads_and_equals_the_model(self):
        stored = {d["id"]: (d["status"], sum(e["action"] == "reply" for e in d["events"]))
                  for d in self.stored("items")}
        assert stored == {i: (m.status, m.replies) for i, m in self.items.items()}

    @invariant()
    def no_key_twice(self):
        for table in ("notices", "ledger", "job_runs"):
            twice = [k for k, n in Counter(d["key"] for d in self.stored(table)).items() if n > 1]
            assert not twice, f"{table}: {twice}"

    @invariant()
    def no_notice_after_the_day_it_was_posted(self):
        for notice in self.stored("notices"):
            assert notice["date"] <= notice["sent"], notice


def test_the_home_always_equals_the_model_through_ticks_and_crashes(homes):
    SEEN.clear()
    run_state_machine_as_test(
        lambda: HomeMachine(homes),
        settings=settings(max_examples=25, stateful_step_count=20, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow]),
    )
    print("\nstate machine: " + "; ".join(f"{what}: {n}" for what, n in sorted(SEEN.items())))
