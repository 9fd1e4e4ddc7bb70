"""Issue 18 point 11 (Liwan art. 8(5)): every half year the liaison office sums up the deputies' letters and
visits — each one and how it was handled — in a report of its own, sent to the leader in charge, the district
NPC and the city court's liaison office (the recipients the profile names)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx

from conftest import Clerk


def _matter(clerk: Clerk, kind: str, title: str, day: str) -> int:
    return clerk.json("item", "register", "--kind", kind, "--title", title, "--deputy", "1", "--channel", "interim",
                      "--date", day)["id"]


def test_art8_5_half_year_letters_and_visits_summary_is_its_own_report_to_the_profiles_recipients(liwan):
    letter = _matter(liwan, "letter", "来信反映执行款未到位", "2026-03-02")
    liwan.run("item", "approve", str(letter), "--date", "2026-03-02")
    liwan.run("item", "assign", str(letter), "--lead", "立案庭", "--date", "2026-03-03")
    liwan.run("item", "reply", str(letter), "--category", "A", "--text", "执行款已发放", "--date", "2026-04-01")
    liwan.run("item", "feedback", str(letter), "--rating", "satisfied", "--date", "2026-04-05")
    visit = _matter(liwan, "visit", "来访反映立案难", "2026-05-11")
    _matter(liwan, "suggestion", "建议增设诉讼服务点", "2026-05-12")  # a suggestion is not a letter or visit
    _matter(liwan, "letter", "下半年的来信", "2026-07-02")
    liwan.run("tick", "--today", "2026-07-09")
    sent = [n for n in liwan.json("tick", "--today", "2026-07-10")["notices"] if n["type"] == "job"
            and "代表来信来访办理情况总结" in n["text"]]
    assert sorted(n["to"] for n in sent) == sorted(["主管院领导", "区人大", "市法院联络办"])
    path = Path(re.search(r"已生成：(\S+\.docx)", sent[0]["text"]).group(1))
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "代表来信来访办理情况总结（2026 年上半年）" in text and "联络工作报告" not in text
    assert "人大代表来信来访办理情况" in text and "联络活动" not in text and "考核" not in text
    assert "来信反映执行款未到位" in cells and "来访反映立案难" in cells
    assert "建议增设诉讼服务点" not in cells and "下半年的来信" not in cells
    assert any("执行款已发放" in c and "满意" in c for c in cells)
    assert "在办，已逾期" in cells  # the visit was never approved: its approval clock ran out
    assert str(visit) in cells


def test_art8_5_the_full_report_is_unchanged(liwan):
    """The summary is made only on request: `lianluo report` keeps its sections."""
    _matter(liwan, "letter", "来信", "2026-03-02")
    keys = [s["key"] for s in json.loads(
        liwan.run("report", "--period", "2026-H1", "--format", "json").stdout)["sections"]]
    assert "suggestions.letters" not in keys and "suggestions.ledger" in keys
