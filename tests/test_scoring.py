"""Assessment (issue 6; Liwan arts. 28–29, Liaoning seed 004, Hainan 2002, Chongqing 2017): indicators per
department, liaison officer and organisation, each rule set's composite, ranking and lists, and several rule
sets side by side — every number checked against arithmetic done by hand on a small ledger.

The ledger (Liwan court profile; scored as of 2026-11-30). Departments 1 立案庭, 2 民一庭, 3 执行局.
Deputies 1 陈, 2 林, 6 王 pair with 黄联络员; 3 郑, 4 何 with 吴联络员; 5 周 with nobody.
Interim suggestions are approved and assigned the day they arrive; their reply clock is 2 months from then.

  id  registered  lead    deputies  handling
   1  2025-12-10  立案庭  5         reply A 2026-01-05                  (registered in 2025: not in 2026)
   2  2026-02-02  立案庭  1         meet, reply A on time, 满意
   3  2026-02-03  立案庭  3         phone, reply B on time, 基本满意
   4  2026-03-02  立案庭  1         reply A 06-15, late (due 05-06), no feedback
   5  2026-03-03  立案庭  2         meet, reply C on time, 不满意 → reopened, reply A 04-20, 满意
   6  2026-04-01  民一庭  1 + 3     meet, reply A on time; deputy 1 满意, deputy 3 基本满意 (joint)
   7  2026-04-02  民一庭  4         never replied (due 06-02)
   8  2026-05-06  民一庭  4         phone, reply A 08-20, late (due 07-06); 满意 on 10-30 (late form)
   9  2026-06-01  民一庭  2         case of concern: concluded 06-22, result told 06-24 (due 06-29)
  10  2026-07-01  执行局  3         meet, reply A on time, 满意
  11  2026-07-02  执行局  4         meet, reply B on time, 不满意 (reopened, not yet re-replied)
  12  2026-10-15  —       2         registered, never approved or assigned
Activities: 2025-11-10 attended by deputy 5; 2026-09-10 attended by deputy 2.
"""

from __future__ import annotations

import re

import pytest

from fixtures import Clerk, isolated_environment
from lianluo.kernel.hooks import hookimpl
from lianluo.plugins.scoring.ruleset import ItemPoints, RuleSet
from lianluo.plugins.scoring.table import width

AS_OF = "2026-11-30"
RULE_SETS = ("liwan-court", "liaoning-procuratorate", "hainan-2002", "chongqing-2017")


class Ledger:
    """Builds items through the CLI the way a clerk records them."""

    def __init__(self, clerk: Clerk):
        self.clerk = clerk

    def suggestion(self, deputies, day, lead=None) -> str:
        args = ["item", "register", "--kind", "suggestion", "--title", "建议", "--date", day]
        for deputy in deputies:
            args += ["--deputy", str(deputy)]
        item = str(self.clerk.json(*args)["id"])
        if lead:
            self.clerk.run("item", "approve", item, "--date", day)
            self.clerk.run("item", "assign", item, "--lead", lead, "--date", day)
        return item

    def contact(self, item, mode, day):
        self.clerk.run("item", "contact", item, "--mode", mode, "--date", day)

    def reply(self, item, category, day):
        self.clerk.run("item", "reply", item, "--category", category, "--text", "答复", "--date", day)

    def feedback(self, item, rating, day, deputy=None):
        self.clerk.run("item", "feedback", item, "--rating", rating, "--date", day,
                       *(["--deputy", str(deputy)] if deputy else []))


