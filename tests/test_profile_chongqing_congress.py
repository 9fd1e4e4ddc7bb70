"""Conformance of the chongqing-congress profile (重庆 2017 工作条例): steps counted in working days, with the
Spring Festival skipped and make-up working days counted (20 working days from 2026-02-05 end on 2026-03-11)."""

from __future__ import annotations

import pytest

from fixtures import Clerk


@pytest.fixture
def home(clerk: Clerk) -> Clerk:
    clerk.run("init", "--profile", "chongqing-congress")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("dept", "add", "执行局", "--head", "赵局长", "--leader", "钱副院长")
    clerk.run("deputy", "add", "--name", "陈某", "--level", "municipal")
    item = clerk.json("item", "register", "--kind", "suggestion", "--title", "建议", "--deputy", "1",
                      "--channel", "interim", "--date", "2026-02-04")
    clerk.run("item", "assign", str(item["id"]), "--lead", "立案庭", "--co", "执行局", "--date", "2026-02-05")
    return clerk


def dues(clerk):
    return {c["name"]: (c["due"], c["status"]) for c in clerk.json("item", "show", "1")["clocks"]}


def test_chongqing_steps_in_working_days_from_assignment(home):
    got = dues(home)
    assert got["first_contact"] == ("2026-03-11", "open")   # 20 working days (Spring Festival skipped)
    assert got["accept"] == ("2026-02-26", "open")          # 10 working days; 02-14 is a make-up working day
    assert got["co_opinion:2"][0] == "2026-03-25"           # 30 working days
    assert got["reply"] == ("2026-05-06", "open")           # 3 months: 05-05 is in the May Day holiday


def test_chongqing_each_step_is_stopped_by_its_own_action(home):
    home.run("item", "accept", "1", "--date", "2026-02-10")
    home.run("item", "contact", "1", "--mode", "phone", "--date", "2026-03-12")
    home.run("item", "reply", "1", "--dept", "执行局", "--category", "A", "--text", "协办意见", "--date", "2026-03-20")
    got = dues(home)
    assert got["accept"][1] == "met" and got["first_contact"][1] == "missed" and got["co_opinion:2"][1] == "met"
    assert got["reply"][1] == "open"
    home.run("item", "reply", "1", "--category", "A", "--text", "答复", "--date", "2026-04-01")
    form = dues(home)["feedback_form"]
    assert form == ("2026-04-30", "open")  # 20 working days after the reply (Qingming 04-04–06 skipped)
    home.run("item", "feedback", "1", "--rating", "unsatisfied", "--date", "2026-04-10")
    got = dues(home)
    assert got["feedback_form"][1] == "met" and got["rehandle"] == ("2026-06-10", "open")
