"""The suggestions plugin end to end, driven through the CLI the way a clerk types it.

Deadline rules per clause (Liwan arts. 14–17, the county court's 第五篇), the whole handling flow (签收, 退回,
联系代表, 答复, 反馈, 办结), refusals of invalid transitions, pause and resume, joint submissions, similar items
handled as one class (类案), every kind of matter, and re-dating when the holiday data change.

Items are always referred to by the id `item register` returns: other plugins (the session plugin's
tasks) may register items of their own in the same home.
"""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures import unfold

from lianluo.kernel.calendar import Calendar
from lianluo.kernel.cli.main import cli
from lianluo.plugins.suggestions.workflow import ACTIONS, STATES, WORKFLOW

# --- helpers -------------------------------------------------------------------------------------------


def register(clerk, date, *extra, kind="suggestion", deputies=("1",), title="关于优化诉讼服务的建议") -> str:
    """Register one item (same-day registration, Liwan art. 13) and return its id as the CLI takes it."""
    args = ["item", "register", "--kind", kind, "--title", title, "--date", date]
    for deputy in deputies:
        args += ["--deputy", deputy]
    return str(clerk.json(*args, *extra)["id"])


def interim(clerk, approve="2026-03-02", assign="2026-03-03", lead="立案庭", received=None, **kw) -> str:
    """An interim suggestion (闭会期间), approved and assigned on the given days."""
    ref = register(clerk, received or approve, "--channel", "interim", **kw)
    clerk.run("item", "approve", ref, "--date", approve)
    clerk.run("item", "assign", ref, "--lead", lead, "--date", assign)
    return ref


def clocks(item) -> dict:
    return {c["name"]: c for c in item["clocks"]}


def show(clerk, ref):
    return clerk.json("item", "show", ref)


def dept_id(clerk, name) -> int:
    return next(d["id"] for d in clerk.json("dept", "list") if d["name"] == name)


def mine(notices, ref):
    return [n for n in notices if n["item"] == int(ref)]


def county(clerk):
    """A county court home (seed 001 第五篇) with one department and one deputy."""
    clerk.run("init", "--profile", "county-court", "--head", "县院长")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "county")
    return clerk


def invoke(clerk, *args):
    """Run a command without asserting its exit code (for tests that accept more than one outcome)."""
    return clerk.runner.invoke(cli, ["--home", str(clerk.home), *args])


# --- 1. deadline rules, one row per clause --------------------------------------------------------------
#
# Each row: the profile, the steps a clerk types ({id} is the item), and the clocks expected afterwards as
# name → (start, due, status, owner department or None, a fragment of the clause).

DEADLINES = [
    pytest.param(
        "liwan",
        [("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "interim",
          "--date", "2026-03-02"),
         ("item", "approve", "{id}", "--date", "2026-03-02"),
         ("item", "assign", "{id}", "--lead", "立案庭", "--date", "2026-03-03")],
        {"approval": ("2026-03-02", "2026-03-05", "met", None, "第十四条"),
         "handover": ("2026-03-02", "2026-03-04", "met", None, "第十五条"),
         "reply": ("2026-03-03", "2026-05-06", "open", "立案庭", "第十五条")},
        id="liwan-art15-interim-handover-2-days-reply-2-months-rolled-past-may-day",
    ),
    pytest.param(
        "liwan",
        [("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "interim",
          "--date", "2026-03-02"),
         ("item", "approve", "{id}", "--date", "2026-03-02")],
        {"approval": ("2026-03-02", "2026-03-05", "met", None, "第十四条"),
         "handover": ("2026-03-02", "2026-03-04", "open", None, "第十五条")},
        id="liwan-art15-handover-clock-runs-from-approval-office-owned",
    ),
    pytest.param(
        "liwan",
        [("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "interim",
          "--date", "2026-03-02"),
         ("item", "approve", "{id}", "--date", "2026-03-02"),
         ("item", "assign", "{id}", "--lead", "立案庭", "--date", "2026-03-05")],
        {"approval": ("2026-03-02", "2026-03-05", "met", None, "第十四条"),
         "handover": ("2026-03-02", "2026-03-04", "missed", None, "第十五条"),
         "reply": ("2026-03-05", "2026-05-06", "open", "立案庭", "第十五条")},
        id="liwan-art15-handover-missed-when-assigned-after-2-days",
    ),
    pytest.param(
        "liwan",
        [("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "spot",
          "--date", "2026-06-15"),
         ("item", "assign", "{id}", "--lead", "民一庭", "--date", "2026-06-15")],
        {"reply": ("2026-06-15", "2026-06-18", "open", "民一庭", "第十六条")},
        id="liwan-art16-spot-opinion-3-days-no-approval-needed",
    ),
    pytest.param(
        "liwan",
        [("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--session", "1",
          "--date", "2026-01-08"),
         ("item", "approve", "{id}", "--date", "2026-01-08"),
         ("item", "assign", "{id}", "--lead", "立案庭", "--co", "民一庭", "--date", "2026-01-08")],
        {"approval": ("2026-01-08", "2026-01-13", "met", None, "第十四条"),
         "reply": ("2026-01-09", "2026-04-09", "open", "立案庭", "第十四条"),
         "co:{民一庭}": ("2026-01-09", "2026-02-09", "open", "民一庭", "选定")},
        id="liwan-art14-session-lead-3-months-internal-co-dept-1-month-chosen",
    ),
    pytest.param(
        "liwan",
        [("item", "register", "--kind", "complaint", "--title", "T", "--deputy", "1", "--date", "2026-03-02"),
         ("item", "assign", "{id}", "--lead", "民一庭", "--date", "2026-03-05")],
        {"complaint": ("2026-03-05", "2026-04-07", "open", "民一庭", "第十七条")},
        id="liwan-art17-complaint-result-1-month-from-assignment-rolled-past-qingming",
    ),
    pytest.param(
        "county",
        [("item", "register", "--kind", "letter", "--title", "来信", "--deputy", "1", "--date", "2026-03-02")],
        {"propose": ("2026-03-02", "2026-03-02", "open", None, "调研材料"),
         "report": ("2026-03-02", "2026-03-09", "open", None, "调研材料")},
        id="county-5th-letter-on-a-monday-same-day-proposal-and-5-day-report-rolled-to-monday",
    ),
    pytest.param(
        "county",
        [("item", "register", "--kind", "letter", "--title", "来信", "--deputy", "1", "--date", "2026-03-07")],
        {"propose": ("2026-03-07", "2026-03-09", "open", None, "调研材料"),
         "report": ("2026-03-07", "2026-03-12", "open", None, "调研材料")},
        id="county-5th-letter-on-a-saturday-same-day-proposal-rolls-to-monday",
    ),
    pytest.param(
        "county",
        [("item", "register", "--kind", "letter", "--title", "来信", "--deputy", "1", "--date", "2026-03-02"),
         ("item", "approve", "{id}", "--date", "2026-03-02"),
         ("item", "assign", "{id}", "--lead", "立案庭", "--date", "2026-03-03"),
         ("item", "reply", "{id}", "--category", "A", "--text", "书面报告", "--date", "2026-03-09")],
        {"propose": ("2026-03-02", "2026-03-02", "met", None, "调研材料"),
         "report": ("2026-03-02", "2026-03-09", "met", "立案庭", "调研材料")},
        id="county-5th-approve-stops-the-proposal-reply-stops-the-report",
    ),
]


