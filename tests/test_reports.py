"""Reports (issue 7): `on_report` sections from every enabled plugin, assembled by the kernel and rendered as
Markdown, JSON, XLSX and DOCX; the files are opened with openpyxl / python-docx and checked against the ledger.
Phone numbers stay masked unless `--unmasked`, which leaves a record in the `audit` table."""

from __future__ import annotations

import json
import zipfile

import docx
import openpyxl
import pytest

from fixtures import Clerk

from lianluo.kernel.hooks import hookimpl
from lianluo.kernel.report import Section

PHONE = "13812345678"
LEDGER = ["编号", "类型", "标题", "代表", "主办", "状态", "到期日", "是否按期"]


def build(clerk: Clerk) -> Clerk:
    """Three matters (two in Q1, one replied on time), one case in Q1, one visit attended by 林委员."""
    for day, lead, kind, title in (("2026-02-02", "立案庭", "suggestion", "关于诉讼服务中心延时服务的建议"),
                                   ("2026-03-02", "民一庭", "letter", "关于物业纠纷调解的来信"),
                                   ("2026-05-11", "立案庭", "suggestion", "关于执行款发放的建议")):
        ref = str(clerk.json("item", "register", "--kind", kind, "--title", title, "--deputy", "1",
                             "--channel", "interim", "--date", day)["id"])
        clerk.run("item", "approve", ref, "--date", day)
        clerk.run("item", "assign", ref, "--lead", lead, "--date", day)
    clerk.run("item", "reply", "1", "--category", "A", "--text", "已延时至 18 时", "--date", "2026-02-20")
    clerk.json("case", "register", "--kind", "case", "--title", "张某诉李某借款纠纷", "--case-number", "（2026）粤0103民初1号",
               "--deputy", "1", "--division", "民一庭", "--panel", "孙法官", "--chief", "赵庭长", "--vp", "钱副院长",
               "--date", "2026-03-10")
    visit = clerk.json("activity", "add", "--kind", "visit", "--date", "2026-02-15", "--title", "走访林委员",
                       "--deputy", "2")
    clerk.run("activity", "attend", str(visit["id"]), "--deputy", "2", "--date", "2026-02-15")
    return clerk


@pytest.fixture
def court(liwan: Clerk) -> Clerk:
    return build(liwan)


def report(clerk: Clerk, period: str, *args: str):
    return clerk.run("report", "--period", period, "--today", "2026-12-31", *args)


def as_json(clerk: Clerk, period: str, *args: str) -> dict:
    return json.loads(report(clerk, period, "--format", "json", *args).stdout)


def section(doc: dict, key: str) -> dict:
    return next(s for s in doc["sections"] if s["key"] == key)


def figures(sec: dict) -> dict:
    return {k: f["value"] for k, f in sec["figures"].items()}


def file_text(path) -> str:
    """Every XML part of an XLSX or DOCX, so a phone number hidden anywhere in the file is found."""
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def test_json_report_has_every_plugins_section_in_order_with_the_ledger(court):
    """A year's report: the 台账 rows are the matters registered, with lead, status, due date and 按期."""
    doc = as_json(court, "2026")
    assert [s["key"] for s in doc["sections"]] == ["suggestions.ledger", "suggestions.overdue", "cases", "activities",
                                                    "session", "scoring"]
    assert doc["period"] == {"name": "2026", "label": "2026 年", "start": "2026-01-01", "end": "2026-12-31"}
    ledger = section(doc, "suggestions.ledger")
    table = ledger["tables"][0]
    assert table["headers"] == LEDGER
    rows = {r[0]: r for r in table["rows"]}
    assert sorted(rows) == [1, 2, 3]
    assert rows[1][1:6] == ["建议、批评和意见", "关于诉讼服务中心延时服务的建议", "陈代表", "立案庭", "已答复"]
    assert rows[1][7] == "是" and rows[2][7] == "否" and rows[2][4] == "民一庭"
    assert figures(ledger) == {"registered": 3, "open": 3, "overdue": 2, "replied": 1, "on_time": 1}
    overdue = section(doc, "suggestions.overdue")["tables"][0]["rows"]
    assert sorted({r[0] for r in overdue}) == [2, 3]
    assert figures(section(doc, "cases"))["registered"] == 1
    assert figures(section(doc, "activities"))["activities"] == 1
    assert doc["failures"] == []


