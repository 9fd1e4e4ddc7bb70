"""Issue 18, activities (Liwan arts. 8(9), 9(2)): what `activity add` accepts and how a late record counts,
driven through the CLI on the liwan-court profile."""

from __future__ import annotations

import json

from conftest import Clerk


def register_case(clerk: Clerk) -> dict:
    return clerk.json("case", "register", "--kind", "case", "--title", "借款纠纷", "--case-number", "（2026）粤0103民初9号",
                      "--deputy", "1", "--division", "民一庭", "--panel", "孙法官", "--chief", "赵庭长",
                      "--vp", "钱副院长", "--date", "2026-03-02")


def test_art9_2_activity_case_must_be_a_case_of_concern(liwan):
    """`--case N` naming a suggestion is refused (exit 2, naming --case), nothing written; a case is accepted."""
    item = liwan.json("item", "register", "--kind", "suggestion", "--title", "建议", "--deputy", "1",
                      "--channel", "spot", "--date", "2026-03-02")
    before = liwan.data_bytes()
    line = liwan.fails("activity", "add", "--kind", "hearing", "--date", "2026-04-20", "--title", "旁听",
                       "--case", str(item["id"]), "--notified", "2026-04-01")
    assert "--case" in line and "不是代表关注案件" in line
    assert liwan.data_bytes() == before
    case = register_case(liwan)
    added = liwan.json("activity", "add", "--kind", "hearing", "--date", "2026-04-20", "--title", "旁听",
                       "--case", str(case["id"]), "--notified", "2026-04-01")
    assert added["case"] == case["id"]


def test_art9_2_late_hearing_refused_unless_recorded_late_with_a_reason(liwan):
    """Under `late_hearing = "refuse"` a hearing told to the office 2 days ahead is refused; with
    `--late-reason` it is recorded, counts as held, and the report lists it as told late, with the reason."""
    args = ("activity", "add", "--kind", "hearing", "--date", "2026-04-20", "--title", "旁听庭审", "--deputy", "1",
            "--notified", "2026-04-18")
    line = liwan.fails(*args)
    assert "--notified" in line and "--late-reason" in line
    added = liwan.json(*args, "--late-reason", "庭审临时提前，当日电话告知联络办")
    assert added["late"] is True and added["late_reason"] == "庭审临时提前，当日电话告知联络办"
    liwan.run("activity", "attend", str(added["id"]), "--deputy", "1", "--date", "2026-04-20")
    shown = liwan.run("activity", "show", str(added["id"])).stdout
    assert "逾期告知（庭审临时提前，当日电话告知联络办）" in shown
    report = json.loads(liwan.run("report", "--period", "2026-04", "--format", "json").stdout)
    section = next(s for s in report["sections"] if s["key"] == "activities")
    assert section["figures"]["held"]["value"] == 1 and section["figures"]["late"]["value"] == 1
    table = section["tables"][0]
    row = dict(zip(table["headers"], table["rows"][0]))
    assert row["告知联络办"] == "逾期告知（庭审临时提前，当日电话告知联络办）"
