"""Conformance of the liaoning-procuratorate profile (seed 004): "contact before, communicate during, visit
after" enforced, January-session items answered by the end of July, two visits a year to each paired deputy,
and its four 100% indicators."""

from __future__ import annotations

import pytest

from fixtures import Clerk


def build(clerk: Clerk, profile: str) -> Clerk:
    clerk.run("init", "--profile", profile, "--head", "高检察长")
    clerk.run("dept", "add", "第八检察部", "--head", "李主任", "--leader", "王副检察长")
    clerk.run("deputy", "add", "--name", "陈某", "--level", "provincial", "--liaison", "张检察官")
    clerk.run("session", "add", "--name", "省人大会议", "--opens", "2026-01-14", "--closes", "2026-01-20",
              "--level", "provincial", "--date", "2026-01-02")
    return clerk


@pytest.fixture
def home(clerk: Clerk) -> Clerk:
    return build(clerk, "liaoning-procuratorate")


def session_item(clerk: Clerk) -> str:
    item = clerk.json("item", "register", "--kind", "suggestion", "--title", "建议", "--deputy", "1",
                      "--date", "2026-01-16")
    ref = str(item["id"])
    clerk.run("item", "approve", ref, "--date", "2026-01-21")
    clerk.run("item", "assign", ref, "--lead", "第八检察部", "--date", "2026-01-22")
    return ref


def test_seed004_january_session_items_are_answered_by_the_end_of_july(home):
    shown = home.json("item", "show", session_item(home))
    clock = {c["name"]: c for c in shown["clocks"]}["reply"]
    assert (clock["start"], clock["due"]) == ("2026-01-20", "2026-07-31")
    assert "7月底" in clock["clause"]


def test_the_same_ledger_under_two_profiles_gets_the_deadlines_each_text_prescribes(home, tmp_path):
    """Liwan art. 14 counts 3 months from closing (2026-04-20); Liaoning answers by the end of July."""
    other = build(Clerk(tmp_path / "liwan"), "liwan-court")
    liwan_due = {c["name"]: c["due"] for c in other.json("item", "show", session_item(other))["clocks"]}["reply"]
    liaoning_due = {c["name"]: c["due"] for c in home.json("item", "show", session_item(home))["clocks"]}["reply"]
    assert (liwan_due, liaoning_due) == ("2026-04-20", "2026-07-31")


def test_seed004_contact_before_reply_and_return_visit_before_close(home):
    ref = session_item(home)
    line = home.fails("item", "reply", ref, "--category", "A", "--text", "已采纳", "--date", "2026-03-01", code=1)
    assert "联系" in line
    home.run("item", "contact", ref, "--mode", "meet", "--note", "办前联系", "--date", "2026-02-01")
    home.run("item", "reply", ref, "--category", "A", "--text", "已采纳", "--date", "2026-03-01")
    home.run("item", "feedback", ref, "--rating", "satisfied", "--date", "2026-03-05")
    line = home.fails("item", "close", ref, "--date", "2026-03-06", code=1)
    assert "回访" in line
    home.run("item", "contact", ref, "--mode", "visit", "--note", "办后回访", "--date", "2026-03-06")
    assert home.json("item", "close", ref, "--date", "2026-03-06")["status"] == "closed"


def test_seed004_each_liaison_officer_visits_each_paired_deputy_twice_a_year(home):
    def visit(day):
        act = home.json("activity", "add", "--kind", "visit", "--date", day, "--title", "走访", "--deputy", "1",
                        "--organizer", "张检察官", "--notified", day)
        home.run("activity", "attend", str(act["id"]), "--deputy", "1", "--date", day)

    def paired_gaps():
        return [g for g in home.json("activity", "coverage", "--year", "2026")["gaps"] if "张检察官" in g["text"]]

    visit("2026-04-01")
    assert len(paired_gaps()) == 1
    visit("2026-09-01")
    assert paired_gaps() == []


def test_seed004_four_indicators_with_100_percent_targets(home):
    ref = session_item(home)
    home.run("item", "contact", ref, "--mode", "meet", "--date", "2026-02-01")
    home.run("item", "reply", ref, "--category", "A", "--text", "已采纳", "--date", "2026-03-01")
    scored = home.json("score", "--period", "2026")
    rules = scored["rules"][0]
    assert rules["name"] == "liaoning-procuratorate"
    assert set(rules["organisation"]) >= {"meeting", "completion", "feedback", "satisfaction"}