def build(clerk: Clerk) -> Clerk:
    run = clerk.run
    run("init", "--profile", "liwan-court", "--head", "周院长")
    for dept in ("立案庭", "民一庭", "执行局"):
        run("dept", "add", dept, "--head", "庭长", "--leader", "副院长")
    for name, liaison in (("陈代表", "黄联络员"), ("林代表", "黄联络员"), ("郑代表", "吴联络员"), ("何代表", "吴联络员"),
                          ("周代表", ""), ("王代表", "黄联络员")):
        run("deputy", "add", "--name", name, "--level", "district", "--liaison", liaison)
    book = Ledger(clerk)
    one = book.suggestion([5], "2025-12-10", "立案庭")
    book.reply(one, "A", "2026-01-05")
    two = book.suggestion([1], "2026-02-02", "立案庭")
    book.contact(two, "meet", "2026-02-20")
    book.reply(two, "A", "2026-03-02")
    book.feedback(two, "satisfied", "2026-03-10")
    three = book.suggestion([3], "2026-02-03", "立案庭")
    book.contact(three, "phone", "2026-02-25")
    book.reply(three, "B", "2026-03-05")
    book.feedback(three, "basic", "2026-03-12")
    four = book.suggestion([1], "2026-03-02", "立案庭")
    book.reply(four, "A", "2026-06-15")
    five = book.suggestion([2], "2026-03-03", "立案庭")
    book.contact(five, "meet", "2026-03-20")
    book.reply(five, "C", "2026-04-01")
    book.feedback(five, "unsatisfied", "2026-04-05")
    book.reply(five, "A", "2026-04-20")
    book.feedback(five, "satisfied", "2026-04-25")
    six = book.suggestion([1, 3], "2026-04-01", "民一庭")
    book.contact(six, "meet", "2026-04-10")
    book.reply(six, "A", "2026-05-06")
    book.feedback(six, "satisfied", "2026-05-10", deputy=1)
    book.feedback(six, "basic", "2026-05-12", deputy=3)
    book.suggestion([4], "2026-04-02", "民一庭")
    eight = book.suggestion([4], "2026-05-06", "民一庭")
    book.contact(eight, "phone", "2026-05-20")
    book.reply(eight, "A", "2026-08-20")
    book.feedback(eight, "satisfied", "2026-10-30")
    case = str(clerk.json("case", "register", "--title", "某案", "--case-number", "（2026）粤0103民初1号", "--deputy", "2",
                          "--division", "民一庭", "--panel", "张法官", "--chief", "赵庭长", "--vp", "钱副院长",
                          "--date", "2026-06-01")["id"])
    run("case", "conclude", case, "--result", "判决", "--date", "2026-06-22")
    run("case", "notify", case, "--date", "2026-06-24")
    ten = book.suggestion([3], "2026-07-01", "执行局")
    book.contact(ten, "meet", "2026-07-10")
    book.reply(ten, "A", "2026-07-20")
    book.feedback(ten, "satisfied", "2026-07-25")
    eleven = book.suggestion([4], "2026-07-02", "执行局")
    book.contact(eleven, "meet", "2026-07-10")
    book.reply(eleven, "B", "2026-07-21")
    book.feedback(eleven, "unsatisfied", "2026-07-30")
    assert book.suggestion([2], "2026-10-15") == "12"
    for number, (day, deputy) in enumerate((("2025-11-10", "5"), ("2026-09-10", "2")), 1):
        run("activity", "add", "--kind", "symposium", "--date", day, "--title", "座谈会", "--deputy", deputy,
            "--notified", day)
        run("activity", "attend", str(number), "--deputy", deputy, "--date", day)
    return clerk


@pytest.fixture(scope="module")
def court(tmp_path_factory) -> Clerk:
    """The ledger above, built once: scoring only reads it."""
    folder = tmp_path_factory.mktemp("scoring")
    with isolated_environment(folder / "default-home"):
        return build(Clerk(folder / "home"))


def score(clerk: Clerk, period: str = "2026", rules: str | None = None, today: str = AS_OF) -> dict:
    return clerk.json("score", "--period", period, "--today", today, *(["--rules", rules] if rules else []))


def ruled(doc: dict, name: str) -> dict:
    return next(r for r in doc["rules"] if r["name"] == name)


def unit(rule: dict, kind: str, name: str) -> dict:
    return next(u for u in rule[kind] if u["name"] == name)


def fractions(indicators: dict) -> dict:
    """Each indicator as (numerator, denominator), plus a trailing "!" key listing the guarded ones."""
    found = {k: (v["numerator"], v["denominator"]) for k, v in indicators.items()}
    found["!"] = sorted(k for k, v in indicators.items() if v["guarded"])
    return found


def listed(entries: list[dict]) -> list[tuple[str, str]]:
    return [(e["unit"], e["name"]) for e in entries]


# --- Liwan court ------------------------------------------------------------------------------------------