@pytest.mark.parametrize("profile, steps, expected", DEADLINES)
def test_deadline_rules_per_clause(clerk, request, profile, steps, expected):
    """Liwan arts. 14–17 and county court 第五篇: each rule's start, due (rolled off rest days), status,
    owner and clause, as the profile declares them."""
    home = request.getfixturevalue("liwan") if profile == "liwan" else county(clerk)
    ref = None
    for step in steps:
        args = [a.replace("{id}", ref or "") for a in step]
        out = home.json(*args)
        ref = ref or str(out["id"])
    found = clocks(show(home, ref))
    names = {}
    for name in expected:
        if "{" in name:  # co:{dept name} → co:<its id>
            dept = name[name.index("{") + 1:-1]
            names[name] = name[:name.index("{")] + str(dept_id(home, dept))
        else:
            names[name] = name
    assert set(found) == set(names.values())
    for name, (start, due, status, owner, clause) in expected.items():
        clock = found[names[name]]
        assert (clock["start"], clock["due"], clock["status"]) == (start, due, status), clock["name"]
        assert clock["owner"] == (dept_id(home, owner) if owner else None), clock["name"]
        assert clause in clock["clause"], clock["clause"]


def test_liwan_art15_interim_limit_is_4_months_from_assignment(liwan):
    """Liwan art. 15: assigned 2026-03-03 → the reply clock's limit (至迟四个月) is 2026-07-03."""
    ref = interim(liwan)
    reply = clocks(show(liwan, ref))["reply"]
    assert reply["limit"] == "2026-07-03"
    assert "第十五条" in reply["limit_clause"]


def test_liwan_art15_extension_up_to_the_limit_is_accepted(liwan):
    """Liwan art. 15: `item extend --to 2026-07-03` (the 4-month limit) is accepted and recorded."""
    ref = interim(liwan)
    item = liwan.json("item", "extend", ref, "--to", "2026-07-03", "--reason", "案情复杂", "--date", "2026-04-20")
    reply = clocks(item)["reply"]
    assert reply["due"] == "2026-07-03" and reply["status"] == "open"
    assert item["events"][-1]["action"] == "extend"
    assert item["events"][-1]["detail"]["reason"] == "案情复杂"


def test_liwan_art15_extension_past_the_limit_is_refused_naming_to(liwan):
    """Liwan art. 15 (至迟不超过四个月): `--to 2026-07-10` is refused, exit 2, one line naming --to and the
    limit; nothing is written."""
    ref = interim(liwan)
    before = liwan.data_bytes()
    line = liwan.fails("item", "extend", ref, "--to", "2026-07-10", "--reason", "R", "--date", "2026-04-20")
    assert "--to" in line and "2026-07-03" in line
    assert liwan.data_bytes() == before


def test_liwan_art15_extension_not_later_than_due_is_refused(liwan):
    """Liwan art. 15: an "extension" to a day not after the current due (2026-05-06) is refused, exit 2."""
    ref = interim(liwan)
    line = liwan.fails("item", "extend", ref, "--to", "2026-05-06", "--reason", "R", "--date", "2026-04-20")
    assert "--to" in line


def test_liwan_art16_spot_clock_has_no_extension(liwan):
    """Liwan art. 16: the spot rule declares no limit, so its 3-day clock cannot be extended (exit 2, --to)."""
    ref = register(liwan, "2026-06-15", "--channel", "spot")
    liwan.run("item", "assign", ref, "--lead", "民一庭", "--date", "2026-06-15")
    line = liwan.fails("item", "extend", ref, "--to", "2026-06-25", "--reason", "R", "--date", "2026-06-16")
    assert "--to" in line


def test_liwan_art15_extension_to_a_rest_day_ends_on_a_working_day(liwan):
    """Liwan art. 15 with the roll-forward rule: an extension to Saturday 2026-06-06 either rolls to Monday
    2026-06-08 or is refused naming --to; a due day never sits on a rest day."""
    ref = interim(liwan)
    result = invoke(liwan, "item", "extend", ref, "--to", "2026-06-06", "--reason", "R", "--date", "2026-04-20")
    if result.exit_code == 2:
        assert "--to" in result.stderr
        return
    assert result.exit_code == 0
    due = dt.date.fromisoformat(clocks(show(liwan, ref))["reply"]["due"])
    assert Calendar().is_workday(due)


def test_unsatisfied_feedback_reopens_with_a_1_month_rehandle_clock(liwan):
    """Unsatisfied feedback (DOMAIN: 不满意 reopens, chosen): status 办理中, a 'rehandle' clock of 1 month from
    the feedback day, owned by the lead; a second round gets 'rehandle-2'."""
    ref = interim(liwan)
    liwan.run("item", "reply", ref, "--category", "B", "--text", "列入计划", "--date", "2026-04-01")
    item = liwan.json("item", "feedback", ref, "--rating", "unsatisfied", "--date", "2026-04-08")
    assert item["status"] == "handling"
    rehandle = clocks(item)["rehandle"]
    assert (rehandle["start"], rehandle["due"], rehandle["status"]) == ("2026-04-08", "2026-05-08", "open")
    assert rehandle["owner"] == dept_id(liwan, "立案庭")
    assert "重新办理" in rehandle["clause"]
    assert "办理中" in "\n".join(liwan.run("item", "show", ref).stdout.splitlines()[:2])
    item = liwan.json("item", "reply", ref, "--category", "A", "--text", "已解决", "--date", "2026-04-20")
    assert clocks(item)["rehandle"]["status"] == "met"
    item = liwan.json("item", "feedback", ref, "--rating", "unsatisfied", "--date", "2026-04-22")
    second = clocks(item)["rehandle-2"]
    assert (second["start"], second["due"], second["status"]) == ("2026-04-22", "2026-05-22", "open")
    assert item["status"] == "handling"


