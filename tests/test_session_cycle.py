"""A full congress-session cycle (issue 4; Liwan arts. 14, 25–27): tasks before, during and after the
session, observers per street group, session-anchored clocks, reply letters, re-dating on a move, stats."""

from __future__ import annotations

import datetime as dt

import pytest

from fixtures import Clerk, unfold


@pytest.fixture
def court(clerk: Clerk) -> Clerk:
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("dept", "add", "调研科", "--head", "孙科长", "--leader", "吴副院长")
    clerk.run("deputy", "add", "--name", "陈某", "--level", "district", "--group", "沙面街联组")
    clerk.run("deputy", "add", "--name", "林某", "--level", "district", "--group", "多宝街联组")
    clerk.run("deputy", "add", "--name", "郑某", "--level", "district", "--group", "多宝街联组")
    clerk.run("deputy", "add", "--name", "何某", "--level", "municipal", "--group", "市代表团")
    clerk.run("session", "add", "--name", "区人大五次会议", "--opens", "2026-01-06", "--closes", "2026-01-09",
              "--date", "2025-12-01")
    return clerk


def tasks(clerk):
    return clerk.json("session", "tasks", "1")


def by_task(rows, name):
    return [r for r in rows if r["task"] == name]


def test_adding_a_session_creates_its_before_during_and_after_tasks_art25_27(court):
    """Arts. 25–27: one solicitation task, one observer task per street group of the session's level,
    and the after-session tasks, each due on its profile offset from opening or closing."""
    rows = tasks(court)
    assert [(r["phase"], r["due"]) for r in by_task(rows, "solicit")] == [("before", "2025-12-26")]
    assert sorted(r["group"] for r in by_task(rows, "observe")) == ["多宝街联组", "沙面街联组"]  # not 市代表团
    assert {r["due"] for r in by_task(rows, "observe")} == {"2026-01-12"}
    assert [r["due"] for r in by_task(rows, "sort")] == ["2026-01-19"]
    assert [r["due"] for r in by_task(rows, "meeting")] == ["2026-01-29"]
    assert [r["due"] for r in by_task(rows, "report")] == ["2026-02-09"]
    assert by_task(rows, "letter") == []  # nobody has raised anything yet
    assert by_task(rows, "solicit")[0]["owner"] == "调研科"


def test_before_tasks_are_chased_and_escalated_like_any_item(court):
    """The solicitation task (owner 调研科) warns, falls due, is chased twice, then goes to its leader."""
    notices = unfold(court.json("tick", "--today", "2026-01-20")["notices"])
    solicit = [(n["type"], n["to"]) for n in notices if n["task"] == 1]
    assert [t for t, _ in solicit] == ["due", "chase", "chase", "escalation", "escalation"]
    assert solicit[0][1].startswith("调研科") and solicit[3][1].startswith("吴副院长")
    assert solicit[4][1].startswith("周院长")
    court.run("task", "complete", "1", "--date", "2026-01-20", "--note", "已征求意见 12 条")
    shown = court.json("task", "show", "1")
    assert shown["status"] == "done" and shown["clocks"][0]["status"] == "missed"


def test_observers_are_scheduled_per_group_and_reminded_by_name_art26(court):
    court.run("session", "observe", "1", "--group", "沙面街联组", "--person", "黄副庭长", "--date", "2025-12-20")
    rows = tasks(court)
    assert {r["group"]: r["owner"] for r in by_task(rows, "observe")} == {"沙面街联组": "黄副庭长", "多宝街联组": "联络办"}
    line = court.fails("session", "observe", "1", "--group", "不存在联组", "--person", "某人")
    assert "--group" in line and "沙面街联组" in line
    notices = court.json("tick", "--today", "2026-01-12")["notices"]
    assert any(n["to"] == "黄副庭长" and n["type"] == "due" for n in notices)


def test_opinions_at_the_session_get_clocks_from_closing_and_every_raiser_a_letter_task_art14_27(court):
    """Suggestions registered during the session count from 2026-01-09; the day after closing, each
    deputy who raised one gets one reply-letter task (a joint one counts for both)."""
    court.run("tick", "--today", "2026-01-05")
    first = court.json("item", "register", "--kind", "suggestion", "--title", "关于诉讼服务的建议", "--deputy", "1",
                       "--date", "2026-01-07")
    court.run("item", "register", "--kind", "suggestion", "--title", "关于执行的建议", "--deputy", "2",
              "--deputy", "1", "--date", "2026-01-08")
    assert first["session"] == 1 and first["clocks"][0]["start"] == "2026-01-09"
    assert first["clocks"][0]["due"] == "2026-04-09"
    ran = court.json("tick", "--today", "2026-01-10")
    assert any(j["name"] == "session.1.letters" and j["date"] == "2026-01-10" for j in ran["jobs"])
    letters = by_task(tasks(court), "letter")
    assert sorted(r["title"] for r in letters) == ["函复林某代表并报区人大常委会备案", "函复陈某代表并报区人大常委会备案"]
    assert {r["due"] for r in letters} == {"2026-02-09"}
    # an opinion from the session registered late still gives its deputy a letter task, once
    court.run("item", "register", "--kind", "suggestion", "--title", "补登", "--deputy", "3", "--date", "2026-01-12",
              "--session", "1")
    court.run("item", "register", "--kind", "suggestion", "--title", "再补登", "--deputy", "3", "--date", "2026-01-12",
              "--session", "1")
    assert len(by_task(tasks(court), "letter")) == 3