def test_liwan_indicators_per_department_by_hand(court):
    """Liwan counts cases too; 办结 = replied; a rate over fewer than 3 items is guarded (rate null)."""
    rule = ruled(score(court, rules="liwan-court"), "liwan-court")
    assert fractions(unit(rule, "departments", "立案庭")["indicators"]) == {
        "completion": (4, 4),    # items 2, 3, 4, 5 all replied
        "on_time": (3, 4),       # 2, 3, 5 met their first reply clock (5's re-handling ignored); 4 replied late
        "reply": (4, 4),
        "satisfaction": (3, 3),  # 2 满意, 3 基本满意, 5 latest 满意 (its 不满意 superseded); 4 has no feedback
        "meeting": (2, 4),       # met before the reply: 2 and 5 (3 by phone, 4 no contact)
        "feedback": (3, 4),      # 2, 3, 5 fed back; 4 did not
        "!": [],
    }
    assert fractions(unit(rule, "departments", "民一庭")["indicators"]) == {
        "completion": (3, 4),    # 6, 8 and case 9 answered; 7 never
        "on_time": (2, 4),       # 6 and 9 met; 7 past due unanswered, 8 late
        "reply": (3, 4),
        "satisfaction": (2, 2),  # 6 per item: latest form 基本满意; 8 满意 (late forms kept); case 9 takes no feedback
        "meeting": (1, 3),       # of 6, 8, 9 answered, only 6 met the deputy
        "feedback": (2, 2),      # 6 and 8 (the case is not rated)
        "!": ["feedback", "satisfaction"],  # 2 < min_count 3
    }
    thin = unit(rule, "departments", "执行局")
    assert fractions(thin["indicators"]) == {
        "completion": (2, 2), "on_time": (2, 2), "reply": (2, 2),
        "satisfaction": (1, 2),  # 10 满意, 11 不满意
        "meeting": (2, 2), "feedback": (2, 2),
        "!": ["completion", "feedback", "meeting", "on_time", "reply", "satisfaction"],
    }
    assert thin["indicators"]["completion"]["rate"] is None and "coverage" not in thin["indicators"]
    assert rule["unassigned"] == 1  # item 12


def test_liwan_indicators_per_officer_and_organisation_by_hand(court):
    """An item counts for every distinct officer of its deputies (joint item 6 for both); coverage is the
    paired deputies reached — raised an item or attended an activity in 2026."""
    rule = ruled(score(court, rules="liwan-court"), "liwan-court")
    huang = unit(rule, "officers", "黄联络员")
    assert (huang["items"], huang["deputies"]) == (6, 3)  # items 2, 4, 5, 6, 9, 12; deputies 1, 2, 6
    assert fractions(huang["indicators"]) == {
        "completion": (5, 6),    # all but 12
        "on_time": (4, 5),       # 2, 5, 6, 9 met, 4 late; 12 has no deadline yet
        "reply": (5, 6),
        "satisfaction": (3, 3),  # 2, 5, 6
        "meeting": (3, 5),       # 2, 5, 6 of the answered 2, 4, 5, 6, 9
        "feedback": (3, 4),      # 2, 5, 6 of the rated answered 2, 4, 5, 6
        "coverage": (2, 3),      # deputies 1 and 2 reached, 6 not
        "!": [],
    }
    wu = unit(rule, "officers", "吴联络员")
    assert (wu["items"], wu["deputies"]) == (6, 2)  # items 3, 6, 7, 8, 10, 11
    assert fractions(wu["indicators"]) == {
        "completion": (5, 6), "on_time": (4, 6), "reply": (5, 6),
        "satisfaction": (4, 5),  # 3 基本, 6 基本 (latest), 8 满意, 10 满意; 11 不满意
        "meeting": (3, 5),       # 6, 10, 11
        "feedback": (5, 5),
        "coverage": (2, 2),
        "!": ["coverage"],
    }
    assert rule["organisation_items"] == 11  # 2 … 12; item 1 was registered in 2025
    assert fractions(rule["organisation"]) == {
        "completion": (9, 11),   # 7 and 12 unanswered
        "on_time": (7, 10),      # 4, 7, 8 late; 12 has no deadline
        "reply": (9, 11),
        "satisfaction": (6, 7),  # 2, 3, 5, 6, 8, 10 of 7 rated; 11 不满意
        "meeting": (5, 9),       # 2, 5, 6, 10, 11
        "feedback": (7, 8),      # 4 never fed back
        "coverage": (4, 6),      # deputies 1–4; 5 only in 2025, 6 never
        "!": [],
    }


