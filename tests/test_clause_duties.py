"""Issue 18, "duties in the texts with no job yet": each driven through the CLI, the clause in its name."""

from __future__ import annotations

import json

from fixtures import Clerk


def _report(clerk: Clerk, period: str) -> dict:
    return json.loads(clerk.run("report", "--period", period, "--format", "json").stdout)


def test_liwan_art8_4_urgent_matter_reported_to_leaders_the_same_day_and_on_its_own_line(liwan):
    """`item register --urgent`: the head is told the day it is registered; the two-monthly report (its
    ledger section) names urgent matters on a separate line; an ordinary matter sends no such notice."""
    urgent = liwan.json("item", "register", "--kind", "letter", "--title", "群体性纠纷苗头", "--deputy", "1",
                        "--channel", "interim", "--date", "2026-03-02", "--urgent")
    liwan.json("item", "register", "--kind", "letter", "--title", "一般来信", "--deputy", "1", "--channel", "interim",
               "--date", "2026-03-03")
    sent = [n for n in liwan.json("notices") if n["type"] == "urgent"]
    assert [(n["item"], n["to"], n["date"]) for n in sent] == [(urgent["id"], "周院长（院长）", "2026-03-02")]
    assert "群体性纠纷苗头" in sent[0]["text"] and "第八条（四）" in sent[0]["text"]
    ledger = next(s for s in _report(liwan, "2026-B2")["sections"] if s["key"] == "suggestions.ledger")
    line = next(t for t in ledger["text"] if t.startswith("其中紧急事项"))
    assert "1 件" in line and "群体性纠纷苗头" in line and "一般来信" not in line


def test_liwan_art8_9_invitations_matched_to_the_deputys_sector(liwan):
    """`activity invite --sector 律师界`: only deputies of that sector (界别) are proposed; an unknown sector is
    refused naming --sector, with the roster's sectors."""
    liwan.run("deputy", "add", "--name", "周律师", "--level", "district", "--sector", "律师界")
    liwan.run("deputy", "add", "--name", "吴老师", "--level", "district", "--sector", "教育界")
    liwan.run("deputy", "add", "--name", "郑律师", "--level", "municipal", "--sector", "律师界")
    proposed = liwan.json("activity", "invite", "--count", "2", "--sector", "律师界")
    assert sorted(d["name"] for d in proposed["deputies"]) == ["周律师", "郑律师"]
    assert {d["sector"] for d in proposed["deputies"]} == {"律师界"} and proposed["eligible"] == 2
    line = liwan.fails("activity", "invite", "--count", "1", "--sector", "医药界")
    assert "--sector" in line and "律师界" in line and "教育界" in line


def test_liwan_art9_2_panel_deliberation_and_judicial_committee_need_the_leaders_consent_first(liwan):
    """旁听合议庭评议 and 列席审委会 are activity kinds; each is refused (exit 1, nothing written) until the leader
    in charge who agreed is named with --approved-by; then it is recorded and shows who agreed."""
    for kind, label in (("panel", "旁听合议庭评议"), ("committee", "列席审判委员会会议")):
        args = ("activity", "add", "--kind", kind, "--date", "2026-05-20", "--title", label, "--deputy", "1",
                "--notified", "2026-05-01")
        before = liwan.data_bytes()
        line = liwan.fails(*args, code=1)
        assert label in line and "分管院领导同意" in line and "--approved-by" in line and "第九条（二）" in line
        assert liwan.data_bytes() == before
        made = liwan.json(*args, "--approved-by", "钱副院长")
        assert made["kind"] == kind and made["approved_by"] == "钱副院长"
        assert "同意安排的领导：钱副院长" in liwan.run("activity", "show", str(made["id"])).stdout