def test_quarter_report_counts_only_the_quarter(court):
    """2026-Q1 holds matters 1 and 2, the case and the visit; matter 3 (May) is left out."""
    doc = as_json(court, "2026-Q1")
    assert doc["period"]["label"] == "2026 年第 1 季度"
    assert [r[0] for r in section(doc, "suggestions.ledger")["tables"][0]["rows"]] == [1, 2]
    assert figures(section(doc, "suggestions.ledger"))["registered"] == 2
    assert section(doc, "cases")["tables"][0]["rows"][0][2] == "（2026）粤0103民初1号"
    assert figures(section(doc, "session"))["session1.matters"] == 0
    q2 = as_json(court, "2026-Q2")
    assert figures(section(q2, "cases"))["registered"] == 0
    assert section(q2, "session")["text"] == ["本期间没有召开人大会议。"]


def test_markdown_is_the_default_and_masks_the_phone(court):
    """Without --format the report is Markdown on stdout; the coverage gap shows 陈代表's number masked."""
    out = report(court, "2026").stdout
    assert out.startswith("# 示例区人民法院联络工作报告（2026 年）")  # the --org of the test homes (LIANLUO_ORG)
    assert "## 代表建议、来信来访办理台账" in out and "| 1 | 建议、批评和意见 |" in out
    assert "138****5678" in out and PHONE not in out


@pytest.mark.parametrize("period", ["2026", "2026-Q1"])
def test_xlsx_has_a_sheet_per_table_and_the_figures(court, tmp_path, period):
    """Chinese headers, bold and frozen; the ledger rows and the 统计 sheet match the JSON report."""
    path = tmp_path / f"r-{period}.xlsx"
    assert report(court, period, "--out", str(path)).stdout.strip() == str(path)
    doc = as_json(court, period)
    wb = openpyxl.load_workbook(path)
    assert {"统计", "办理台账", "逾期清单", "关注案件", "联络活动", "覆盖缺口", "会议统计"} <= set(wb.sheetnames)
    ws = wb["办理台账"]
    assert [c.value for c in ws[1]] == LEDGER and all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width
    expected = [[str(v) if not isinstance(v, int) else v for v in r]
                for r in section(doc, "suggestions.ledger")["tables"][0]["rows"]]
    got = [[("" if v == "—" else v) for v in row] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert [r[:6] for r in got] == [r[:6] for r in expected]
    stats = {(r[0], r[1]): r[2] for r in wb["统计"].iter_rows(min_row=4, values_only=True)}
    ledger = section(doc, "suggestions.ledger")
    assert stats[(ledger["title"], "登记")] == ledger["figures"]["registered"]["value"]
    assert stats[("代表关注案件和督办案件", "登记案件")] == 1
    assert PHONE not in file_text(path) and "138****5678" in file_text(path)


@pytest.mark.parametrize("period", ["2026", "2026-Q1"])
def test_docx_has_headings_tables_and_figures(court, tmp_path, period):
    """The title, a heading per section in order, numbered 一、二、… as official documents number them, the
    ledger table and the figures table."""
    path = tmp_path / f"r-{period}.docx"
    report(court, period, "--format", "docx", "--out", str(path))
    doc = as_json(court, period)
    word = docx.Document(str(path))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith(("Heading 1", "Title"))]
    assert headings[0] == doc["title"]
    assert headings[1:3] == [f"一、{doc['sections'][0]['title']}", f"二、{doc['sections'][1]['title']}"]
    assert [h.split("、", 1)[1] for h in headings[1:]] == [s["title"] for s in doc["sections"]]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]
    ledger = next(t for t in tables if t[0] == LEDGER)
    assert [r[0] for r in ledger[1:]] == [str(r[0]) for r in section(doc, "suggestions.ledger")["tables"][0]["rows"]]
    figures_table = next(t for t in tables if t[0] == ["指标", "数值"])
    assert ["登记", str(figures(section(doc, "suggestions.ledger"))["registered"])] in figures_table
    assert PHONE not in file_text(path)


def test_file_formats_without_out_go_to_the_reports_folder(court):
    """XLSX and DOCX without --out get a dated name in the home's reports/ folder; none is overwritten."""
    printed = report(court, "2026-Q1", "--format", "xlsx").stdout.strip()
    assert printed.endswith("reports/报告-2026-Q1-2026-12-31.xlsx")
    again = report(court, "2026-Q1", "--format", "xlsx").stdout.strip()
    assert again != printed and again.endswith("-2.xlsx")
    openpyxl.load_workbook(again)


def test_unmasked_shows_the_phone_and_leaves_an_audit_record(court, tmp_path):
    """The default leaves no trace; `--unmasked` shows the number and records who, when and what."""
    report(court, "2026")
    assert "audit" not in json.loads(court.data_bytes())
    out = report(court, "2026", "--unmasked").stdout
    assert PHONE in out
    path = tmp_path / "u.xlsx"
    report(court, "2026", "--unmasked", "--out", str(path))
    assert PHONE in file_text(path)
    audit = list(json.loads(court.data_bytes())["audit"].values())
    assert [(a["who"], a["what"], a["format"]) for a in audit] == [("测试书记员", "report --unmasked", "md"),
                                                                    ("测试书记员", "report --unmasked", "xlsx")]
    assert all(a["when"] for a in audit)