def test_liwan_composite_ranking_and_lists_by_hand(court):
    """Weights 30/20/20/15/15 over the usable indicators, rescaled to 100; commend ≥ 85 with no target
    missed; name below 60 or 办结率 below 90%."""
    rule = ruled(score(court, rules="liwan-court"), "liwan-court")
    # 立案庭: (30×1 + 20×3/4 + 20×1 + 15×3/4) / 85 × 100 = 76.25 / 85 × 100 = 89.71
    assert unit(rule, "departments", "立案庭")["score"] == 89.7
    # 民一庭: satisfaction and feedback guarded → (30×3/4 + 20×2/4) / 50 × 100 = 32.5 / 50 × 100 = 65.0
    assert unit(rule, "departments", "民一庭")["score"] == 65.0
    assert unit(rule, "departments", "执行局")["score"] is None  # everything guarded
    # 黄: 30×5/6 + 20×4/5 + 20×1 + 15×3/4 + 15×2/3 = 25 + 16 + 20 + 11.25 + 10 = 82.25 → 82.3 (half up)
    assert unit(rule, "officers", "黄联络员")["score"] == 82.3
    # 吴: coverage guarded → (25 + 20×4/6 + 20×4/5 + 15×1) / 85 × 100 = 69.33 / 85 × 100 = 81.57
    assert unit(rule, "officers", "吴联络员")["score"] == 81.6
    # organisation: 30×9/11 + 20×7/10 + 20×6/7 + 15×7/8 + 15×4/6 = 24.55 + 14 + 17.14 + 13.13 + 10 = 78.81
    assert rule["organisation_score"] == 78.8
    assert [(r["unit"], r["name"], r["rank"]) for r in rule["ranking"]] == [
        ("department", "立案庭", 1), ("department", "民一庭", 2),
        ("officer", "黄联络员", 1), ("officer", "吴联络员", 2),
    ]
    assert listed(rule["commend"]) == [("department", "立案庭")]  # 89.7 ≥ 85, 办结率 100%
    assert listed(rule["named"]) == [("department", "民一庭"), ("officer", "吴联络员"), ("officer", "黄联络员")]
    assert rule["named"][0]["reasons"] == ["办结率 3/4（75.0%）低于 90%"]


# --- Liaoning procuratorate -------------------------------------------------------------------------------


def test_liaoning_reads_solved_per_deputy_satisfied_only_and_names_below_100(court):
    """办结 = reply category A; each deputy's own latest rating, only 满意 counts; no sample guard; any of
    the four below 100% names the unit. Cases are not counted."""
    rule = ruled(score(court, rules="liaoning-procuratorate"), "liaoning-procuratorate")
    assert fractions(unit(rule, "departments", "立案庭")["indicators"]) == {
        "completion": (3, 4),    # 2 A, 4 A, 5 latest A; 3 is B
        "on_time": (3, 4), "reply": (4, 4),
        "satisfaction": (2, 3),  # 2 满意, 5 满意; 3 基本满意 is not 满意 here
        "meeting": (2, 4), "feedback": (3, 4),
        "!": [],
    }
    assert fractions(unit(rule, "departments", "民一庭")["indicators"]) == {
        "completion": (2, 3),    # 6 A, 8 A; 7 unanswered; case 9 not counted
        "on_time": (1, 3), "reply": (2, 3),
        "satisfaction": (2, 3),  # joint 6: deputy 1 满意, deputy 3 基本满意; 8 满意
        "meeting": (1, 2), "feedback": (2, 2),
        "!": [],
    }
    assert fractions(unit(rule, "departments", "执行局")["indicators"]) == {
        "completion": (1, 2), "on_time": (2, 2), "reply": (2, 2), "satisfaction": (1, 2),
        "meeting": (2, 2), "feedback": (2, 2), "!": [],
    }
    assert fractions(rule["organisation"]) == {
        "completion": (6, 10),   # A: 2, 4, 5, 6, 8, 10 of items 2–8, 10–12
        "on_time": (6, 9), "reply": (8, 10),
        "satisfaction": (5, 8),  # ratings 2✓ 3✗ 5✓ 6:1✓ 6:3✗ 8✓ 10✓ 11✗
        "meeting": (5, 8), "feedback": (7, 8), "coverage": (4, 6),
        "!": [],
    }
    # each score: 25 × (meeting + completion + feedback + satisfaction)
    assert unit(rule, "departments", "立案庭")["score"] == 66.7    # 25 × (2/4 + 3/4 + 3/4 + 2/3) = 66.67
    assert unit(rule, "departments", "民一庭")["score"] == 70.8    # 25 × (1/2 + 2/3 + 1 + 2/3) = 70.83
    assert unit(rule, "departments", "执行局")["score"] == 75.0    # 25 × (1 + 1/2 + 1 + 1/2)
    assert unit(rule, "officers", "黄联络员")["score"] == 76.3     # 25 × (3/4 + 4/5 + 3/4 + 3/4) = 76.25
    assert unit(rule, "officers", "吴联络员")["score"] == 65.0     # 25 × (3/5 + 3/6 + 1 + 3/6)
    assert rule["organisation_score"] == 68.1                      # 25 × (5/8 + 6/10 + 7/8 + 5/8) = 68.125
    assert [(r["name"], r["rank"]) for r in rule["ranking"]] == [
        ("执行局", 1), ("民一庭", 2), ("立案庭", 3), ("黄联络员", 1), ("吴联络员", 2)]
    assert rule["commend"] == []
    assert listed(rule["named"]) == [("department", "立案庭"), ("department", "民一庭"), ("department", "执行局"),
                                     ("officer", "吴联络员"), ("officer", "黄联络员")]
    assert unit(rule, "departments", "执行局")["indicators"]["completion"]["guarded"] is False  # min_count 1
    assert rule["named"][2]["reasons"] == ["办结率 1/2（50.0%）低于 100%", "满意率 1/2（50.0%）低于 100%"]


