"""Properties of the suggestions plugin, checked with hypothesis through the CLI (in process, CliRunner).

1. Liwan art. 15 for any approval and hand-over day in 2026–2027 and any extension target: the reply clock
   starts on the hand-over day, its due day is the 2-month count rolled to a working day, never before its
   start and never after its 4-month limit, and an extension past the limit is refused naming --to.
2. The workflow as a state machine: for any sequence of clerk actions on one interim suggestion, the CLI
   accepts exactly what `WORKFLOW.allowed(state)` allows (plus the plugin's own preconditions: approval
   before hand-over, a paused clock before resume) and refuses everything else with exit 1, one line and no
   change to the data file; `item show --json` always agrees with the model's state.

Each example works in its own copy of a prepared Liwan home (no congress session, so no other items).
"""

from __future__ import annotations

import datetime as dt

from homes import homes, template  # noqa: F401  (fixtures)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from lianluo.kernel.calendar import Calendar, Duration
from lianluo.plugins.suggestions.workflow import STATES, WORKFLOW

CALENDAR = Calendar()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- 1. the reply clock of Liwan art. 15 for any dates --------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    approve=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
    delay=st.integers(0, 12),
    offset=st.integers(-95, 40),
)
def test_liwan_art15_reply_clock_is_a_working_day_within_its_limit_for_any_dates(homes, approve, delay, offset):
    """Liwan art. 15 (交办起两个月内答复、至迟不超过四个月), 民诉法第八十五条 counting: for any approval day in
    2026–2027 and hand-over up to 12 days later, the reply clock starts on the hand-over day, is due on the
    2-month count rolled to a working day (never before its start, never after its 4-month limit); an
    extension to a day after the limit is refused (exit 2, --to), one not after the due day too, and one in
    between sets the due day."""
    clerk = homes.clerk()
    assign = approve + dt.timedelta(days=delay)
    ref = str(clerk.json("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1",
                         "--channel", "interim", "--date", approve.isoformat(), "--force")["id"])
    approved = clerk.json("item", "approve", ref, "--date", approve.isoformat())
    handover = {c["name"]: c for c in approved["clocks"]}["handover"]
    assert day(handover["start"]) == approve
    assert day(handover["due"]) == CALENDAR.add(approve, Duration.parse("2 days"))
    assert CALENDAR.is_workday(day(handover["due"]))

    item = clerk.json("item", "assign", ref, "--lead", "立案庭", "--date", assign.isoformat())
    reply = {c["name"]: c for c in item["clocks"]}["reply"]
    start, due, limit = day(reply["start"]), day(reply["due"]), day(reply["limit"])
    assert start == assign
    assert start <= due <= limit
    assert CALENDAR.is_workday(due) and CALENDAR.is_workday(limit)
    assert due == CALENDAR.add(start, Duration.parse("2 months"))
    assert limit == CALENDAR.add(start, Duration.parse("4 months"))

    target = limit + dt.timedelta(days=offset)
    args = ("item", "extend", ref, "--to", target.isoformat(), "--reason", "案情复杂", "--date", assign.isoformat())
    if target > limit or target <= due:
        before = clerk.data_bytes()
        line = clerk.fails(*args)
        assert "--to" in line
        if target > limit:
            assert limit.isoformat() in line
        assert clerk.data_bytes() == before
        return
    extended = {c["name"]: c for c in clerk.json(*args)["clocks"]}["reply"]
    # an extension to a rest day rolls to the next working day, which the limit (itself a working day) bounds
    assert day(extended["due"]) == CALENDAR.next_workday(target)
    assert start <= day(extended["due"]) <= day(extended["limit"]) == limit
    assert CALENDAR.is_workday(day(extended["due"]))


# --- 2. the workflow as a state machine ---------------------------------------------------------------

START = dt.date(2026, 3, 2)
DEPTS = ("立案庭", "民一庭")
RATINGS = ("satisfied", "basic", "unsatisfied")
ACTIONS = ("approve", "assign", "accept", "return", "contact", "reply", "feedback", "close", "pause", "resume")