def test_moving_the_closing_day_re_dates_every_dependent_clock_with_an_event(court):
    court.run("item", "register", "--kind", "suggestion", "--title", "建议", "--deputy", "1", "--date", "2026-01-07")
    suggestion = 1
    court.run("item", "approve", str(suggestion), "--date", "2026-01-08")
    court.run("item", "assign", str(suggestion), "--lead", "立案庭", "--co", "调研科", "--date", "2026-01-08")
    court.run("tick", "--today", "2026-01-10")
    court.run("session", "move", "1", "--closes", "2026-01-16", "--date", "2026-01-11")
    shown = court.json("item", "show", str(suggestion))
    dues = {c["name"]: (c["start"], c["due"]) for c in shown["clocks"]}
    assert dues["reply"] == ("2026-01-16", "2026-04-16")
    assert dues["co:2"] == ("2026-01-16", "2026-02-24")  # 02-16 falls in the Spring Festival
    redate = [e for e in shown["events"] if e["action"] == "session-move"]  # issue 18 point 12
    assert len(redate) == 1 and redate[0]["detail"]["reason"] == "会议改期"
    rows = tasks(court)
    assert {r["due"] for r in by_task(rows, "observe")} == {"2026-01-19"}
    assert [r["due"] for r in by_task(rows, "report")] == ["2026-02-24"]  # 02-15 falls in the Spring Festival
    assert {r["due"] for r in by_task(rows, "letter")} == {"2026-02-24"}
    assert [r["due"] for r in by_task(rows, "solicit")] == ["2025-12-26"]  # anchored on opening: unchanged
    line = court.fails("session", "move", "1", "--closes", "2026-01-01")
    assert "--closes" in line


def test_statistics_restart_with_each_session(court):
    court.run("item", "register", "--kind", "suggestion", "--title", "一", "--deputy", "1", "--date", "2026-01-07")
    court.run("item", "approve", "1", "--date", "2026-01-07")
    court.run("item", "assign", "1", "--lead", "立案庭", "--date", "2026-01-08")
    court.run("item", "reply", "1", "--category", "A", "--text", "已解决", "--date", "2026-03-01")
    court.run("item", "feedback", "1", "--rating", "basic", "--date", "2026-03-05")
    court.run("item", "register", "--kind", "suggestion", "--title", "二", "--deputy", "2", "--date", "2026-01-08")
    court.run("session", "add", "--name", "区人大六次会议", "--opens", "2027-01-05", "--closes", "2027-01-08",
              "--date", "2026-12-01")
    first = court.json("session", "stats", "1", "--today", "2026-05-01")
    assert first["matters"] == 2 and first["replied"] == {"numerator": 1, "denominator": 2, "rate": 0.5}
    assert first["on_time"]["rate"] == 1.0 and first["satisfied"]["rate"] == 1.0 and first["overdue"] == 1
    second = court.json("session", "stats", "2", "--today", "2027-01-06")
    assert second["matters"] == 0 and second["replied"]["rate"] is None
    assert second["tasks"]["denominator"] == len(court.json("session", "tasks", "2"))


def test_session_tasks_cannot_be_registered_or_extended_by_hand(court):
    line = court.fails("item", "register", "--kind", "session-task", "--title", "x", "--deputy", "1",
                       "--date", "2026-01-07")
    assert "--kind" in line
    court.run("deputy", "list")
    line = court.fails("item", "show", "1")
    assert "ID" in line  # tasks are numbered apart from deputies' matters: no item 1 yet
    assert court.json("task", "show", "1")["kind"] == "session-task"


def test_session_commands_refuse_in_a_home_without_the_session_plugin(tmp_path):
    """A plugin's command in a home whose profile does not enable it says so, in one line."""
    profile = tmp_path / "mini.toml"
    profile.write_text('[profile]\nname = "mini"\n[plugins]\nenable = ["suggestions"]\n', encoding="utf-8")
    clerk = Clerk(tmp_path / "home")
    clerk.run("init", "--profile", str(profile))
    line = clerk.fails("session", "tasks", "1", code=1)
    assert "session" in line and "未启用" in line


def test_a_first_tick_long_after_the_session_still_leaves_letters_to_registration(court):
    """Deputies registered after the letter job has run still get their tasks (no dependence on tick timing)."""
    court.run("tick", "--today", str(dt.date(2026, 3, 1)))
    court.run("item", "register", "--kind", "suggestion", "--title", "晚登", "--deputy", "2", "--date", "2026-03-02",
              "--session", "1")
    assert [r["title"] for r in by_task(tasks(court), "letter")] == ["函复林某代表并报区人大常委会备案"]


def test_acting_on_a_task_never_moves_the_items_linked_to_the_item_with_the_same_number(court):
    """Tasks and items are numbered apart: assigning task 1 must not cascade to the members of item 1."""
    first = court.json("item", "register", "--kind", "suggestion", "--title", "关于诉讼服务的建议", "--deputy", "1",
                       "--date", "2026-01-12")["id"]
    second = court.json("item", "register", "--kind", "suggestion", "--title", "关于诉讼服务的建议（二）",
                        "--deputy", "2", "--date", "2026-01-12")["id"]
    assert first == 1
    court.run("item", "link", str(second), "--to", "1", "--date", "2026-01-12")
    court.run("item", "approve", "1", "--date", "2026-01-12")
    court.run("task", "assign", "1", "--lead", "调研科", "--date", "2026-01-12")
    member = court.json("item", "show", str(second))
    assert member["status"] == "approved" and member["lead"] is None
    assert [e["action"] for e in member["events"]] == ["register", "link", "approve"]
