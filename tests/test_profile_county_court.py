"""Conformance of the county-court profile (seed 001 第五篇): letters and visits registered and given a proposed
handling the same day, a written report within 5 days, supervised by the vice-president in charge."""

from __future__ import annotations

import pytest

from fixtures import Clerk, unfold


@pytest.fixture
def home(clerk: Clerk) -> Clerk:
    clerk.run("init", "--profile", "county-court")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈某", "--level", "county")
    return clerk


@pytest.mark.parametrize("kind", ["letter", "visit", "complaint"])
def test_5th_essay_same_day_proposal_and_5_day_report(home, kind):
    item = home.json("item", "register", "--kind", kind, "--title", "来信", "--deputy", "1", "--channel", "interim",
                     "--date", "2026-03-02")
    clocks = {c["name"]: c["due"] for c in item["clocks"]}
    assert clocks == {"propose": "2026-03-02", "report": "2026-03-09"}  # 03-07 is a Saturday


def test_5th_essay_overdue_report_goes_to_the_vice_president_in_charge(home):
    item = home.json("item", "register", "--kind", "letter", "--title", "来信", "--deputy", "1", "--channel", "interim",
                     "--date", "2026-03-02")
    home.run("item", "approve", str(item["id"]), "--date", "2026-03-02")
    home.run("item", "assign", str(item["id"]), "--lead", "立案庭", "--date", "2026-03-02")
    sent = [(n["clock"], n["type"], n["to"]) for n in unfold(home.json("tick", "--today", "2026-03-31")["notices"])]
    report = [s for s in sent if s[0] == "report"]
    assert [t for _, t, _ in report] == ["due", "chase", "escalation"]  # the warning was overtaken: not sent
    assert report[-1][2].startswith("王副院长")
