"""Cases of concern and supervision cases (issue 5; Liwan arts. 9(5), 23–24; seed 001 第三篇 (四), 第五篇),
driven through the CLI: registration, written report, the three-level escalation, conclusion, the result
told to every deputy concerned, the report back to a supervising body, and the year-end explanation."""

from __future__ import annotations

import datetime as dt

import pytest

from fixtures import Clerk, unfold


@pytest.fixture
def court(liwan: Clerk) -> Clerk:
    liwan.run("deputy", "add", "--name", "郑某", "--level", "district", "--group", "沙面街联组")
    return liwan


def register_case(clerk: Clerk, number="（2026）粤0103民初123号", kind="case", date="2026-03-02", *extra):
    return clerk.json("case", "register", "--kind", kind, "--title", "张某诉李某借款纠纷", "--case-number", number,
                      "--deputy", "1", "--division", "民一庭", "--panel", "孙法官", "--chief", "赵庭长",
                      "--vp", "钱副院长", "--date", date, *extra)


def hearing(clerk: Clerk, case_id: int, day: str, attended: list[str]) -> None:
    """Invite deputies to the case's hearing (told to the office 10 days before) and record who came."""
    notified = (dt.date.fromisoformat(day) - dt.timedelta(days=10)).isoformat()
    act = clerk.json("activity", "add", "--kind", "hearing", "--date", day, "--title", "旁听庭审",
                     "--case", str(case_id), "--notified", notified, *[a for d in attended for a in ("--deputy", d)])
    clerk.run("activity", "attend", str(act["id"]), *[a for d in attended for a in ("--deputy", d)], "--date", day)


def notices(clerk: Clerk, today: str, case_id: int):
    return [n for n in unfold(clerk.json("tick", "--today", today)["notices"]) if n["item"] == case_id]


def test_registration_assigns_the_division_with_a_written_report_clock(court):
    """A case is registered with its case number and handed to the division; the written report is due in
    5 days (county court 第五篇; chosen for Liwan), rolled off the weekend."""
    case = register_case(court)
    assert case["kind"] == "case" and case["status"] == "assigned" and case["lead"] == 2
    assert case["extra"]["case_number"] == "（2026）粤0103民初123号"
    report = {c["name"]: c for c in case["clocks"]}["report"]
    assert (report["start"], report["due"]) == ("2026-03-02", "2026-03-09")  # 03-07 is a Saturday


def test_three_level_responsibility_is_the_escalation_chain(court):
    """Chases go to the collegial panel; then the division chief, then the vice-president in charge."""
    case = register_case(court)
    sent = notices(court, "2026-04-15", case["id"])
    assert [(n["type"], n["to"]) for n in sent] == [
        ("due", "孙法官"),
        ("chase", "孙法官"),
        ("chase", "孙法官"),
        ("escalation", "赵庭长（庭长）"),
        ("escalation", "钱副院长（分管副院长）"),
    ]
    assert [n["level"] for n in sent if n["type"] == "escalation"] == [1, 2]


def test_result_goes_to_every_deputy_who_raised_the_case_or_attended_its_hearing(court):
    """Liwan art. 9(5): attending a linked case's hearing makes the deputy a recipient of its result."""
    case = register_case(court)
    court.run("case", "report", str(case["id"]), "--text", "已书面报告审理进度", "--date", "2026-03-06")
    hearing(court, case["id"], "2026-04-20", ["2", "3"])
    court.run("case", "conclude", str(case["id"]), "--result", "调解结案", "--date", "2026-05-10")
    shown = court.json("case", "notify", str(case["id"]), "--date", "2026-05-11")
    assert shown["status"] == "notified"
    results = [n for n in court.json("notices") if n["type"] == "result"]
    assert sorted(n["to"] for n in results) == ["林委员（代表）", "郑某（代表）", "陈代表（代表）"]
    assert all("调解结案" in n["text"] and "（2026）粤0103民初123号" in n["text"] for n in results)
    clocks = {c["name"]: c["status"] for c in shown["clocks"]}
    assert clocks == {"report": "met", "result": "met"}
    court.run("item", "close", str(case["id"]), "--date", "2026-05-12")


def test_supervision_case_reports_back_to_its_sender_before_closing(court):
    case = register_case(court, "（2026）粤0103执456号", "supervision", "2026-03-02", "--sender", "区人大常委会")
    assert {c["name"] for c in case["clocks"]} == {"report", "report-back"}
    due = {c["name"]: c["due"] for c in case["clocks"]}["report-back"]
    assert due == "2026-05-06"  # 2 months from 03-02 lands in the May Day holiday
    court.run("case", "report", str(case["id"]), "--text", "报告", "--date", "2026-03-05")
    court.run("case", "conclude", str(case["id"]), "--result", "已执结", "--date", "2026-04-01")
    court.run("case", "notify", str(case["id"]), "--date", "2026-04-02")
    line = court.fails("item", "close", str(case["id"]), "--date", "2026-04-03", code=1)
    assert "区人大常委会" in line
    back = court.json("case", "report-back", str(case["id"]), "--text", "已函告区人大常委会", "--date", "2026-04-03")
    assert {c["name"]: c["status"] for c in back["clocks"]}["report-back"] == "met"
    court.run("item", "close", str(case["id"]), "--date", "2026-04-03")
    line = court.fails("case", "register", "--kind", "supervision", "--title", "t", "--case-number", "x",
                       "--deputy", "1", "--division", "民一庭", "--panel", "p", "--chief", "c", "--vp", "v")
    assert "--sender" in line