class Broken:
    """A third-party section that fails."""

    @hookimpl
    def on_report(self, period, ctx):
        raise RuntimeError("统计口径未配置")


class Leaky:
    """A careless plugin that puts a deputy's full phone number into its text."""

    @hookimpl
    def on_report(self, period, ctx):
        return [Section("leaky", "走访记录", 5, text=(f"已电话联系陈代表（{PHONE}）。",))]


def test_a_failing_plugin_is_named_and_the_rest_of_the_report_goes_on(court):
    """The broken plugin's note stands where its section would be; the kernel masks what a plugin let through."""
    court.plugins = {"broken": Broken(), "leaky": Leaky()}
    result = report(court, "2026", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["failures"] == [{"plugin": "broken", "error": "RuntimeError: 统计口径未配置"}]
    failed = doc["sections"][-1]
    assert failed["key"] == "failed.broken" and "插件 broken" in failed["text"][0]
    assert {"suggestions.ledger", "cases", "activities", "session"} <= {s["key"] for s in doc["sections"]}
    assert "broken" in result.stderr
    assert section(doc, "leaky")["text"] == ["已电话联系陈代表（138****5678）。"]


def test_bad_period_and_out_folder_are_one_line_errors(court, tmp_path):
    """Bad input is one line naming the option, exit 2."""
    assert "--period" in court.fails("report", "--period", "2026-Q5")
    assert "--out" in court.fails("report", "--period", "2026", "--out", str(tmp_path / "nope" / "r.docx"))


def test_a_congress_session_is_a_report_and_scoring_period(court):
    """`--period session:1` (or the session's name) holds the matters raised at that session, and those raised
    at no session from its opening until the next session opens; the session section shows only it."""
    court.run("session", "add", "--name", "区人大六次会议", "--opens", "2027-01-05", "--closes", "2027-01-08")
    raised = court.json("item", "register", "--kind", "suggestion", "--title", "关于巡回审判点的建议", "--deputy", "1",
                        "--session", "1", "--date", "2026-01-08")["id"]
    late = court.json("item", "register", "--kind", "letter", "--title", "关于次年诉讼费的来信", "--deputy", "1",
                      "--channel", "interim", "--date", "2027-01-10", "--force")["id"]
    by_id = as_json(court, "session:1")
    by_name = as_json(court, "区人大五次会议")
    assert by_id["sections"] == by_name["sections"]
    assert by_id["period"] == {"name": "session-1", "label": "区人大五次会议", "start": "2026-01-06", "end": "2027-01-04"}
    ledger_ids = {row[0] for row in section(by_id, "suggestions.ledger")["tables"][0]["rows"]}
    assert ledger_ids == {1, 2, 3, raised} and late not in ledger_ids
    sessions = [row[0] for row in section(by_id, "session")["tables"][0]["rows"]]
    assert sessions == ["区人大五次会议"]
    assert [row[0] for row in section(as_json(court, "session:2"), "suggestions.ledger")["tables"][0]["rows"]] == [late]
    score = court.json("score", "--period", "session:1", "--today", "2026-12-31")
    assert score["period"]["label"] == "区人大五次会议"
    year = court.json("score", "--period", "2026", "--today", "2026-12-31")
    assert score["rules"][0]["organisation_items"] == year["rules"][0]["organisation_items"]  # all of 2026 is session 1's
    assert court.json("score", "--period", "session:2", "--today", "2027-12-31")["rules"][0]["organisation_items"] == 1
    assert "没有编号为 9 的会议" in court.fails("report", "--period", "session:9")
    assert "--period" in court.fails("report", "--period", "区人大九次会议")


def test_charts_carry_the_ledgers_figures_into_json_xlsx_and_docx(court, tmp_path):
    """The suggestions section's chart counts the ledger by kind; Excel gets its data and a native bar chart,
    Word a drawn picture with a numbered caption."""
    doc = as_json(court, "2026")
    ledger = section(doc, "suggestions.ledger")
    chart = ledger["charts"][0]
    rows = ledger["tables"][0]["rows"]
    assert chart["categories"] == ["建议、批评和意见", "代表来信"]
    by_kind = {name: dict(zip(chart["categories"], s["values"])) for s in chart["series"] for name in [s["name"]]}
    assert by_kind["登记"] == {label: sum(1 for r in rows if r[1] == label) for label in chart["categories"]}
    assert sum(by_kind["按期答复"].values()) == ledger["figures"]["on_time"]["value"] == 1
    assert sum(by_kind["已答复"].values()) == ledger["figures"]["replied"]["value"]
    assert sum(by_kind["逾期在办"].values()) == ledger["figures"]["overdue"]["value"]

    xlsx = tmp_path / "r.xlsx"
    report(court, "2026", "--out", str(xlsx))
    ws = openpyxl.load_workbook(xlsx)["图-各类事项办理情况"]
    values = list(ws.iter_rows(values_only=True))
    assert values[0] == ("项目", "登记", "已答复", "按期答复", "逾期在办")
    assert [r[0] for r in values[1:]] == chart["categories"]
    assert [r[1] for r in values[1:]] == [by_kind["登记"][c] for c in chart["categories"]]
    with zipfile.ZipFile(xlsx) as z:  # a real Excel chart, drawn from the sheet's cells
        drawn = z.read("xl/charts/chart1.xml").decode()
    assert "<barChart>" in drawn and "'图-各类事项办理情况'!$B$2:$B$3" in drawn

    path = tmp_path / "r.docx"
    report(court, "2026", "--format", "docx", "--out", str(path))
    word = docx.Document(str(path))
    charts = [c for s in doc["sections"] for c in s["charts"]]
    drawn = [c for c in charts if any(v for s in c["series"] for v in s["values"])]
    assert len(word.inline_shapes) == len(drawn) == 1
    captions = [p.text for p in word.paragraphs if p.text.startswith("图 ")]
    assert captions[0] == "图 1  各类事项办理情况（单位：件）"
    assert len(captions) == len(charts)


def test_a_chart_without_a_chinese_font_is_keyed_by_numbers(court, tmp_path, monkeypatch):
    """On a machine with no CJK font the picture shows numbers, and the caption (set by Word) says what they are."""
    from lianluo.kernel.render import chart

    monkeypatch.setattr(chart, "cjk_font", lambda: None)
    path = tmp_path / "r.docx"
    report(court, "2026", "--format", "docx", "--out", str(path))
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "图中编号：1＝建议、批评和意见；2＝代表来信；S1＝登记；S2＝已答复；S3＝按期答复；S4＝逾期在办" in texts


def test_markdown_shows_a_charts_data_as_a_table(court):
    out = report(court, "2026").stdout
    assert "**各类事项办理情况**" in out and "| 项目 | 登记 | 已答复 | 按期答复 | 逾期在办 |" in out


def test_an_empty_chart_says_so_and_the_coverage_gaps_are_printed_once(court, tmp_path):
    """The department-rate chart over too few matters has nothing to draw: Word says 本期无数据 where the picture
    would be and Excel keeps its (empty) data without a chart; each coverage gap is one row of its table, not
    also a numbered line of the text (issue 19, point 12)."""
    doc = as_json(court, "2026")
    empty = next(c for s in doc["sections"] for c in s["charts"] if c["title"] == "各部门按期办结率和满意率")
    assert not any(v for s in empty["series"] for v in s["values"])
    path = tmp_path / "r.docx"
    report(court, "2026", "--format", "docx", "--out", str(path))
    word = docx.Document(str(path))
    texts = [p.text for p in word.paragraphs]
    assert texts[texts.index("图 2  各部门按期办结率和满意率（单位：%）") - 1] == "本期无数据"
    assert len(word.inline_shapes) == 1  # the ledger's chart only
    xlsx = tmp_path / "r.xlsx"
    report(court, "2026", "--out", str(xlsx))
    sheet = openpyxl.load_workbook(xlsx)["图-各部门按期办结率和满意率"]
    assert "本期无数据" in [c.value for row in sheet.iter_rows() for c in row]
    with zipfile.ZipFile(xlsx) as z:
        assert [n for n in z.namelist() if n.startswith("xl/charts/chart")] == ["xl/charts/chart1.xml"]

    activities = section(doc, "activities")
    gaps = next(t for t in activities["tables"] if t["title"] == "覆盖缺口")["rows"]
    assert gaps and activities["text"] == [f"2026 年度联络活动覆盖情况（截至 2026-12-31）：未达标目标 {len(gaps)} 项，"
                                           "见“覆盖缺口”表。"]
    markdown = report(court, "2026").stdout
    assert all(markdown.count(gap[1]) == 1 for gap in gaps)


def test_a_rate_reads_as_its_fraction_and_percentage_rounded_half_up():
    """`Rate` is what a plugin puts in a figure or cell: text as before, the counts kept for spreadsheets."""
    from lianluo.kernel import Rate

    assert [str(Rate(1, 16)), str(Rate(2, 3)), str(Rate(0, 0))] == ["1/16（6.3%）", "2/3（66.7%）", "—"]
    assert [str(Rate(1, 2, "样本不足")), str(Rate(3, 4, counts=False))] == ["1/2（样本不足）", "75.0%"]
    assert (Rate(3, 4).value, Rate(1, 2, "样本不足").value, Rate(0, 0).value) == (0.75, None, None)