def test_two_consecutive_unsatisfied_ratings_escalate_to_the_lead_departments_leader(liwan):
    """escalate_after_unsatisfied = 2: after the second consecutive 不满意 one escalation notice (type
    escalation) goes to the lead department's leader in charge; the first sends none."""
    ref = interim(liwan)
    liwan.run("item", "reply", ref, "--category", "B", "--text", "一", "--date", "2026-04-01")
    liwan.run("item", "feedback", ref, "--rating", "unsatisfied", "--date", "2026-04-02")
    assert [n for n in mine(liwan.json("notices"), ref) if n["type"] == "escalation"] == []
    liwan.run("item", "reply", ref, "--category", "B", "--text", "二", "--date", "2026-04-10")
    liwan.run("item", "feedback", ref, "--rating", "unsatisfied", "--date", "2026-04-11")
    escalations = [n for n in mine(liwan.json("notices"), ref) if n["type"] == "escalation"]
    assert len(escalations) == 1
    assert escalations[0]["to"].startswith("王副院长") and "立案庭" in escalations[0]["to"]
    assert escalations[0]["date"] == "2026-04-11"



def test_a_basic_rating_breaks_the_unsatisfied_streak(liwan):
    """escalate_after_unsatisfied counts consecutive ratings: 不满意, 基本满意, 不满意 escalates nothing."""
    ref = interim(liwan)
    liwan.run("item", "reply", ref, "--category", "B", "--text", "一", "--date", "2026-04-01")
    liwan.run("item", "feedback", ref, "--rating", "unsatisfied", "--date", "2026-04-02")
    liwan.run("item", "reply", ref, "--category", "B", "--text", "二", "--date", "2026-04-10")
    liwan.run("item", "feedback", ref, "--rating", "basic", "--date", "2026-04-11")
    liwan.run("item", "feedback", ref, "--rating", "unsatisfied", "--date", "2026-04-12")
    assert [n for n in mine(liwan.json("notices"), ref) if n["type"] == "escalation"] == []


def test_county_court_5th_letter_has_no_escalation_on_unsatisfied(clerk):
    """County court 第五篇 (escalate_after_unsatisfied = 0, chosen): repeated 不满意 sends no escalation notice."""
    home = county(clerk)
    ref = register(home, "2026-03-02", kind="letter")
    home.run("item", "assign", ref, "--lead", "立案庭", "--date", "2026-03-02")
    for day in ("2026-03-03", "2026-03-05"):
        home.run("item", "reply", ref, "--category", "A", "--text", "报告", "--date", day)
        home.run("item", "feedback", ref, "--rating", "unsatisfied", "--date", day)
    assert [n for n in mine(home.json("notices"), ref) if n["type"] == "escalation"] == []


# --- 2. the whole lifecycle ---------------------------------------------------------------------------


def test_liwan_arts13_to_16_full_lifecycle_register_to_closed(liwan):
    """Liwan arts. 13–16: register → approve → assign → accept (签收) → contact → reply (with the approving
    leader) → feedback → close; every step leaves its event, and the clocks end met."""
    ref = register(liwan, "2026-03-02", "--channel", "interim")
    steps = [
        (("item", "approve", ref, "--date", "2026-03-02"), "approved"),
        (("item", "assign", ref, "--lead", "立案庭", "--date", "2026-03-03"), "assigned"),
        (("item", "accept", ref, "--date", "2026-03-04"), "handling"),
        (("item", "contact", ref, "--mode", "meet", "--note", "当面沟通", "--date", "2026-03-10"), "handling"),
        (("item", "reply", ref, "--category", "A", "--text", "已解决", "--approved-by", "王副院长",
          "--date", "2026-04-01"), "replied"),
        (("item", "feedback", ref, "--rating", "satisfied", "--date", "2026-04-05"), "replied"),
        (("item", "close", ref, "--date", "2026-04-06"), "closed"),
    ]
    for args, status in steps:
        assert liwan.json(*args)["status"] == status, args
    item = show(liwan, ref)
    assert [e["action"] for e in item["events"]] == [
        "register", "approve", "assign", "accept", "contact", "reply", "feedback", "close"]
    assert {c["name"]: c["status"] for c in item["clocks"]} == {"approval": "met", "handover": "met", "reply": "met"}
    assert item["reply"]["category"] == "A" and item["feedback"] == "satisfied"
    text = liwan.run("item", "show", ref).stdout
    assert "已办结" in text and "签收" in text and "当面沟通" in text


def test_liwan_art14_reply_records_the_approving_leader(liwan):
    """Liwan art. 14 (答复文稿报分管院领导审批): `reply --approved-by` is recorded in the reply event."""
    ref = interim(liwan)
    item = liwan.json("item", "reply", ref, "--category", "B", "--text", "列入计划", "--approved-by", "王副院长",
                      "--date", "2026-04-01")
    event = item["events"][-1]
    assert event["action"] == "reply"
    assert event["detail"]["approved_by"] == "王副院长"
    assert event["detail"]["category"] == "B" and event["detail"]["text"] == "列入计划"


def test_accept_moves_assigned_to_handling(liwan):
    """签收 (accept): 已交办 → 办理中; the reply clock keeps running for the lead department."""
    ref = interim(liwan)
    item = liwan.json("item", "accept", ref, "--date", "2026-03-04")
    assert item["status"] == "handling"
    assert clocks(item)["reply"]["status"] == "open"
    assert clocks(item)["reply"]["owner"] == dept_id(liwan, "立案庭")