# --- Hainan 2002 ------------------------------------------------------------------------------------------


def test_hainan_scores_each_item_out_of_100_and_averages(court):
    """Speed 20 if the first reply clock was met; quality 满意 50 / 基本满意 35 / 不满意 10 / no feedback 25;
    result A 30 / B 20 / C 10; an unanswered item 0. Items: 2 = 20+50+30 = 100, 3 = 20+35+20 = 75,
    4 = 0+25+30 = 55, 5 = 20+50+30 = 100 (latest rating and category), 6 = 20+35+30 = 85 (latest form),
    7 = 0, 8 = 0+50+30 = 80, 10 = 100, 11 = 20+10+20 = 50, 12 = 0."""
    rule = ruled(score(court, rules="hainan-2002"), "hainan-2002")
    assert unit(rule, "departments", "立案庭")["score"] == 82.5   # (100 + 75 + 55 + 100) / 4
    assert unit(rule, "departments", "民一庭")["score"] == 55.0   # (85 + 0 + 80) / 3
    assert unit(rule, "departments", "执行局")["score"] == 75.0   # (100 + 50) / 2: 2 items reach min_count 2
    assert unit(rule, "officers", "黄联络员")["score"] == 68.0    # (100 + 55 + 100 + 85 + 0) / 5
    assert unit(rule, "officers", "吴联络员")["score"] == 65.0    # (75 + 85 + 0 + 80 + 100 + 50) / 6
    assert rule["organisation_score"] == 64.5                     # 645 / 10
    assert [(r["name"], r["rank"]) for r in rule["ranking"]] == [
        ("立案庭", 1), ("执行局", 2), ("民一庭", 3), ("黄联络员", 1), ("吴联络员", 2)]
    assert rule["commend"] == []                                  # nobody reaches 90
    assert listed(rule["named"]) == [("department", "民一庭")]    # 55.0 < 60
    assert fractions(unit(rule, "departments", "执行局")["indicators"])["!"] == []


# --- Chongqing 2017 ---------------------------------------------------------------------------------------


def test_chongqing_leaves_late_feedback_out_of_the_denominator(court):
    """Item 8's form came on 10-30, past 20 working days from its 08-20 reply (09-17): not counted."""
    rule = ruled(score(court, rules="chongqing-2017"), "chongqing-2017")
    assert fractions(unit(rule, "departments", "民一庭")["indicators"])["satisfaction"] == (1, 1)  # only 6
    assert fractions(rule["organisation"])["satisfaction"] == (5, 6)  # 2, 3, 5, 6, 10 of 6; 8 out, 11 不满意
    # 立案庭: 30×4/4 + 30×3/4 + 40×3/3 = 92.5; 民一庭: satisfaction guarded → (30×2/3 + 30×1/3) / 60 = 50.0
    assert unit(rule, "departments", "立案庭")["score"] == 92.5
    assert unit(rule, "departments", "民一庭")["score"] == 50.0
    # 黄: 30×4/5 + 30×3/4 + 40×3/3 = 86.5; 吴: 30×5/6 + 30×4/6 + 40×3/4 = 75.0
    assert unit(rule, "officers", "黄联络员")["score"] == 86.5
    assert unit(rule, "officers", "吴联络员")["score"] == 75.0
    assert rule["organisation_score"] == 77.3  # 30×8/10 + 30×6/9 + 40×5/6 = 77.33
    assert listed(rule["commend"]) == [("department", "立案庭")]
    assert listed(rule["named"]) == [("department", "民一庭")]


# --- edge cases -------------------------------------------------------------------------------------------