class ItemWorkflow(RuleBasedStateMachine):
    """One interim suggestion under the Liwan profile, driven by random clerk actions on non-decreasing days.

    The model: the workflow state, whether the item was approved (Liwan arts. 14–15: hand-over needs it) and
    whether a clock is paused (resume needs one). In the working states an item always has a running or
    paused clock (the reply clock from hand-over, or the rehandle clock after 不满意), so pause is always
    accepted there.
    """

    def __init__(self, homes: Homes):
        super().__init__()
        self.clerk = homes.clerk()
        self.day = START
        self.state = WORKFLOW.initial
        self.approved = False
        self.paused = False
        self.ref = str(self.clerk.json("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1",
                                       "--channel", "interim", "--date", START.isoformat())["id"])

    # -- the one way every action is sent ----------------------------------------------------------------
    def act(self, action: str, *args: str, days: int, extra_ok: bool = True) -> bool:
        """Send the action; expect exit 0 iff the state allows it and the plugin's precondition holds."""
        self.day += dt.timedelta(days=days)
        allowed = action in WORKFLOW.allowed(self.state)
        ok = allowed and extra_ok
        event(f"{action} from {self.state}: {'accepted' if ok else 'refused'}")
        cmd = ("item", action, self.ref, *args, "--date", self.day.isoformat())
        if ok:
            item = self.clerk.json(*cmd)
            assert item["events"][-1]["action"] == action
            assert item["events"][-1]["at"] == self.day.isoformat()
            return True
        before = self.clerk.data_bytes()
        line = self.clerk.fails(*cmd, code=1)
        assert line.startswith("错误："), line
        if not allowed:
            assert f"「{STATES[self.state]}」" in line, line
        assert self.clerk.data_bytes() == before, f"refused {action} changed the data file"
        return False

    # -- one method per clerk action -------------------------------------------------------------------
    def do_approve(self, days, data):
        if self.act("approve", days=days):
            self.state, self.approved = "approved", True

    def do_assign(self, days, data):
        lead = data.draw(st.sampled_from(DEPTS), label="lead")
        if self.act("assign", "--lead", lead, days=days, extra_ok=self.approved):
            self.state = "assigned"

    def do_accept(self, days, data):
        if self.act("accept", days=days):
            self.state = "handling"

    def do_return(self, days, data):
        if self.act("return", "--reason", "不属本庭职责", days=days):
            self.state = "returned"

    def do_contact(self, days, data):
        mode = data.draw(st.sampled_from(("meet", "phone", "visit", "letter")), label="mode")
        self.act("contact", "--mode", mode, days=days)

    def do_reply(self, days, data):
        category = data.draw(st.sampled_from(("A", "B", "C")), label="category")
        if self.act("reply", "--category", category, "--text", "答复", "--approved-by", "王副院长", days=days):
            self.state, self.paused = "replied", False

    def do_feedback(self, days, data):
        rating = data.draw(st.sampled_from(RATINGS), label="rating")
        if self.act("feedback", "--rating", rating, days=days) and rating == "unsatisfied":
            self.state = "handling"

    def do_close(self, days, data):
        if self.act("close", days=days):
            self.state, self.paused = "closed", False

    def do_pause(self, days, data):
        if self.act("pause", "--reason", "等待代表补充材料", days=days):
            self.paused = True

    def do_resume(self, days, data):
        if self.act("resume", days=days, extra_ok=self.paused):
            self.paused = False

    # -- rules: any action, or one the workflow allows now (so that runs get far into the flow) ----------
    @rule(action=st.sampled_from(ACTIONS), days=st.integers(0, 3), data=st.data())
    def any_action(self, action, days, data):
        getattr(self, f"do_{action}")(days, data)

    @rule(days=st.integers(0, 3), data=st.data())
    def an_allowed_action(self, days, data):
        allowed = [a for a in ACTIONS if a in WORKFLOW.allowed(self.state)]
        if allowed:
            getattr(self, f"do_{data.draw(st.sampled_from(allowed), label='action')}")(days, data)

    # -- what must always hold -------------------------------------------------------------------------
    @invariant()
    def the_cli_agrees_with_the_model(self):
        item = self.clerk.json("item", "show", self.ref)
        assert item["status"] == self.state
        open_clocks = [c for c in item["clocks"] if c["status"] == "open"]
        assert any(c["paused"] for c in open_clocks) == self.paused
        if self.state in ("assigned", "handling", "returned"):
            assert open_clocks, "a working item always has a clock"
        if self.state in ("replied", "closed"):
            assert open_clocks == [], "the answer to the deputy ends every running deadline"
        for clock in open_clocks:
            assert clock["start"] <= clock["due"]
            assert CALENDAR.is_workday(day(clock["due"])), clock


def test_the_cli_accepts_exactly_the_transitions_the_workflow_allows(homes):
    """Liwan arts. 13–20 as a state machine (register → approve → assign → accept/return → contact → reply →
    feedback → close, with pause/resume): every action the model allows exits 0, every other exits 1 with
    one line naming the current state, and `item show --json` always matches the model."""
    run_state_machine_as_test(
        lambda: ItemWorkflow(homes),
        settings=settings(max_examples=30, stateful_step_count=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow]),
    )