def test_return_needs_a_reason_exit_2(liwan):
    """退回 (Shanghai / Chongqing hand-back rule): without --reason, or with a blank one, exit 2 naming --reason."""
    ref = interim(liwan)
    assert "--reason" in liwan.fails("item", "return", ref, "--date", "2026-03-04")
    before = liwan.data_bytes()
    assert "--reason" in liwan.fails("item", "return", ref, "--reason", "  ", "--date", "2026-03-04")
    assert liwan.data_bytes() == before


def test_return_moves_to_returned_and_clears_the_clock_owner(liwan):
    """退回: 已交办 → 已退回 with the reason recorded; the open reply clock no longer belongs to the department."""
    ref = interim(liwan)
    item = liwan.json("item", "return", ref, "--reason", "不属本庭职责", "--date", "2026-03-04")
    assert item["status"] == "returned"
    assert clocks(item)["reply"]["status"] == "open"
    assert clocks(item)["reply"]["owner"] is None
    assert item["events"][-1]["detail"]["reason"] == "不属本庭职责"
    assert "已退回" in liwan.run("item", "show", ref).stdout


def test_after_return_chases_go_to_the_liaison_office(liwan):
    """Liwan art. 20 with 退回: a returned item's overdue reply clock is chased at the liaison office (联络办),
    which must re-assign it, not at the department that sent it back."""
    ref = interim(liwan)
    liwan.run("item", "return", ref, "--reason", "不属本庭职责", "--date", "2026-03-04")
    sent = mine(unfold(liwan.json("tick", "--today", "2026-05-20")["notices"]), ref)
    assert [n["type"] for n in sent] == ["due", "chase", "chase"]
    assert all(n["to"] == "联络办" for n in sent), [n["to"] for n in sent]


def test_reassignment_after_return_follows_the_new_lead(liwan):
    """退回 then 重新交办 to 民一庭: 已交办 again; the reply clock (same start, same due) now belongs to 民一庭 and
    its chases go there."""
    ref = interim(liwan)
    liwan.run("item", "return", ref, "--reason", "不属本庭职责", "--date", "2026-03-04")
    item = liwan.json("item", "assign", ref, "--lead", "民一庭", "--date", "2026-03-05")
    assert item["status"] == "assigned" and item["lead"] == dept_id(liwan, "民一庭")
    reply = clocks(item)["reply"]
    assert reply["owner"] == dept_id(liwan, "民一庭")
    assert (reply["start"], reply["due"]) == ("2026-03-03", "2026-05-06")
    sent = mine(unfold(liwan.json("tick", "--today", "2026-05-08")["notices"]), ref)
    assert sent and all("民一庭" in n["to"] for n in sent)


@pytest.mark.parametrize("mode", ["meet", "phone", "visit", "letter"])
def test_contact_modes_are_recorded(liwan, mode):
    """联系代表 (SPC §3; 办前联系、办中沟通): each mode meet|phone|visit|letter is accepted and recorded."""
    ref = interim(liwan)
    item = liwan.json("item", "contact", ref, "--mode", mode, "--note", "沟通", "--date", "2026-03-05")
    assert item["events"][-1]["action"] == "contact"
    assert item["events"][-1]["detail"]["mode"] == mode
    assert item["status"] == "assigned"


def test_contact_with_an_unknown_mode_is_refused_naming_mode(liwan):
    """联系代表: `--mode fax` is refused, exit 2, one line naming --mode and the allowed modes."""
    ref = interim(liwan)
    line = liwan.fails("item", "contact", ref, "--mode", "fax", "--date", "2026-03-05")
    assert "--mode" in line and "meet" in line


def test_contact_after_the_reply_is_allowed(liwan):
    """办后回访 (procuratorate practice, seed 002): a contact after the reply is recorded; the item stays 已答复."""
    ref = interim(liwan)
    liwan.run("item", "reply", ref, "--category", "A", "--text", "已解决", "--date", "2026-04-01")
    assert liwan.json("item", "contact", ref, "--mode", "visit", "--date", "2026-04-03")["status"] == "replied"


@pytest.mark.parametrize("channel, extra", [
    ("interim", ("--channel", "interim")),
    ("session", ("--session", "1")),
])
def test_liwan_arts14_15_assign_before_approval_is_refused(liwan, channel, extra):
    """Liwan arts. 14, 15 (报请院长审批后交办): assigning a session or interim suggestion before approval is
    refused, exit 1, one line saying approval comes first; nothing is written."""
    ref = register(liwan, "2026-01-08" if channel == "session" else "2026-03-02", *extra)
    before = liwan.data_bytes()
    line = liwan.fails("item", "assign", ref, "--lead", "立案庭", "--date", "2026-03-03", code=1)
    assert "审批" in line and ref in line
    assert liwan.data_bytes() == before
    assert show(liwan, ref)["status"] == "registered"


@pytest.mark.parametrize("kind, channel", [("complaint", "interim"), ("suggestion", "spot")])
def test_liwan_arts16_17_complaints_and_spot_opinions_need_no_approval(liwan, kind, channel):
    """Liwan art. 16 (当场意见) and art. 17 (转交群众来信): assigned straight from 已登记."""
    ref = register(liwan, "2026-06-15", "--channel", channel, kind=kind)
    assert liwan.json("item", "assign", ref, "--lead", "民一庭", "--date", "2026-06-15")["status"] == "assigned"


# --- 3. invalid transitions ---------------------------------------------------------------------------


def _item_in(clerk, state: str) -> str:
    """An interim suggestion brought to `state` through the CLI."""
    ref = register(clerk, "2026-03-02", "--channel", "interim")
    path = {
        "registered": [],
        "approved": [("approve",)],
        "assigned": [("approve",), ("assign", "--lead", "立案庭")],
        "handling": [("approve",), ("assign", "--lead", "立案庭"), ("accept",)],
        "returned": [("approve",), ("assign", "--lead", "立案庭"), ("return", "--reason", "R")],
        "replied": [("approve",), ("assign", "--lead", "立案庭"), ("reply", "--category", "A", "--text", "x")],
        "closed": [("approve",), ("assign", "--lead", "立案庭"), ("reply", "--category", "A", "--text", "x"),
                   ("close",)],
    }[state]
    for action, *rest in path:
        clerk.run("item", action, ref, *rest, "--date", "2026-03-05")
    assert show(clerk, ref)["status"] == state
    return ref