def test_reopened_item_counts_its_latest_feedback_and_first_reply_clock(court):
    """March 2026 holds items 4 (late, no feedback) and 5 (不满意, re-replied, then 满意). Liaoning, no guard."""
    rule = ruled(score(court, "2026-03", "liaoning-procuratorate"), "liaoning-procuratorate")
    assert fractions(rule["organisation"]) == {
        "completion": (2, 2),    # 4 A; 5's latest reply is A
        "on_time": (1, 2),       # 5 met its first reply clock; 4 missed
        "reply": (2, 2),
        "satisfaction": (1, 1),  # 5's latest form 满意; 4 gave none
        "meeting": (1, 2), "feedback": (1, 2),
        "coverage": (2, 6),      # deputies 1 and 2 raised items in March
        "!": [],
    }
    # as of 04-10, between the 不满意 and the re-reply: 5 is answered with C (not solved) and unsatisfied;
    # 4 is not yet answered and its clock (due 05-06) is not yet due
    earlier = ruled(score(court, "2026-03", "liaoning-procuratorate", today="2026-04-10"), "liaoning-procuratorate")
    assert fractions(earlier["organisation"]) == {
        "completion": (0, 2), "on_time": (1, 1), "reply": (1, 2), "satisfaction": (0, 1),
        "meeting": (1, 1), "feedback": (1, 1), "coverage": (2, 6), "!": [],
    }


def test_joint_item_counts_each_deputy_or_once_as_the_rule_set_says(court):
    """April 2026: joint item 6 (deputy 1 满意, deputy 3 基本满意) and item 7, never replied."""
    doc = score(court, "2026-04", "liwan-court,liaoning-procuratorate,hainan-2002")
    # per item, latest form (基本满意) counts as satisfied once
    assert fractions(ruled(doc, "liwan-court")["organisation"])["satisfaction"] == (1, 1)
    # per deputy, 满意 only: 1 of the 2 deputies
    assert fractions(ruled(doc, "liaoning-procuratorate")["organisation"])["satisfaction"] == (1, 2)
    # Hainan: 6 = 20 + 35 + 30, 7 = 0 → 民一庭 (85 + 0) / 2
    assert unit(ruled(doc, "hainan-2002"), "departments", "民一庭")["score"] == 42.5
    # the joint item counts once for each of its two officers
    liwan = ruled(doc, "liwan-court")
    assert unit(liwan, "officers", "黄联络员")["items"] == 1 and unit(liwan, "officers", "吴联络员")["items"] == 2


def test_an_item_belongs_to_the_period_it_was_registered_in(court):
    """Item 1 was registered in December 2025 and replied in January 2026: it counts in 2025 only."""
    december = ruled(score(court, "2025-12", "liaoning-procuratorate"), "liaoning-procuratorate")
    assert december["organisation_items"] == 1
    assert fractions(december["organisation"])["completion"] == (1, 1)
    assert fractions(december["organisation"])["coverage"] == (1, 6)  # deputy 5 raised it
    assert ruled(score(court, "2026-Q1", "liaoning-procuratorate"), "liaoning-procuratorate")["organisation_items"] == 4


def test_nothing_in_the_period_gives_empty_denominators_and_no_ranking(court):
    """2024 holds nothing: every item indicator is 0/0 and shown as —; coverage is 0 of the roster;
    nobody is scored, ranked or listed, under any rule set."""
    doc = score(court, "2024", ",".join(RULE_SETS))
    for rule in doc["rules"]:
        for row in (*rule["departments"], *rule["officers"]):
            assert row["score"] is None and row["rank"] is None
            assert all(v["denominator"] == 0 for k, v in row["indicators"].items() if k != "coverage")
        assert fractions(rule["organisation"])["coverage"] == (0, 6)
        assert rule["organisation_score"] is None
        assert rule["ranking"] == [] and rule["commend"] == [] and rule["named"] == []
    assert doc["differences"] == []
    text = court.run("score", "--period", "2024", "--today", AS_OF).stdout
    assert "立案庭  0     —" in text and "（无，样本不足或无数据）" in text and "0/6（0.0%）" in text


@pytest.fixture
def late(liwan) -> Clerk:
    """Three suggestions to 民一庭, all replied after their deadline, none fed back, no contact."""
    book = Ledger(liwan)
    for category in "ABC":
        item = book.suggestion([1], "2026-02-02", "民一庭")
        book.reply(item, category, "2026-05-11")  # due 2026-04-02
    return liwan


