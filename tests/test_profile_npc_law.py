"""Conformance of the npc-law profile (代表法 art. 42 of 2015, art. 51 of 2025): replies within 3 months of
assignment, 6 at most for wide-ranging or hard items, counted from assignment even for session items."""

from __future__ import annotations

import pytest

from fixtures import Clerk


@pytest.fixture
def home(clerk: Clerk) -> Clerk:
    clerk.run("init", "--profile", "npc-law")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈某", "--level", "national")
    clerk.run("session", "add", "--name", "全国人大会议", "--opens", "2026-03-05", "--closes", "2026-03-11",
              "--level", "national", "--date", "2026-02-01")
    return clerk


def reply_clock(item):
    return {c["name"]: c for c in item["clocks"]}["reply"]


def test_art42_session_suggestion_counts_3_months_from_assignment_not_from_closing(home):
    item = home.json("item", "register", "--kind", "suggestion", "--title", "建议", "--deputy", "1",
                     "--date", "2026-03-08")
    assert item["channel"] == "session" and item["clocks"] == []  # nothing runs before assignment
    assigned = home.json("item", "assign", str(item["id"]), "--lead", "立案庭", "--date", "2026-04-20")
    clock = reply_clock(assigned)
    assert (clock["start"], clock["due"], clock["limit"]) == ("2026-04-20", "2026-07-20", "2026-10-20")
    assert "交办之日起三个月" in clock["clause"] and "六个月" in clock["limit_clause"]


def test_art42_hard_item_extends_up_to_6_months_and_no_further(home):
    item = home.json("item", "register", "--kind", "suggestion", "--title", "建议", "--deputy", "1",
                     "--channel", "interim", "--date", "2026-04-01")
    home.run("item", "assign", str(item["id"]), "--lead", "立案庭", "--date", "2026-04-01")
    ok = home.json("item", "extend", str(item["id"]), "--to", "2026-10-01", "--reason", "涉及面广、处理难度大",
                   "--date", "2026-06-01")
    assert reply_clock(ok)["due"] == "2026-10-08"  # 10-01 falls in the National Day holiday
    line = home.fails("item", "extend", str(item["id"]), "--to", "2026-10-20", "--reason", "r", "--date", "2026-06-02")
    assert "--to" in line and "2026-10-08" in line


def test_reply_categories_a_to_d_and_unsatisfied_goes_back_for_handling(home):
    item = home.json("item", "register", "--kind", "suggestion", "--title", "建议", "--deputy", "1",
                     "--channel", "interim", "--date", "2026-04-01")
    ref = str(item["id"])
    home.run("item", "assign", ref, "--lead", "立案庭", "--date", "2026-04-01")
    home.run("item", "reply", ref, "--category", "D", "--text", "留作参考", "--date", "2026-05-01")
    back = home.json("item", "feedback", ref, "--rating", "unsatisfied", "--date", "2026-05-10")
    assert back["status"] == "handling"
    assert {c["name"]: c["due"] for c in back["clocks"]}["rehandle"] == "2026-08-10"