ACTION_ARGS = {
    "approve": (),
    "assign": ("--lead", "民一庭"),
    "accept": (),
    "return": ("--reason", "R"),
    "contact": ("--mode", "phone"),
    "pause": ("--reason", "R"),
    "resume": (),
    "reply": ("--category", "A", "--text", "x"),
    "feedback": ("--rating", "satisfied"),
    "close": (),
}

INVALID = [(state, action) for state in STATES for action in ACTION_ARGS if action not in WORKFLOW.allowed(state)]


@pytest.mark.parametrize("state, action", INVALID, ids=[f"{a}-when-{s}" for s, a in INVALID])
def test_invalid_transitions_are_refused_naming_state_and_allowed_actions(liwan, state, action):
    """The workflow (Liwan arts. 13–20): an action the current state does not allow is refused, exit 1, with
    one line naming the state's label and every action allowed now; nothing is written."""
    ref = _item_in(liwan, state)
    before = liwan.data_bytes()
    line = liwan.fails("item", action, ref, *ACTION_ARGS[action], "--date", "2026-03-06", code=1)
    assert f"「{STATES[state]}」" in line, line
    assert ACTIONS[action] in line, line
    allowed = WORKFLOW.allowed(state)
    for name in allowed:
        assert ACTIONS[name] in line.split("当前可以")[-1], (name, line)
    if not allowed:
        assert "无" in line.split("当前可以")[-1]
    assert liwan.data_bytes() == before


def test_reply_on_a_registered_item_names_registered_and_approval(liwan):
    """Liwan arts. 14–15: replying to an item only registered is refused, naming 已登记 and 审批 (what comes next)."""
    ref = register(liwan, "2026-03-02", "--channel", "interim")
    line = liwan.fails("item", "reply", ref, "--category", "A", "--text", "x", "--date", "2026-03-02", code=1)
    assert "已登记" in line and "审批" in line and "答复" in line


def test_resume_when_nothing_is_paused_is_refused(liwan):
    """暂停计时/恢复计时: resume with no paused clock is refused, exit 1, one line."""
    ref = interim(liwan)
    line = liwan.fails("item", "resume", ref, "--date", "2026-03-05", code=1)
    assert "暂停" in line


def test_an_action_dated_before_the_previous_one_is_refused(liwan):
    """The trail is kept in time order (办理记录须按时间先后登记): an action dated before the last event, exit 2."""
    ref = interim(liwan)
    assert "--date" in liwan.fails("item", "accept", ref, "--date", "2026-03-02")


# --- 4. pause and resume; item explain ---------------------------------------------------------------


def test_liwan_art15_pause_and_resume_moves_the_reply_due_by_the_days_paused(liwan):
    """Liwan art. 15 with 暂停计时: paused 2026-03-10, resumed 2026-03-20 → the reply due moves by 10 days,
    the period's end 2026-05-03 + 10 days = 2026-05-13, a working day (what was left of the period when it
    stopped counts again from the resumption); pause needs --reason (exit 2)."""
    ref = interim(liwan)
    assert "--reason" in liwan.fails("item", "pause", ref, "--date", "2026-03-10")
    paused = liwan.json("item", "pause", ref, "--reason", "等待代表补充材料", "--date", "2026-03-10")
    assert clocks(paused)["reply"]["paused"] == "2026-03-10"
    assert clocks(paused)["reply"]["due"] == "2026-05-06"
    resumed = liwan.json("item", "resume", ref, "--date", "2026-03-20")
    reply = clocks(resumed)["reply"]
    assert reply["paused"] is None and reply["due"] == "2026-05-13"
    assert [e["action"] for e in resumed["events"]][-2:] == ["pause", "resume"]


def test_a_paused_clock_fires_nothing_at_tick(liwan):
    """暂停计时 (Liwan art. 20 chases only running clocks): paused from 2026-03-10, a tick on 2026-05-20 — past
    the original warnings, due day and chases — sends nothing for the item; after resuming, the clock is
    followed again from its new due day."""
    ref = interim(liwan)
    liwan.run("item", "pause", ref, "--reason", "等待代表补充材料", "--date", "2026-03-10")
    assert mine(liwan.json("tick", "--today", "2026-05-20")["notices"], ref) == []
    item = liwan.json("item", "resume", ref, "--date", "2026-05-20")
    assert clocks(item)["reply"]["due"] == "2026-07-13"  # the period's end 2026-05-03 + 71 days paused
    sent = mine(liwan.json("tick", "--today", "2026-07-13")["notices"], ref)
    assert [(n["type"], n["date"]) for n in sent] == [("due", "2026-07-13")]



def test_liwan_art15_resume_never_leaves_the_due_after_the_limit(liwan):
    """Liwan art. 15 (至迟四个月) with 暂停计时: after extending to the limit and pausing one day, the due day
    is still within the (shifted) limit, and the limit, like the due day, is a working day."""
    ref = interim(liwan)
    liwan.run("item", "extend", ref, "--to", "2026-07-03", "--reason", "案情复杂", "--date", "2026-03-04")
    liwan.run("item", "pause", ref, "--reason", "等待代表补充材料", "--date", "2026-03-10")
    reply = clocks(liwan.json("item", "resume", ref, "--date", "2026-03-11"))["reply"]
    assert reply["due"] <= reply["limit"], reply
    assert Calendar().is_workday(dt.date.fromisoformat(reply["limit"]))