def test_all_late_and_no_feedback(late):
    doc = score(late, rules=",".join(RULE_SETS))
    liwan = ruled(doc, "liwan-court")
    dept = unit(liwan, "departments", "民一庭")
    assert fractions(dept["indicators"]) == {
        "completion": (3, 3), "on_time": (0, 3), "reply": (3, 3),
        "satisfaction": (0, 0),  # nobody rated: no data, not 0%
        "meeting": (0, 3), "feedback": (0, 3), "!": [],
    }
    assert dept["indicators"]["satisfaction"]["rate"] is None and dept["indicators"]["on_time"]["rate"] == 0.0
    # satisfaction has no data → (30×1 + 20×0 + 15×0) / 65 × 100 = 46.15
    assert dept["score"] == 46.2
    assert liwan["named"][0]["reasons"] == ["综合得分 46.2 低于 60"]
    # Liaoning: (25×1/3 + 25×0 + 25×0) / 75 × 100 = 11.1; every judged target missed, satisfaction not judged
    liaoning = ruled(doc, "liaoning-procuratorate")
    assert unit(liaoning, "departments", "民一庭")["score"] == 11.1
    assert [r.split(" ")[0] for r in liaoning["named"][0]["reasons"]] == ["见面率", "办结率", "反馈率"]
    # Hainan: no speed, no feedback (25), results 30 / 20 / 10 → (55 + 45 + 35) / 3
    assert unit(ruled(doc, "hainan-2002"), "departments", "民一庭")["score"] == 45.0
    text = late.run("score", "--period", "2026", "--today", AS_OF).stdout
    assert "0/3（0.0%）" in text and "（名册中没有结对联络员）" in text


# --- the CLI ----------------------------------------------------------------------------------------------


def _starts(line: str) -> list[int]:
    return [width(line[:m.start()]) for m in re.finditer(r"\S+", line)]


def test_one_rule_set_prints_aligned_chinese_tables_and_its_choices(court):
    text = court.run("score", "--period", "2026", "--today", AS_OF).stdout  # the profile's rule set
    assert text.startswith("荔湾区法院考核（liwan-court）：2026 年")
    assert "按登记日期归入期间" in text and "（选定）" in text
    lines = text.splitlines()
    head = lines.index("一、各部门") + 1
    table = lines[head:head + 4]
    assert table[0].split()[:4] == ["部门", "件数", "办结率*", "按期办结率*"]
    assert len({tuple(_starts(line)) for line in table}) == 1, table  # every column starts at the same cell
    assert "2/2（样本不足）" in table[3] and table[3].split()[-2:] == ["样本不足", "—"]
    assert "  部门：1. 立案庭 89.7；2. 民一庭 65.0" in lines
    assert "  立案庭（部门）：综合得分 89.7 不低于 85；没有指标低于目标" in lines
    assert "  另有 1 件未交办，只计入全院。" in lines


def test_two_rule_sets_side_by_side_mark_where_rankings_and_lists_differ(court):
    """`score --rules liwan-court,liaoning-procuratorate`: both rankings, and their disagreements."""
    doc = score(court, rules="liwan-court,liaoning-procuratorate")
    assert [r["name"] for r in doc["rules"]] == ["liwan-court", "liaoning-procuratorate"]
    assert doc["differences"] == [
        {"type": "rank", "unit": "department", "name": "立案庭",
         "ranks": {"liwan-court": 1, "liaoning-procuratorate": 3}},
        {"type": "rank", "unit": "department", "name": "执行局",
         "ranks": {"liwan-court": None, "liaoning-procuratorate": 1}},
        {"type": "commend", "unit": "department", "name": "立案庭",
         "listed": {"liwan-court": True, "liaoning-procuratorate": False}},
        {"type": "named", "unit": "department", "name": "立案庭",
         "listed": {"liwan-court": False, "liaoning-procuratorate": True}},
        {"type": "named", "unit": "department", "name": "执行局",
         "listed": {"liwan-court": False, "liaoning-procuratorate": True}},
    ]
    lines = court.run("score", "--period", "2026", "--today", AS_OF, "--rules",
                      "liwan-court,liaoning-procuratorate").stdout.splitlines()
    rows = {line.split()[0]: line.split() for line in lines if line.startswith("  ") and len(line.split()) > 2}
    assert rows["立案庭"] == ["立案庭", "1（89.7）", "3（66.7）", "排名不同"]
    assert rows["民一庭"] == ["民一庭", "2（65.0）", "2（70.8）"]  # same place: not marked
    assert rows["执行局"] == ["执行局", "—（样本不足）", "1（75.0）", "排名不同"]
    assert rows["立案庭（部门）"] == ["立案庭（部门）", "表彰", "通报", "名单不同"]
    assert "  立案庭（部门）排名不同：荔湾区法院 第 1、辽宁省检察院 第 3" in lines