def test_year_end_explanation_for_an_unfinished_attended_case_and_not_a_finished_one(court):
    """Liwan art. 9(5): on the check day each attending deputy of an unfinished case gets an explanation task
    due by 31 December; a concluded case gets none, and concluding later completes the task."""
    open_case = register_case(court, "（2026）粤0103民初1号")
    done_case = register_case(court, "（2026）粤0103民初2号")
    quiet_case = register_case(court, "（2026）粤0103民初3号")  # unfinished, but no deputy attended a hearing
    hearing(court, open_case["id"], "2026-06-10", ["3"])
    hearing(court, done_case["id"], "2026-06-11", ["2"])
    court.run("case", "conclude", str(done_case["id"]), "--result", "判决", "--date", "2026-09-01")
    court.run("tick", "--today", "2026-11-20")
    ran = court.json("tick", "--today", "2026-12-02")
    assert [j["name"] for j in ran["jobs"] if j["name"].startswith("cases.")] == ["cases.year-end-explanations"]
    tasks = [t for t in court.json("task", "list") if t["kind"] == "case-explanation"]
    assert [(t["extra"]["case"], t["deputies"]) for t in tasks] == [(open_case["id"], [3])]
    assert tasks[0]["clocks"][0]["due"] == "2026-12-31"
    assert quiet_case["id"] not in [t["extra"]["case"] for t in tasks]
    assert court.json("tick", "--today", "2026-12-03")["jobs"] == []  # once a year
    court.run("case", "conclude", str(open_case["id"]), "--result", "判决", "--date", "2026-12-10")
    task = court.json("task", "show", str(tasks[0]["id"]))
    assert task["status"] == "done" and task["clocks"][0]["status"] == "met"


def test_case_number_is_required_and_not_registered_twice_while_open(court):
    line = court.fails("item", "register", "--kind", "case", "--title", "x", "--deputy", "1", "--date", "2026-03-02")
    assert "--case-number" in line
    register_case(court)
    line = court.fails("case", "register", "--title", "t", "--case-number", "（2026）粤0103民初123号", "--deputy", "1",
                       "--division", "民一庭", "--panel", "p", "--chief", "c", "--vp", "v", "--date", "2026-03-03")
    assert "--case-number" in line and "第 1 号" in line


def test_yearly_statistics(court):
    case = register_case(court)
    court.run("case", "report", str(case["id"]), "--text", "r", "--date", "2026-03-06")
    hearing(court, case["id"], "2026-04-20", ["2"])
    court.run("case", "conclude", str(case["id"]), "--result", "判决", "--date", "2026-05-10")
    court.run("case", "notify", str(case["id"]), "--date", "2026-05-11")
    figures = court.json("case", "stats", "--year", "2026")
    assert figures == {"year": 2026, "registered": 1, "by_kind": {"case": 1, "supervision": 0}, "concluded": 1,
                       "notified": 1, "reports_on_time": 1, "reports_due": 1, "reported_back": 0, "hearings": 1,
                       "deputies_attending": 1}


def test_art9_5_explanation_task_goes_to_the_pairing_liaison_officer_and_copies_the_judge(court):
    """Liwan art. 9(5) names the pairing group's liaison officer (挂点联络员): the year-end explanation task is
    theirs (the deputy's 联络员 on the roster), its reminders go to them, and the judge of the case is copied."""
    court.run("deputy", "add", "--name", "何代表", "--level", "district", "--group", "沙面街联组", "--liaison", "黄联络员")
    case = register_case(court, "（2026）粤0103民初7号")
    hearing(court, case["id"], "2026-06-10", ["4"])
    court.run("tick", "--today", "2026-11-20")
    sent = court.json("tick", "--today", "2026-12-02")["notices"]
    task = next(t for t in court.json("task", "list") if t["kind"] == "case-explanation")
    assert task["extra"]["assignee"] == "黄联络员" and task["extra"]["cc"] == "孙法官"
    mine = [n for n in sent if n["to"] == "黄联络员" and n["text"].startswith("【年末解释】")]  # 9(1) sends a monthly task too
    copied = [n for n in sent if n["to"] == "孙法官"]
    assert len(mine) == 1 and "何代表" in mine[0]["text"] and "2026-12-31" in mine[0]["text"]
    assert len(copied) == 1 and copied[0]["text"].startswith("【抄送】") and "黄联络员" in copied[0]["text"]
    later = court.json("tick", "--today", "2026-12-31")["notices"]
    assert {n["to"] for n in later if n["task"] == task["id"]} == {"黄联络员"}