def test_explain_shows_start_roll_pause_resume_and_extension_with_clauses(liwan):
    """`item explain` (Liwan art. 15): the reply clock's start, the roll-forward 05-03 → 05-06, the pause,
    the resume (due 05-13), the extension (to 07-13, within the limit shifted by the pause), and 第十五条."""
    ref = interim(liwan)
    liwan.run("item", "pause", ref, "--reason", "等待代表补充材料", "--date", "2026-03-10")
    liwan.run("item", "resume", ref, "--date", "2026-03-20")
    liwan.run("item", "extend", ref, "--to", "2026-07-13", "--reason", "案情复杂", "--date", "2026-03-21")
    text = liwan.run("item", "explain", ref).stdout
    reply = text[text.index("（reply）"):]
    lines = reply.splitlines()

    def line_with(*words):
        found = [ln for ln in lines if all(w in ln for w in words)]
        assert found, f"no line with {words} in:\n{reply}"
        return found[0]

    line_with("2026-03-03", "起算", "2 个月")
    line_with("顺延", "2026-05-03", "2026-05-06")
    line_with("2026-03-10", "暂停", "等待代表补充材料")
    line_with("2026-03-20", "恢复", "2026-05-06", "2026-05-13", "10")
    line_with("2026-03-21", "延期", "2026-05-13", "2026-07-13", "案情复杂")
    line_with("当前", "2026-07-13")
    assert "第十五条" in reply
    log = clocks(liwan.json("item", "explain", ref))["reply"]["log"]
    assert [e["what"] for e in log] == ["started", "rolled", "paused", "resumed", "extended"]


def test_explain_names_the_clause_of_each_clock(liwan):
    """`item explain` for a session suggestion names 第十四条 for both the lead and the co clock."""
    ref = register(liwan, "2026-01-08", "--session", "1")
    liwan.run("item", "approve", ref, "--date", "2026-01-08")
    liwan.run("item", "assign", ref, "--lead", "立案庭", "--co", "民一庭", "--date", "2026-01-08")
    text = liwan.run("item", "explain", ref).stdout
    assert text.count("第十四条") >= 2
    assert "2026-04-09" in text and "2026-02-09" in text


# --- 5. joint submissions -----------------------------------------------------------------------------


def test_joint_submission_records_feedback_per_deputy(liwan):
    """联名 (joint) submission: two --deputy; `feedback --deputy` for each is recorded with that deputy."""
    ref = register(liwan, "2026-03-02", "--channel", "interim", deputies=("1", "2"))
    assert show(liwan, ref)["deputies"] == [1, 2]
    liwan.run("item", "approve", ref, "--date", "2026-03-02")
    liwan.run("item", "assign", ref, "--lead", "立案庭", "--date", "2026-03-03")
    liwan.run("item", "reply", ref, "--category", "A", "--text", "已解决", "--date", "2026-04-01")
    liwan.run("item", "feedback", ref, "--rating", "satisfied", "--deputy", "1", "--date", "2026-04-02")
    item = liwan.json("item", "feedback", ref, "--rating", "basic", "--deputy", "2", "--date", "2026-04-03")
    feedback = [(e["detail"]["deputy"], e["detail"]["rating"]) for e in item["events"] if e["action"] == "feedback"]
    assert feedback == [(1, "satisfied"), (2, "basic")]
    assert item["status"] == "replied"
    liwan.run("item", "close", ref, "--date", "2026-04-04")


def test_feedback_from_a_deputy_not_on_the_item_is_refused_naming_deputy(liwan):
    """联名 submission: feedback --deputy of a deputy who did not raise the item (or who does not exist) is
    refused, exit 2, one line naming --deputy; nothing is written."""
    liwan.run("deputy", "add", "--name", "王代表", "--level", "district")
    ref = register(liwan, "2026-03-02", "--channel", "interim", deputies=("1", "2"))
    liwan.run("item", "approve", ref, "--date", "2026-03-02")
    liwan.run("item", "assign", ref, "--lead", "立案庭", "--date", "2026-03-03")
    liwan.run("item", "reply", ref, "--category", "A", "--text", "已解决", "--date", "2026-04-01")
    before = liwan.data_bytes()
    line = liwan.fails("item", "feedback", ref, "--rating", "satisfied", "--deputy", "3", "--date", "2026-04-02")
    assert "--deputy" in line and "王代表" in line
    assert "--deputy" in liwan.fails("item", "feedback", ref, "--rating", "satisfied", "--deputy", "99",
                                     "--date", "2026-04-02")
    assert liwan.data_bytes() == before


# --- 6. similar items handled as one class (类案办理) ----------------------------------------------------


def test_similar_items_follow_their_primary_and_count_as_their_own_items(liwan):
    """类案办理 (seed 002/004): items 2 and 3 linked to item 1 follow its approval, assignment, reply and
    closing — each with its own events marked 'via' the primary, its own clocks met, and its own row in
    `item list --json`."""
    first = register(liwan, "2026-03-02", "--channel", "interim", title="关于诉讼服务的建议一")
    second = register(liwan, "2026-03-02", "--channel", "interim", title="关于诉讼服务的建议二")
    third = register(liwan, "2026-03-02", "--channel", "interim", title="关于诉讼服务的建议三")
    for member in (second, third):
        item = liwan.json("item", "link", member, "--to", first, "--date", "2026-03-02")
        assert item["primary"] == int(first)
        assert item["events"][-1]["action"] == "link" and item["events"][-1]["detail"]["to"] == int(first)
    liwan.run("item", "approve", first, "--date", "2026-03-02")
    liwan.run("item", "assign", first, "--lead", "立案庭", "--date", "2026-03-03")
    for member in (second, third):
        item = show(liwan, member)
        assert item["status"] == "assigned" and item["lead"] == dept_id(liwan, "立案庭")
        assert clocks(item)["reply"]["due"] == "2026-05-06"
    liwan.run("item", "reply", first, "--category", "A", "--text", "已解决", "--approved-by", "王副院长",
              "--date", "2026-04-01")
    liwan.run("item", "close", first, "--date", "2026-04-02")
    rows = {str(i["id"]): i for i in liwan.json("item", "list")}
    assert {first, second, third} <= set(rows)
    for member in (second, third):
        item = rows[member]
        assert item["status"] == "closed"
        assert item["primary"] == int(first)
        actions = [(e["action"], e["detail"].get("via")) for e in item["events"]]
        assert actions == [("register", None), ("link", None), ("approve", int(first)), ("assign", int(first)),
                           ("reply", int(first)), ("close", int(first))]
        assert {c["name"]: c["status"] for c in item["clocks"]} == {"approval": "met", "handover": "met", "reply": "met"}
        assert item["reply"]["category"] == "A"
    assert rows[first]["primary"] is None
    assert [e["detail"].get("via") for e in rows[first]["events"]] == [None] * 5
    assert len(liwan.json("item", "list", "--status", "closed")) >= 3


