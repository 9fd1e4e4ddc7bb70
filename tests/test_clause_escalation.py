"""Issue 18 point 10 (Liwan art. 20 and each profile's `[reminders]` chain): every escalation notice is sent
to the person its text names, and the chain it walks is the profile's — tried end to end on each built-in
profile, for a matter a department holds, a matter nobody has been given yet, and a case of concern."""

from __future__ import annotations

import re

import pytest

from fixtures import Clerk, unfold
from lianluo.plugins.profiles import HERE

PROFILES = sorted(p.stem for p in HERE.glob("*.toml"))
WITH_CASES = [p for p in PROFILES if '"cases"' in (HERE / f"{p}.toml").read_text(encoding="utf-8")]

NAMED = re.compile(r"依规通报(.+?)，请予督办")


def _home(clerk: Clerk, profile: str) -> dict:
    clerk.run("init", "--profile", profile, "--head", "周院长")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    return {p["key"]: p["value"] for p in clerk.json("profile", "show", profile)["parameters"]}


def _escalations(clerk: Clerk, item: int) -> list[dict]:
    return [n for n in unfold(clerk.json("notices")) if n["item"] == item and n["type"] == "escalation"]


def _agrees(notice: dict) -> str:
    """The role the text names, checked to be part of the recipient."""
    found = NAMED.search(notice["text"])
    assert found, notice["text"]
    assert found.group(1) and found.group(1) in notice["to"], (notice["to"], notice["text"])
    return found.group(1)


@pytest.mark.parametrize("profile", PROFILES)
def test_art20_escalation_text_recipient_and_profile_chain_agree(clerk, profile):
    params = _home(clerk, profile)
    chain = params["reminders.escalation"]
    office = params["organisation.liaison_office"]
    held = clerk.json("item", "register", "--kind", "suggestion", "--title", "交办的建议", "--deputy", "1",
                      "--channel", "interim", "--date", "2026-03-02")["id"]
    clerk.run("item", "approve", str(held), "--date", "2026-03-02")
    clerk.run("item", "assign", str(held), "--lead", "立案庭", "--date", "2026-03-03")
    waiting = clerk.json("item", "register", "--kind", "letter", "--title", "未经审批的来信", "--deputy", "1",
                         "--channel", "interim", "--date", "2026-03-02")["id"]
    clerk.run("tick", "--today", "2027-12-31")
    sent = _escalations(clerk, held)
    assert sent, f"{profile}: a matter overdue for months was never escalated"
    for notice in sent:
        _agrees(notice)
        step = chain[notice["level"] - 1]
        assert notice["to"].startswith({"department.leader": "王副院长", "organisation.head": "周院长"}[step])
    office_leader = "王副院长" if office.startswith("立案庭") else "周院长"
    for notice in _escalations(clerk, waiting):
        _agrees(notice)
        step = chain[notice["level"] - 1]
        assert notice["to"].startswith({"department.leader": office_leader, "organisation.head": "周院长"}[step])
        assert "负责人" not in notice["to"]


@pytest.mark.parametrize("profile", WITH_CASES)
def test_art20_case_chain_is_the_three_level_responsibility(clerk, profile):
    """Cases of concern walk `[reminders.kinds.case]`: the text names the chief, then the vice-president."""
    params = _home(clerk, profile)
    clerk.run("dept", "add", "民一庭", "--head", "赵庭长", "--leader", "钱副院长")
    case = clerk.json("case", "register", "--kind", "case", "--title", "借款纠纷", "--case-number", "（2026）民初1号",
                      "--deputy", "1", "--division", "民一庭", "--panel", "孙法官", "--chief", "赵庭长",
                      "--vp", "钱副院长", "--date", "2026-03-02")
    clerk.run("tick", "--today", "2026-12-31")
    roles = params["reminders.kinds.case.roles"] if "reminders.kinds.case.roles" in params else []
    named = [_agrees(n) for n in _escalations(clerk, case["id"])]
    assert named == roles


@pytest.mark.parametrize("profile", ["liwan-court", "spc-court", "liaoning-procuratorate"])
def test_art14_15_approval_has_its_own_clock_chased_and_overdue(clerk, profile):
    """Arts. 14/15 put the leader's approval on the path: a visit registered 03-03 and never approved is due
    for approval on the profile's (chosen) day, chased, escalated, and listed by `item list --overdue`;
    approving stops the clock."""
    _home(clerk, profile)
    item = clerk.json("item", "register", "--kind", "visit", "--title", "来访反映执行难", "--deputy", "1",
                      "--channel", "interim", "--date", "2026-03-03")
    approval = {c["name"]: c for c in item["clocks"]}["approval"]
    assert approval["due"] == "2026-03-06"  # three working days, chosen
    explained = clerk.run("item", "explain", str(item["id"])).stdout
    assert "选定" in explained
    clerk.run("tick", "--today", "2026-12-31")
    sent = [n for n in unfold(clerk.json("notices")) if n["item"] == item["id"]]
    assert [n["type"] for n in sent][:3] == ["due", "chase", "chase"] and "审批期限" in sent[0]["text"]
    assert any(n["type"] == "escalation" for n in sent)
    assert [i["id"] for i in clerk.json("item", "list", "--overdue")] == [item["id"]]
    approved = clerk.json("item", "approve", str(item["id"]), "--date", "2026-12-31")
    assert {c["name"]: c["status"] for c in approved["clocks"]}["approval"] == "missed"
    assert clerk.json("item", "list", "--overdue") == []
