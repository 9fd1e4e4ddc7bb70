"""Conformance of the liwan-court profile (荔法办〔2018〕3号): one row per clause, each driven through the CLI
on a fresh home. Other files test the same clauses in depth; this one is the profile's contract at a glance."""

from __future__ import annotations

import pytest

from fixtures import Clerk, unfold


def interim(clerk, approve="2026-03-02", assign="2026-03-03", kind="suggestion"):
    item = clerk.json("item", "register", "--kind", kind, "--title", "事项", "--deputy", "1", "--channel", "interim",
                      "--date", "2026-03-02")
    ref = str(item["id"])
    if kind != "complaint":
        clerk.run("item", "approve", ref, "--date", approve)
    return clerk.json("item", "assign", ref, "--lead", "立案庭", "--date", assign)


def session(clerk):
    item = clerk.json("item", "register", "--kind", "suggestion", "--title", "会议建议", "--deputy", "1",
                      "--date", "2026-01-08")
    clerk.run("item", "approve", str(item["id"]), "--date", "2026-01-08")
    return clerk.json("item", "assign", str(item["id"]), "--lead", "立案庭", "--co", "民一庭", "--date", "2026-01-12")


def spot(clerk):
    return clerk.json("item", "register", "--kind", "suggestion", "--title", "当场意见", "--deputy", "1",
                      "--channel", "spot", "--date", "2026-06-15")


ROWS = [
    ("art13_registered_the_day_it_is_received", spot, "reply", "start", "2026-06-15"),
    ("art14_session_lead_replies_within_3_months_of_closing", session, "reply", "due", "2026-04-09"),
    ("art14_session_co_department_within_1_month_of_closing", session, "co:2", "due", "2026-02-09"),
    ("art15_handed_over_within_2_days_of_approval", interim, "handover", "due", "2026-03-04"),
    ("art15_interim_reply_within_2_months_of_hand_over", interim, "reply", "due", "2026-05-06"),
    ("art15_interim_reply_at_most_4_months", interim, "reply", "limit", "2026-07-03"),
    ("art16_spot_opinion_within_3_days", spot, "reply", "due", "2026-06-18"),
    ("art17_forwarded_complaint_result_within_1_month_chosen",
     lambda c: interim(c, kind="complaint"), "complaint", "due", "2026-04-03"),
]


@pytest.mark.parametrize("name, build, clock, field, expected", ROWS, ids=[r[0] for r in ROWS])
def test_liwan_deadline(liwan, name, build, clock, field, expected):
    item = build(liwan)
    assert {c["name"]: c for c in item["clocks"]}[clock][field] == expected


def test_art20_two_chases_then_the_department_leader_then_the_president(liwan):
    interim(liwan)
    sent = [(n["type"], n["to"]) for n in unfold(liwan.json("tick", "--today", "2026-06-30")["notices"]) if n["item"] == 1]
    assert [t for t, _ in sent] == ["due", "chase", "chase", "escalation", "escalation"]
    assert sent[3][1].startswith("王副院长") and sent[4][1].startswith("周院长")


def test_art8_4_status_report_every_two_months(liwan):
    liwan.run("tick", "--today", "2026-01-01")
    ran = liwan.json("tick", "--today", "2026-12-31")["jobs"]
    # the first of every odd month, on the next working day when it is a rest day: 01-01 (New Year) → 01-04
    # (a make-up working Sunday), 03-01 (Sun) → 03-02, 05-01 (May Day) → 05-06, 11-01 (Sun) → 11-02
    assert [j["date"] for j in ran if j["name"] == "reports.status"] == [
        "2026-01-04", "2026-03-02", "2026-05-06", "2026-07-01", "2026-09-01", "2026-11-02"]


def test_art9_2_hearing_invitation_5_days_ahead_or_refused(liwan):
    line = liwan.fails("activity", "add", "--kind", "hearing", "--date", "2026-05-10", "--title", "旁听",
                       "--deputy", "1", "--notified", "2026-05-07")
    assert "--notified" in line and "第九条" in line
    liwan.run("activity", "add", "--kind", "hearing", "--date", "2026-05-10", "--title", "旁听", "--deputy", "1",
              "--notified", "2026-05-05")


def test_art25_27_session_work_tasks_exist(liwan):
    tasks = {t["task"] for t in liwan.json("session", "tasks", "1")}
    assert tasks == {"solicit", "observe", "sort", "meeting", "report"}


def test_art28_29_assessment_uses_the_liwan_rule_set(liwan):
    interim(liwan)
    assert liwan.json("score", "--period", "2026")["rules"][0]["name"] == "liwan-court"