def test_similar_items_each_keep_their_own_clock_outcome(liwan):
    """类案办理: a member's clock is judged on its own dates — a late cascaded reply misses each reply clock."""
    first = register(liwan, "2026-03-02", "--channel", "interim")
    second = register(liwan, "2026-03-02", "--channel", "interim")
    liwan.run("item", "link", second, "--to", first, "--date", "2026-03-02")
    liwan.run("item", "approve", first, "--date", "2026-03-02")
    liwan.run("item", "assign", first, "--lead", "立案庭", "--date", "2026-03-05")
    liwan.run("item", "reply", first, "--category", "B", "--text", "列入计划", "--date", "2026-05-07")
    for ref in (first, second):
        found = {c["name"]: c["status"] for c in show(liwan, ref)["clocks"]}
        assert found == {"approval": "met", "handover": "missed", "reply": "missed"}, (ref, found)


def test_linking_to_itself_or_to_a_member_is_refused(liwan):
    """类案办理: an item cannot be its own primary, nor be linked to a member of a class, nor (being a
    primary) be linked under another item — each exit 2 with one line; nothing is written."""
    first = register(liwan, "2026-03-02", "--channel", "interim")
    second = register(liwan, "2026-03-02", "--channel", "interim")
    third = register(liwan, "2026-03-02", "--channel", "interim")
    liwan.run("item", "link", second, "--to", first, "--date", "2026-03-02")
    before = liwan.data_bytes()
    assert "--to" in liwan.fails("item", "link", first, "--to", first, "--date", "2026-03-02")
    assert "--to" in liwan.fails("item", "link", third, "--to", second, "--date", "2026-03-02")
    liwan.fails("item", "link", first, "--to", third, "--date", "2026-03-02")
    assert liwan.data_bytes() == before


def test_linking_an_item_already_assigned_is_refused(liwan):
    """类案办理 is decided before hand-over: linking an item already 已交办 is refused, exit 1."""
    first = register(liwan, "2026-03-02", "--channel", "interim")
    second = interim(liwan)
    line = liwan.fails("item", "link", second, "--to", first, "--date", "2026-03-04", code=1)
    assert "已交办" in line


def test_a_member_linked_after_the_primary_was_approved_does_not_block_it(liwan):
    """类案办理: either linking an unapproved item to an approved primary is refused, or the primary can
    still be handed over (the member follows or is left for the clerk)."""
    first = register(liwan, "2026-03-02", "--channel", "interim")
    second = register(liwan, "2026-03-02", "--channel", "interim")
    liwan.run("item", "approve", first, "--date", "2026-03-02")
    if invoke(liwan, "item", "link", second, "--to", first, "--date", "2026-03-03").exit_code != 0:
        return
    result = invoke(liwan, "item", "assign", first, "--lead", "立案庭", "--date", "2026-03-04")
    assert result.exit_code == 0, result.stderr


def test_a_cascade_refused_by_a_members_date_names_the_member(liwan):
    """类案办理: approving the primary on a day before a member's link is either done or refused with a line
    naming the member item whose record is later."""
    first = register(liwan, "2026-03-02", "--channel", "interim")
    second = register(liwan, "2026-03-02", "--channel", "interim")
    liwan.run("item", "link", second, "--to", first, "--date", "2026-03-06")
    result = invoke(liwan, "item", "approve", first, "--date", "2026-03-04")
    if result.exit_code != 0:
        assert f"事项 {second}" in result.stderr or f"第 {second} 号" in result.stderr, result.stderr


# --- 7. every kind -----------------------------------------------------------------------------------

KINDS = [
    ("suggestion", True, {"approval", "handover", "reply"}),
    ("motion", True, {"approval", "handover", "reply"}),
    ("proposal", True, {"approval", "handover", "reply"}),
    ("letter", True, {"approval", "handover", "reply"}),
    ("visit", True, {"approval", "handover", "reply"}),
    ("complaint", False, {"complaint"}),
]


@pytest.mark.parametrize("kind, needs_approval, expected", KINDS, ids=[k[0] for k in KINDS])
def test_every_kind_registers_flows_to_closed_and_lists_with_its_clocks(liwan, kind, needs_approval, expected):
    """Liwan arts. 13–17: each kind (建议, 议案, 提案, 来信, 来访, 转交群众来信) registers, is handled to 已办结, and
    shows in `item list --json` with its rule's clocks, all met (complaints: art. 17's clock, no approval)."""
    ref = register(liwan, "2026-03-02", "--channel", "interim", kind=kind)
    if needs_approval:
        liwan.fails("item", "assign", ref, "--lead", "立案庭", "--date", "2026-03-02", code=1)
        liwan.run("item", "approve", ref, "--date", "2026-03-02")
    liwan.run("item", "assign", ref, "--lead", "立案庭", "--date", "2026-03-03")
    liwan.run("item", "accept", ref, "--date", "2026-03-03")
    liwan.run("item", "contact", ref, "--mode", "phone", "--date", "2026-03-10")
    liwan.run("item", "reply", ref, "--category", "A", "--text", "已办理", "--date", "2026-03-20")
    liwan.run("item", "feedback", ref, "--rating", "satisfied", "--date", "2026-03-21")
    liwan.run("item", "close", ref, "--date", "2026-03-22")
    row = next(i for i in liwan.json("item", "list") if str(i["id"]) == ref)
    assert row["kind"] == kind and row["status"] == "closed"
    assert {c["name"]: c["status"] for c in row["clocks"]} == {name: "met" for name in expected}
    reply_clock = clocks(row)["complaint" if kind == "complaint" else "reply"]
    assert reply_clock["start"] == "2026-03-03"
    assert reply_clock["due"] == ("2026-04-03" if kind == "complaint" else "2026-05-06")
    assert ref in [str(i["id"]) for i in liwan.json("item", "list", "--status", "closed")]


# --- 8. re-dating when the holiday data change --------------------------------------------------------
#
# Assigned 2026-03-26 (Thursday): the reply clock lands on Tuesday 2026-05-26, an ordinary working day, far
# from any 2026 holiday. A local holidays.toml for 2026 replaces chinesecalendar for that year, so it names
# only that day: every other day of the count is an ordinary weekday or weekend either way.


def _holidays(clerk, text):
    (clerk.home / "holidays.toml").write_text(text, encoding="utf-8")


