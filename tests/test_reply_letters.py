"""Reply letters (issue 7): `lianluo item letter` fills a Word template — the packaged one, the court's own in
the data home, or `--template` — one letter per deputy, only for a replied item. Reports carry the scoring
plugin's assessment section. Files are opened with python-docx; no full phone number appears in any of them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest

from fixtures import Clerk

from lianluo.kernel.render.letter import PACKAGED

PHONE = "13812345678"
TITLE = "关于诉讼服务中心延时服务的建议"
REPLY = "已将诉讼服务中心服务时间延长至 18 时"


def text_of(path: Path) -> str:
    """Every paragraph and table cell of a Word file, in order."""
    doc = docx.Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def file_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def register(clerk: Clerk, title: str, lead: str, day: str, *deputies: str) -> str:
    args = [a for d in deputies for a in ("--deputy", d)]
    ref = str(clerk.json("item", "register", "--kind", "suggestion", "--title", title, *args,
                         "--channel", "interim", "--date", day)["id"])
    clerk.run("item", "approve", ref, "--date", day)
    clerk.run("item", "assign", ref, "--lead", lead, "--date", day)
    return ref


@pytest.fixture
def replied(liwan: Clerk) -> Clerk:
    """Item 1 from 陈代表 replied A by 立案庭; item 2 joint (陈代表, 林委员) replied B; item 3 unreplied."""
    register(liwan, TITLE, "立案庭", "2026-02-02", "1")
    register(liwan, "关于物业纠纷调解的建议", "民一庭", "2026-02-03", "1", "2")
    register(liwan, "关于执行款发放的建议", "立案庭", "2026-02-04", "1")
    liwan.run("item", "reply", "1", "--category", "A", "--text", REPLY, "--date", "2026-02-10")
    liwan.run("item", "reply", "2", "--category", "B", "--text", f"已列入计划，联系电话 {PHONE}", "--date", "2026-02-11")
    return liwan


def letters(clerk: Clerk, *args: str) -> list[Path]:
    return [Path(line) for line in clerk.run("item", "letter", *args).stdout.splitlines()]


def test_letter_for_a_replied_suggestion_has_the_deputy_title_and_reply(replied, tmp_path):
    before = replied.data_bytes()
    out = tmp_path / "letter.docx"
    assert letters(replied, "1", "--out", str(out)) == [out]
    text = text_of(out)
    assert "陈代表代表：" in text and f"《{TITLE}》" in text and REPLY in text
    assert "A 类（已解决）" in text and "立案庭" in text and "示例区人民法院" in text
    assert "2026年2月10日" in text and "第 1 号" in text
    assert "{{" not in file_text(out)
    assert replied.data_bytes() == before  # a letter is not a change to the record


def test_joint_item_gets_one_letter_per_deputy_in_reports(replied):
    paths = letters(replied, "2")
    assert len(paths) == 2 and all(p.parent == replied.home / "reports" and p.exists() for p in paths)
    assert "陈代表" in paths[0].name and "林委员" in paths[1].name
    assert "陈代表代表：" in text_of(paths[0]) and "林委员委员：" in text_of(paths[1])
    for path in paths:
        assert "B 类（正在解决或列入计划）" in text_of(path)
        assert PHONE not in file_text(path) and "138****5678" in text_of(path)
    again = letters(replied, "2")
    assert set(again).isdisjoint(paths)  # never overwrite a letter already written


def test_deputy_picks_one_and_out_is_a_folder_for_several(replied, tmp_path):
    (one,) = letters(replied, "2", "--deputy", "2", "--out", str(tmp_path / "lin.docx"))
    assert "林委员" in text_of(one) and "陈代表" not in text_of(one)
    folder = tmp_path / "letters"
    assert sorted(p.name for p in letters(replied, "2", "--out", str(folder))) == \
        sorted(["答复函-2-陈代表.docx", "答复函-2-林委员.docx"])
    assert "--deputy" in replied.fails("item", "letter", "1", "--deputy", "2")


def test_court_template_in_the_home_is_used_and_template_overrides(replied, tmp_path):
    own = docx.Document()
    own.add_paragraph("本院专用答复函")
    cell = own.add_table(rows=1, cols=2).rows[0].cells
    cell[0].text = "致"
    run = cell[1].paragraphs[0].add_run("{{代")
    run.bold = True
    cell[1].paragraphs[0].add_run("表}}")  # a placeholder split over two runs
    own.add_paragraph("{{答复内容}}")
    (replied.home / "templates").mkdir()
    own.save(str(replied.home / "templates" / "reply_letter.docx"))
    (path,) = letters(replied, "1")
    filled = docx.Document(str(path))
    assert filled.paragraphs[0].text == "本院专用答复函" and filled.paragraphs[1].text == REPLY
    runs = filled.tables[0].rows[0].cells[1].paragraphs[0].runs
    assert "".join(r.text for r in runs) == "陈代表" and runs[0].bold
    (packaged,) = letters(replied, "1", "--template", str(PACKAGED), "--out", str(tmp_path / "p.docx"))
    assert "答复函" in text_of(packaged) and "本院专用" not in text_of(packaged)


def test_bad_templates_are_refused_naming_the_option(replied, tmp_path):
    assert replied.fails("item", "letter", "1", "--template", str(tmp_path / "none.docx")).startswith("错误：--template")
    odd = docx.Document()
    odd.add_paragraph("{{电话}}")
    odd.save(str(tmp_path / "odd.docx"))
    line = replied.fails("item", "letter", "1", "--template", str(tmp_path / "odd.docx"))
    assert "--template" in line and "{{电话}}" in line


def test_unreplied_item_is_refused_with_its_state(replied):
    line = replied.fails("item", "letter", "3", code=1)
    assert "第 3 号" in line and "尚未答复" in line and "已交办" in line
    assert not (replied.home / "reports").exists()


def test_report_has_the_assessment_section_with_the_organisation_figures(replied, tmp_path):
    """Three items, two replied within days: completion and reply 2/3 (66.7%); both deputies raised item 2, so
    coverage is 2/2 — under Liwan's minimum of three, shown as 样本不足; no feedback, so no satisfaction rate."""
    doc = json.loads(replied.run("report", "--period", "2026", "--today", "2026-12-31", "--format", "json").stdout)
    sec = next(s for s in doc["sections"] if s["key"] == "scoring")
    assert sec["plugin"] == "scoring" and sec["title"] == "考核情况（荔湾区法院）"
    rows = {r[0]: r[1:] for r in sec["tables"][0]["rows"]}
    assert rows["办结率"] == [2, 3, "66.7%"] and rows["答复率"] == [2, 3, "66.7%"]
    assert rows["代表覆盖率"] == [2, 2, "样本不足"] and rows["满意率"] == [0, 0, "—"]
    assert sec["figures"]["completion"]["value"] == "2/3（66.7%）"
    ranking = sec["tables"][1]
    assert ranking["headers"][:3] == ["排名", "部门", "事项数"]
    assert [r[1:3] for r in ranking["rows"]] == [["立案庭", 2], ["民一庭", 1]]
    assert all(r[0] == "—" for r in ranking["rows"])  # two items or fewer: not ranked under Liwan's rules
    path = tmp_path / "r.docx"
    replied.run("report", "--period", "2026", "--today", "2026-12-31", "--out", str(path))
    text = text_of(path)
    assert "考核情况（荔湾区法院）" in text and "全院考核指标" in text and "部门排名" in text and "66.7%" in text
    assert PHONE not in file_text(path)


def test_no_assessment_section_when_the_profile_names_no_rule_set(clerk):
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    profile = clerk.home / "profile.toml"
    if not profile.exists():
        pytest.skip("the profile lives outside the home")
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("[scoring]\nrules =", "[scoring]\nunused ="), encoding="utf-8")
    doc = json.loads(clerk.run("report", "--period", "2026", "--format", "json").stdout)
    assert all(not s["key"].startswith("scoring") for s in doc["sections"])