def test_bad_rules_period_and_date_are_refused_naming_the_option(court):
    line = court.fails("score", "--period", "2026", "--rules", "liwan-court,nosuch")
    assert "--rules" in line and "nosuch" in line and all(name in line for name in RULE_SETS)
    assert "--rules" in court.fails("score", "--period", "2026", "--rules", " , ")
    assert "--period" in court.fails("score", "--period", "2026-Q5")
    assert "--today" in court.fails("score", "--period", "2026", "--today", "2026-13-01")


def test_a_profile_without_a_default_rule_set_asks_for_rules(tmp_path):
    profile = tmp_path / "mini.toml"
    profile.write_text('[profile]\nname = "mini"\n[plugins]\nenable = ["suggestions", "scoring"]\n', encoding="utf-8")
    clerk = Clerk(tmp_path / "home")
    clerk.run("init", "--profile", str(profile))
    line = clerk.fails("score", "--period", "2026")
    assert "--rules" in line and "liwan-court" in line
    assert score(clerk, rules="hainan-2002")["rules"][0]["organisation_items"] == 0


def test_score_refuses_in_a_home_without_the_scoring_plugin(tmp_path):
    profile = tmp_path / "mini.toml"
    profile.write_text('[profile]\nname = "mini"\n[plugins]\nenable = ["suggestions"]\n', encoding="utf-8")
    clerk = Clerk(tmp_path / "home")
    clerk.run("init", "--profile", str(profile))
    line = clerk.fails("score", "--period", "2026", code=1)
    assert "scoring" in line and "未启用" in line


class ReplyOnly:
    """A third party's rule set, offered through register_scoring_rules: only the reply rate counts."""

    @hookimpl
    def register_scoring_rules(self, register):
        register(RuleSet(name="reply-only", label="只看答复", source="测试", weights={"reply": 100}, min_count=1))


class Clash:
    """A plugin offering a rule set under a name the scoring plugin already uses."""

    @hookimpl
    def register_scoring_rules(self, register):
        register(RuleSet(name="liwan-court", label="冒名", source="测试", weights={"reply": 1}))


def test_register_scoring_rules_takes_a_plugins_rule_set_and_ties_share_a_rank(court):
    extra = Clerk(court.home, {"extra": ReplyOnly()})
    rule = ruled(score(extra, rules="reply-only,liwan-court"), "reply-only")
    assert rule["plugin"] == "extra"
    # 立案庭 4/4, 执行局 2/2, 民一庭 2/3 (no case under the default kinds)
    assert [(r["name"], r["rank"], r["score"]) for r in rule["ranking"] if r["unit"] == "department"] == [
        ("执行局", 1, 100.0), ("立案庭", 1, 100.0), ("民一庭", 3, 66.7)]


def test_a_rule_set_name_offered_twice_is_refused_naming_both_plugins(court):
    line = Clerk(court.home, {"clash": Clash()}).fails("score", "--period", "2026", code=1)
    assert "clash" in line and "scoring" in line and "liwan-court" in line


def test_a_malformed_rule_set_is_refused_when_built():
    """Unknown indicators, fractional targets, no way of scoring, or item points not totalling 100."""
    for bad in ({"weights": {"nosuch": 1}}, {"weights": {"reply": 1}, "targets": {"reply": 0.9}}, {}):
        with pytest.raises((ValueError, TypeError)):
            RuleSet(name="x", label="x", source="x", **bad)
    with pytest.raises(ValueError, match="100"):
        ItemPoints(speed=20, quality={"satisfied": 50}, unrated=0, result={"A": 20})


class Pleased:
    """A rule set that counts a rating the feedback action does not take."""

    @hookimpl
    def register_scoring_rules(self, register):
        register(RuleSet(name="pleased", label="满意另算", source="测试", weights={"reply": 1},
                         satisfied=("satisfied", "pleased")))


def test_a_rule_set_counting_a_rating_the_feedback_action_does_not_take_is_refused(court):
    """The ratings are the suggestions plugin's (its feedback action's vocabulary); scoring checks its rule sets
    against that vocabulary instead of importing it."""
    line = Clerk(court.home, {"pleased": Pleased()}).fails("score", "--period", "2026", code=2)
    assert "评分规则 pleased 使用了未知的满意度 pleased" in line and "satisfied、basic、unsatisfied" in line
