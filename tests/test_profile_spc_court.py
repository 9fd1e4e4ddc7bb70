"""Conformance of the spc-court profile (最高人民法院《关于加强与人大代表联络工作的决定》): the national
baseline — replies by the national law's periods, and a leader-led visit to deputies at least once a year (§5)."""

from __future__ import annotations

import pytest

from fixtures import Clerk


@pytest.fixture
def home(clerk: Clerk) -> Clerk:
    clerk.run("init", "--profile", "spc-court", "--head", "周院长")
    clerk.run("dept", "add", "研究室", "--head", "孙主任", "--leader", "吴副院长")
    clerk.run("deputy", "add", "--name", "陈某", "--level", "national")
    return clerk


def test_section5_suggestions_are_handled_on_time_3_months_from_assignment(home):
    item = home.json("item", "register", "--kind", "suggestion", "--title", "建议", "--deputy", "1",
                     "--channel", "interim", "--date", "2026-03-02")
    line = home.fails("item", "assign", str(item["id"]), "--lead", "研究室", "--date", "2026-03-02", code=1)
    assert "审批" in line  # approval before hand-over (chosen)
    home.run("item", "approve", str(item["id"]), "--date", "2026-03-02")
    assigned = home.json("item", "assign", str(item["id"]), "--lead", "研究室", "--date", "2026-03-03")
    clock = {c["name"]: c for c in assigned["clocks"]}["reply"]
    assert (clock["due"], clock["limit"]) == ("2026-06-03", "2026-09-03")


def test_section5_leader_led_visit_at_least_once_a_year_is_a_coverage_target(home):
    gaps = home.json("activity", "coverage", "--year", "2026")["gaps"]
    assert any("院领导" in g["text"] for g in gaps)
    home.run("activity", "add", "--kind", "visit", "--date", "2026-05-10", "--title", "院领导走访代表",
             "--deputy", "1", "--leader-led", "--organizer", "周院长", "--notified", "2026-05-01")
    act = home.json("activity", "list")[0]
    home.run("activity", "attend", str(act["id"]), "--deputy", "1", "--date", "2026-05-10")
    gaps = home.json("activity", "coverage", "--year", "2026")["gaps"]
    assert not any("院领导" in g["text"] for g in gaps)