def test_liwan_art9_1_monthly_opinion_collection_task_per_liaison_officer_per_street_group(liwan):
    """Each month (profile days, chosen) every liaison officer gets one task per street group of their deputies,
    due by the month's last working day, and is told; a second tick makes none twice; completing stops it.
    The roster check through the groups runs on its own (chosen) days the same way."""
    liwan.run("deputy", "add", "--name", "甲代表", "--level", "district", "--group", "沙面街联组", "--liaison", "黄联络员")
    liwan.run("deputy", "add", "--name", "乙代表", "--level", "district", "--group", "沙面街联组", "--liaison", "黄联络员")
    liwan.run("deputy", "add", "--name", "丙代表", "--level", "district", "--group", "多宝街联组", "--liaison", "黄联络员")
    liwan.run("deputy", "add", "--name", "丁代表", "--level", "district", "--group", "多宝街联组", "--liaison", "蓝联络员")
    liwan.run("tick", "--today", "2026-02-28")
    assert "activities.group-opinions" not in [j["name"] for j in liwan.json("tick", "--today", "2026-03-01")["jobs"]]
    ran = liwan.json("tick", "--today", "2026-03-02")  # 03-01 is a Sunday: the job runs the next working day
    assert ("activities.group-opinions", "2026-03-02") in [(j["name"], j["date"]) for j in ran["jobs"]]
    tasks = [t for t in liwan.json("task", "list") if t["kind"] == "group-opinions"]
    assert sorted((t["extra"]["assignee"], t["extra"]["group"]) for t in tasks) == [
        ("蓝联络员", "多宝街联组"), ("黄联络员", "多宝街联组"), ("黄联络员", "沙面街联组")]
    assert {t["clocks"][0]["due"] for t in tasks} == {"2026-03-31"}
    told = sorted(n["to"] for n in ran["notices"] if n["text"].startswith("【联络任务】向"))
    assert told == ["蓝联络员", "黄联络员", "黄联络员"]
    liwan.run("tick", "--today", "2026-03-03")
    assert len([t for t in liwan.json("task", "list") if t["kind"] == "group-opinions"]) == 3
    liwan.run("task", "complete", str(tasks[0]["id"]), "--date", "2026-03-20")
    assert liwan.json("task", "show", str(tasks[0]["id"]))["clocks"][0]["status"] == "met"
    liwan.run("tick", "--today", "2026-07-06")  # 07-05 is a Sunday: the roster check runs on Monday
    checks = [t for t in liwan.json("task", "list") if t["kind"] == "roster-check"]
    assert checks and all("核实人大代表名册" in t["title"] for t in checks)
    shown = liwan.run("profile", "show", "liwan-court").stdout
    assert "activities.opinion_days" in shown and "第九条（一）" in shown


def test_liwan_art8_10_and_spc_6_liaison_data_sent_up_to_the_upper_courts_liaison_office_each_quarter(liwan):
    """On the profile's days the tick builds the quarter's liaison data (matters, cases, activities — not
    scoring) as its own workbook and tells the upper court's liaison office where it is."""
    import re
    from pathlib import Path

    import openpyxl

    liwan.json("item", "register", "--kind", "letter", "--title", "来信", "--deputy", "1", "--channel", "interim",
               "--date", "2026-02-02")
    liwan.run("tick", "--today", "2026-04-09")
    ran = liwan.json("tick", "--today", "2026-04-10")
    assert "reports.upward" in [j["name"] for j in ran["jobs"]]
    sent = [n for n in ran["notices"] if "联络工作数据上报" in n["text"]]
    assert [n["to"] for n in sent] == ["市法院联络办"]
    path = Path(re.search(r"已生成：(\S+\.xlsx)", sent[0]["text"]).group(1))
    book = openpyxl.load_workbook(path)
    first = book.worksheets[0]
    assert first["A1"].value == "示例区人民法院联络工作数据上报（2026 年第 1 季度）"
    sections = {row[0] for row in first.iter_rows(min_row=3, values_only=True) if row and row[0]}
    assert "代表建议、来信来访办理台账" in sections and "联络活动与覆盖情况" in sections
    assert not any("考核" in str(s) for s in sections)
