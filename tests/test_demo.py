"""`lianluo demo`: a fictional court's year in one command — its files open, its summary agrees with the
report, the scoring and the notices it wrote, the same seed gives the same data, and it never writes into
a home that holds something."""

from __future__ import annotations

import hashlib
import json

import docx
from docx.oxml.ns import qn
import openpyxl
import pytest
from click.testing import CliRunner

from lianluo.kernel.cli.main import cli

from fixtures import Clerk

YEAR_END = ("--today", "2026-12-31")


@pytest.fixture(scope="module")
def liwan_year(tmp_path_factory):
    """The default demo (Liwan profile, seed 1) run once for the module, with its JSON summary."""
    clerk = Clerk(tmp_path_factory.mktemp("demo") / "home")
    return clerk, clerk.json("demo")


def _strip(doc):
    """A record without the wall-clock stamps of when it was written (they differ between runs)."""
    if isinstance(doc, dict):
        return {k: _strip(v) for k, v in doc.items() if k != "recorded"}
    if isinstance(doc, list):
        return [_strip(v) for v in doc]
    return doc


def fingerprint(clerk: Clerk) -> str:
    listings = [_strip(clerk.json(*args)) for args in (("item", "list"), ("task", "list"), ("deputy", "list"),
                                                       ("dept", "list"), ("notices",),
                                                       ("activity", "list"))]
    return hashlib.sha256(json.dumps(listings, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def test_every_file_the_demo_names_exists_and_opens(liwan_year):
    clerk, summary = liwan_year
    book = openpyxl.load_workbook(summary["xlsx"])
    assert len(book.sheetnames) >= 2
    text = "\n".join(p.text for p in docx.Document(summary["docx"]).paragraphs)
    assert "示例区人民法院" in text and "2026" in text
    assert summary["reports"], "the profile's scheduled reports were written during the year"
    for path in summary["reports"]:
        if path.endswith(".docx"):
            docx.Document(path)
        elif path.endswith(".xlsx"):
            openpyxl.load_workbook(path)
    assert any("月度通报-2026-11" in p for p in summary["reports"])  # the tick ran through December


def test_summary_agrees_with_report_score_and_notices(liwan_year):
    clerk, summary = liwan_year
    built = json.loads(clerk.run("report", "--period", "2026", "--format", "json", *YEAR_END).stdout)
    sections = {s["key"]: s for s in built["sections"]}
    ledger = sections["suggestions.ledger"]
    figures = {k: f["value"] for k, f in ledger["figures"].items()}
    assert summary["refused"] == []  # every step of the year went through the profile's rules
    assert summary["matters"] == figures["registered"] > 100
    assert summary["replied"] == figures["replied"] and summary["on_time"] == figures["on_time"]
    assert summary["open"] == figures["open"] and summary["overdue"] == figures["overdue"]
    assert summary["late"] == sum(1 for row in ledger["tables"][0]["rows"] if row[-1] == "否") > 0
    assert summary["cases"] == sections["cases"]["figures"]["registered"]["value"] > 0
    score = clerk.json("score", "--period", "2026", *YEAR_END)["rules"][0]
    satisfaction = score["organisation"]["satisfaction"]
    assert summary["satisfaction"] == {k: satisfaction[k] for k in ("numerator", "denominator", "rate")}
    best = min((d for d in score["departments"] if d["rank"] is not None), key=lambda d: d["rank"])
    assert summary["best_department"] == best["name"]
    sent = clerk.json("notices")
    assert summary["notices"] == len(sent)
    escalated = {n["item"] for n in sent if n["type"] == "escalation" and n["item"]}
    assert summary["escalated"] == len(escalated) > 0


def test_the_year_has_realistic_handling(liwan_year):
    clerk, _ = liwan_year
    items = clerk.json("item", "list")
    kinds = {i["kind"] for i in items}
    assert {"suggestion", "letter", "visit", "complaint", "case", "supervision"} <= kinds
    assert any(i["session"] for i in items), "suggestions were raised at the January session"
    ratings = [e["detail"].get("rating") for i in items for e in i["events"] if e["action"] == "feedback"]
    assert "unsatisfied" in ratings and "satisfied" in ratings  # some re-handled after an unsatisfied reply
    assert any(e["action"] == "extend" for i in items for e in i["events"])
    assert sum(i["status"] == "closed" for i in items) > len(items) * 0.7
    assert len(clerk.json("deputy", "list")) == 60
    assert clerk.json("activity", "list")


def test_the_demo_makes_one_web_account_per_role_that_logs_in_at_once(liwan_year):
    """The summary names four accounts with their passwords (once); each logs in to the web desk of the demo
    home and sees its own role's pages."""
    from fixtures import web_login
    from lianluo.kernel import Root
    from lianluo.plugins.web import create_app

    clerk, summary = liwan_year
    accounts = {u["role"]: u for u in summary["users"]}
    assert set(accounts) == {"clerk", "department", "leader", "admin"}
    assert len({u["password"] for u in accounts.values()}) == 4 and all(len(u["password"]) >= 12 for u in accounts.values())
    from lianluo.plugins.demo.summary import lines  # what the command prints from the same document

    printed = "\n".join(lines(summary))
    assert "网页端：lianluo serve --home" in printed and "密码 " in printed and "clerk  联络办" in printed
    app = create_app(Root(clerk.home, "web", {}), testing=True)
    expected = {"clerk": ("/deputies", 200), "department": ("/deputies", 403), "leader": ("/reports", 200),
                "admin": ("/users", 200)}
    for role, account in accounts.items():
        client = app.test_client()
        assert web_login(client, account["name"], account["password"]).status_code == 303
        path, status = expected[role]
        assert client.get(path).status_code == status
    assert web_login(app.test_client(), "clerk", "not-the-password").status_code == 401
    listed = {u["name"]: u for u in clerk.json("user", "list")}
    assert listed["dept"]["dept"] is not None


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    runs = {}
    for name, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        clerk = Clerk(tmp_path / name)
        clerk.run("demo", "--profile", "spc-court", "--seed", seed)
        runs[name] = fingerprint(clerk)
    assert runs["a"] == runs["b"]
    assert runs["a"] != runs["c"]


@pytest.mark.parametrize("profile", ["chongqing-congress", "spc-court", "liaoning-procuratorate", "county-court",
                                     "npc-law"])
def test_other_profiles_skip_what_they_do_not_enable(tmp_path, profile):
    clerk = Clerk(tmp_path / "home")
    summary = clerk.json("demo", "--profile", profile)
    assert summary["profile"] == profile and summary["matters"] > 100 and summary["refused"] == []
    enabled = clerk.json("plugins")
    on = {p["name"] for p in enabled if p["enabled"]}
    assert (summary["cases"] > 0) == ("cases" in on)
    assert (summary["satisfaction"] is not None) == ("scoring" in on)
    docx.Document(summary["docx"])
    openpyxl.load_workbook(summary["xlsx"])
    if profile == "liaoning-procuratorate":
        assert summary["organisation"] == "示例区人民检察院"


def test_refuses_a_home_that_holds_something(clerk):
    clerk.home.mkdir()
    (clerk.home / "notes.txt").write_text("keep me", encoding="utf-8")
    line = clerk.fails("demo", "--profile", "npc-law")
    assert "--home" in line and str(clerk.home) in line
    assert [p.name for p in clerk.home.iterdir()] == ["notes.txt"]


def test_refuses_an_initialised_home(liwan):
    before = liwan.data_bytes()
    liwan.fails("demo")
    assert liwan.data_bytes() == before


def test_unknown_profile_is_bad_input_and_writes_nothing(clerk):
    line = clerk.fails("demo", "--profile", "no-such-court")
    assert "--profile" in line
    assert not clerk.home.exists()


def test_default_home_is_a_new_folder_here_never_lianluo_home(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo", "--profile", "npc-law", "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "lianluo-demo-2026" / "lianluo.json").exists()
    assert not (tmp_path / "default-home").exists()  # LIANLUO_HOME, set by the autouse fixture
    assert f"数据目录：{tmp_path / 'lianluo-demo-2026'}" in result.stdout
    assert "登记建议、来信来访等事项" in result.stdout and "答复期限：按期" in result.stdout


def test_an_organisations_own_profile_file_works_and_its_offices_get_the_complaints(tmp_path):
    """`--profile FILE.toml`: a copy of the Liwan profile naming a complaints office; the demo creates that
    department and hands every forwarded complaint to it, as the profile's rule demands."""
    from lianluo.kernel.cli.setup_cmds import builtin_profiles

    text = builtin_profiles()["liwan-court"].read_text(encoding="utf-8")
    text = text.replace('complaint_offices = { value = []', 'complaint_offices = { value = ["信访办"]')
    own = tmp_path / "本院.toml"
    own.write_text(text, encoding="utf-8")
    clerk = Clerk(tmp_path / "home")
    summary = clerk.json("demo", "--profile", str(own))
    assert summary["refused"] == []
    office = next(d for d in clerk.json("dept", "list") if d["name"] == "信访办")
    complaints = [i for i in clerk.json("item", "list") if i["kind"] == "complaint"]
    assert complaints and all(i["lead"] == office["id"] for i in complaints)


# What a leader receives (issue 19, points 10–12), checked on the demo year: the richest data at hand.

A4_MM = (210, 297)


def official_word_file(path) -> docx.document.Document:
    """Every page A4 with the GB/T 9704 margins (turned with a landscape page), the body in 仿宋_GB2312 三号 named
    as Word reads an East-Asian font (no theme font over it), and a "— PAGE —" footer."""
    doc = docx.Document(str(path))
    for section in doc.sections:
        landscape = section.page_width > section.page_height
        assert sorted((round(section.page_width.mm), round(section.page_height.mm))) == list(A4_MM)
        margins = [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                         section.right_margin)]
        assert margins == ([28, 26, 37, 35] if landscape else [37, 35, 28, 26])
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and fonts.get(qn("w:eastAsiaTheme")) is None
    assert doc.styles["Normal"].font.size.pt == 16
    footer = doc.sections[0].footer
    assert not footer.is_linked_to_previous and "PAGE" in footer._element.xml and footer.paragraphs[0].text == "— 1 —"
    return doc


def test_word_reports_and_letters_are_official_documents_on_a4(liwan_year, tmp_path):
    """The year report, a scheduled report and a reply letter: A4, margins, fonts, page numbers; the report's
    headings black 黑体/楷体, numbered; a table too wide for the portrait page on a landscape page; the 标题
    column of the ledger wider than its 编号 column."""
    clerk, summary = liwan_year
    report = official_word_file(summary["docx"])
    official_word_file(next(p for p in summary["reports"] if p.endswith(".docx")))
    replied = clerk.json("item", "list", "--status", "replied")[0]["id"]
    (letter,) = clerk.run("item", "letter", str(replied), "--out", str(tmp_path / "函.docx")).stdout.split()
    letter_doc = official_word_file(letter)
    title = letter_doc.paragraphs[0]
    assert title.style.name == "Title" and title.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.style.font.size.pt == 22

    for name, font in (("Heading 1", "黑体"), ("Heading 2", "楷体_GB2312")):
        style = report.styles[name]
        assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == font and str(style.font.color.rgb) == "000000"
    headings = [p.text for p in report.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "一、代表建议、来信来访办理台账"
    assert any(s.page_width > s.page_height for s in report.sections), "the wide session table is turned"
    ledger = next(t for t in report.tables if [c.text for c in t.rows[0].cells][:3] == ["编号", "类型", "标题"])
    assert ledger.columns[2].width > 2 * ledger.columns[0].width


def test_workbook_rates_are_percent_numbers_and_every_sheet_prints_on_a4(liwan_year):
    """A rate is a number in a percent format with its counts beside it — the same counts the JSON report
    reads as "108/111（97.3%）"; every sheet is A4, one page wide, its header row frozen and repeated."""
    clerk, summary = liwan_year
    built = json.loads(clerk.run("report", "--period", "2026", "--format", "json", *YEAR_END).stdout)
    scoring = next(s for s in built["sections"] if s["key"] == "scoring")
    text = scoring["figures"]["satisfaction"]["value"]
    numerator, denominator = (int(n) for n in text.split("（")[0].split("/"))
    book = openpyxl.load_workbook(summary["xlsx"])
    stats = book["统计"]
    assert [c.value for c in stats[3]] == ["部分", "指标", "数值", "数值（分子）", "数值（分母）"]
    row = next(r for r in stats.iter_rows(min_row=4) if r[0].value == scoring["title"] and r[1].value == "满意率")
    assert row[2].value == pytest.approx(numerator / denominator) and row[2].number_format == "0.0%"
    assert (row[3].value, row[4].value) == (numerator, denominator)
    sessions = book["会议统计"]
    headers = [c.value for c in sessions[1]]
    at = headers.index("已答复")
    assert headers[at + 1:at + 3] == ["已答复（分子）", "已答复（分母）"]
    replied = sessions.cell(2, at + 1)
    assert isinstance(replied.value, (int, float)) and replied.number_format == "0.0%"
    assert replied.value == sessions.cell(2, at + 2).value / sessions.cell(2, at + 3).value
    for ws in book.worksheets:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.print_area and ws.print_title_rows and ws.freeze_panes


def test_without_channels_the_summary_says_the_notices_went_to_the_outbox(liwan_year):
    from lianluo.plugins.demo.summary import lines

    clerk, summary = liwan_year
    assert summary["channels"] is None
    assert {n["state"] for n in clerk.json("notices")} == {"delivered"} and not any(n["channel"] for n in clerk.json("notices"))
    assert "未配置发送渠道，通知写入发件箱" in "\n".join(lines(summary))