def test_a_new_holiday_on_the_due_day_re_dates_the_clock_at_the_next_tick(liwan):
    """民诉法第八十五条 (DOMAIN counting): when the holiday data make the due day 2026-05-26 a rest day, the next
    tick moves the reply clock to 2026-05-27, lists it under `redated`, and records a 'redate' event."""
    ref = interim(liwan, approve="2026-03-25", assign="2026-03-26")
    assert clocks(show(liwan, ref))["reply"]["due"] == "2026-05-26"
    first = liwan.json("tick", "--today", "2026-03-27")
    assert [r for r in first["redated"] if r["item"] == int(ref)] == []
    _holidays(liwan, '[2026]\nholidays = ["2026-05-26"]\n')
    second = liwan.json("tick", "--today", "2026-03-28")
    moved = [r for r in second["redated"] if r["item"] == int(ref)]
    assert len(moved) == 1 and moved[0]["clocks"] == {"reply": "2026-05-27"}
    item = show(liwan, ref)
    reply = clocks(item)["reply"]
    assert reply["due"] == "2026-05-27" and reply["status"] == "open"
    assert clocks(item)["handover"]["due"] == "2026-03-27"  # stopped clocks stay as they were
    events = [e for e in item["events"] if e["action"] == "redate"]
    assert len(events) == 1 and events[0]["at"] == "2026-03-28"
    assert events[0]["detail"]["clocks"] == {"reply": "2026-05-27"}
    assert any("2026-05-26" in ln and "2026-05-27" in ln for ln in liwan.run("item", "explain", ref).stdout.splitlines())
    assert [r for r in liwan.json("tick", "--today", "2026-03-29")["redated"] if r["item"] == int(ref)] == []


def test_a_re_dated_clock_is_followed_on_its_new_due_day(liwan):
    """After re-dating (new round), the tick sends the due notice on 2026-05-27, not on the new holiday."""
    ref = interim(liwan, approve="2026-03-25", assign="2026-03-26")
    liwan.json("tick", "--today", "2026-03-27")
    _holidays(liwan, '[2026]\nholidays = ["2026-05-26"]\n')
    liwan.json("tick", "--today", "2026-03-28")
    assert [n["type"] for n in mine(liwan.json("tick", "--today", "2026-05-26")["notices"], ref)
            if n["type"] == "due"] == []
    due = [n for n in mine(liwan.json("tick", "--today", "2026-05-27")["notices"], ref) if n["type"] == "due"]
    assert [n["date"] for n in due] == ["2026-05-27"]


def test_an_extended_clock_is_not_re_dated(liwan):
    """Liwan art. 15 extension: a due day set by hand (extended to 2026-06-02) stays as set when the holiday
    data change; only computed clocks are counted again."""
    counted = interim(liwan, approve="2026-03-25", assign="2026-03-26")
    extended = interim(liwan, approve="2026-03-25", assign="2026-03-26")
    liwan.run("item", "extend", extended, "--to", "2026-06-02", "--reason", "案情复杂", "--date", "2026-03-26")
    liwan.json("tick", "--today", "2026-03-27")
    _holidays(liwan, '[2026]\nholidays = ["2026-05-26"]\n')
    result = liwan.json("tick", "--today", "2026-03-28")
    assert [r["item"] for r in result["redated"] if r["item"] in (int(counted), int(extended))] == [int(counted)]
    item = show(liwan, extended)
    assert clocks(item)["reply"]["due"] == "2026-06-02"
    assert [e for e in item["events"] if e["action"] == "redate"] == []


def test_a_holiday_change_for_another_year_leaves_a_resumed_clock_alone(liwan):
    """Pause/resume (Liwan art. 15) then new holiday data for 2027 only: the 2026 reply due (2026-05-13)
    does not move, and the tick re-dates nothing of this item."""
    ref = interim(liwan)
    liwan.run("item", "pause", ref, "--reason", "等待代表补充材料", "--date", "2026-03-10")
    liwan.run("item", "resume", ref, "--date", "2026-03-20")
    liwan.json("tick", "--today", "2026-03-21")
    _holidays(liwan, '[2027]\nholidays = ["2027-01-01"]\n')
    result = liwan.json("tick", "--today", "2026-03-22")
    assert [r for r in result["redated"] if r["item"] == int(ref)] == []
    assert clocks(show(liwan, ref))["reply"]["due"] == "2026-05-13"


def test_a_holiday_change_for_another_year_leaves_computed_clocks_alone(liwan):
    """New holiday data for 2027 only: the tick notices the change but a 2026 clock counted from its start
    (2026-05-06, rolled past May Day) stays where it is."""
    ref = interim(liwan)
    liwan.json("tick", "--today", "2026-03-04")
    _holidays(liwan, '[2027]\nholidays = ["2027-01-01"]\n')
    result = liwan.json("tick", "--today", "2026-03-05")
    assert [r for r in result["redated"] if r["item"] == int(ref)] == []
    assert clocks(show(liwan, ref))["reply"]["due"] == "2026-05-06"


def test_a_home_whose_links_predate_the_links_table_still_cascades_and_gets_the_table(liwan):
    """Links recorded only on the items (as earlier versions kept them) are found by one scan, made into the
    `links` table by the next writer, and followed by the cascade as before."""
    from lianluo.kernel import links
    from lianluo.kernel.store.factory import open_store

    first = register(liwan, "2026-03-02", "--channel", "interim")
    second = register(liwan, "2026-03-02", "--channel", "interim")
    with open_store(liwan.home).reader() as tx:  # a new home starts with the (empty) table
        assert tx.meta.get(links.BUILT) is True
    with open_store(liwan.home).transaction() as tx:  # what an earlier version left: the link on the item only
        tx.put("items", {**tx.get("items", int(second)), "primary": int(first)})
        tx.set_meta(**{links.BUILT: None})
        assert tx.get(links.TABLE, int(first)) is None
    liwan.run("item", "approve", first, "--date", "2026-03-02")
    assert show(liwan, second)["status"] == "approved"
    with open_store(liwan.home).reader() as tx:
        assert tx.meta.get(links.BUILT) and tx.get(links.TABLE, int(first))["members"] == [int(second)]
    assert "--to" in liwan.fails("item", "link", first, "--to", second, "--date", "2026-03-02")
