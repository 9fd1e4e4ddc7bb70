"""Scheduled reports (issue 7): `[reports.schedules.*]` in the profile, run by the tick into the data home's
reports/ folder with a notice saying where; each occurrence once, caught up after downtime; bad tables are
named at `init`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import openpyxl
import pytest

from lianluo.kernel.jobs import RULES

LIWAN = Path(__file__).resolve().parent.parent / "plugins" / "profiles" / "liwan-court.toml"
TITLE = "关于诉讼服务中心延时服务的建议"

BRIEFINGS_2026 = ["2026-01-20", "2026-02-17", "2026-03-17", "2026-04-21", "2026-05-19", "2026-06-16",
                  "2026-07-21", "2026-08-18", "2026-09-22", "2026-10-20", "2026-11-17", "2026-12-22"]
# the days the reports go out: an occurrence on a rest day runs on the next working day (issue 18 point 6)
LIWAN_2026 = {
    "reports.status": ["2026-01-04", "2026-03-02", "2026-05-06", "2026-07-01", "2026-09-01", "2026-11-02"],
    "reports.letters": ["2026-01-12", "2026-07-10"],
    "reports.annual": ["2026-01-15"],
    "reports.briefing": [d if d != "2026-02-17" else "2026-02-24" for d in BRIEFINGS_2026],
    "reports.upward": ["2026-01-12", "2026-04-10", "2026-07-10", "2026-10-10"],  # 01-10 is a Saturday; 10-10 a make-up working day
}


def report_runs(result: dict) -> dict[str, list[str]]:
    runs: dict[str, list[str]] = {}
    for job in result["jobs"]:
        if job["name"].startswith("reports."):
            runs.setdefault(job["name"], []).append(job["date"])
    return runs


def report_notices(result: dict) -> list[dict]:
    return [n for n in result["notices"] if n["type"] == "job" and "报告已生成" in n["text"]]


def written(notice: dict) -> Path:
    """The file a notice names."""
    return Path(re.search(r"报告已生成：(\S+)", notice["text"]).group(1))


def text_of(path: Path) -> str:
    """Everything a clerk can read in an XLSX or DOCX file (opening it is part of the check)."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        return " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    doc = docx.Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return " ".join([p.text for p in doc.paragraphs] + cells)


def files(clerk) -> list[Path]:
    folder = clerk.home / "reports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_year_of_daily_ticks_writes_each_scheduled_report_on_its_days(liwan):
    """Liwan 8(4) two-monthly, 8(5) half-yearly, art. 22 yearly, seed 000 §7 monthly: exactly these days."""
    ref = str(liwan.json("item", "register", "--kind", "suggestion", "--title", TITLE, "--deputy", "1",
                         "--channel", "interim", "--date", "2026-02-02")["id"])
    liwan.run("item", "approve", ref, "--date", "2026-02-02")
    runs: dict[str, list[str]] = {}
    notices = []
    day = dt.date(2026, 1, 1)
    while day <= dt.date(2026, 12, 31):
        result = liwan.json("tick", "--today", day.isoformat())
        for name, days in report_runs(result).items():
            runs.setdefault(name, []).extend(days)
        notices += report_notices(result)
        day += dt.timedelta(days=1)
    assert runs == LIWAN_2026
    # 25 reports; the half-year letters summary goes to three recipients (art. 8(5)), so 29 notices
    assert len(notices) == 29 and sorted({written(n) for n in notices}) == files(liwan)
    by_name = {written(n).name: n for n in notices}
    assert by_name["办理情况专项报告-2026-B1-2026-03-02.docx"]["to"] == "院领导"
    assert sorted(n["to"] for n in notices if written(n).name == "代表来信来访办理情况总结-2025-H2-2026-01-12.docx") == [
        "主管院领导", "区人大", "市法院联络办"]
    assert "年度建议办理情况报告-2025-2026-01-15.docx" in by_name
    assert "联络工作月度通报-2026-02-2026-03-17.xlsx" in by_name
    for notice in notices:
        assert notice["date"] == re.search(r"(\d{4}-\d{2}-\d{2})\.\w+$", notice["text"]).group(1)
        text = text_of(written(notice))
        assert "示例区人民法院" in text or "联络工作报告" in text
    assert TITLE in text_of(liwan.home / "reports" / "办理情况专项报告-2026-B1-2026-03-02.docx")
    assert TITLE in text_of(liwan.home / "reports" / "联络工作月度通报-2026-02-2026-03-17.xlsx")
    assert TITLE not in text_of(liwan.home / "reports" / "联络工作月度通报-2026-01-2026-02-24.xlsx")


def test_first_tuesday_after_the_15th_in_every_month_of_2026():
    days = RULES["first-tuesday-after-15th"].occurrences(dt.date(2025, 12, 31), dt.date(2026, 12, 31))
    assert [d.isoformat() for d in days] == BRIEFINGS_2026
    assert all(d.weekday() == 1 and 15 < d.day <= 22 for d in days)
    # the 15th itself is a Tuesday in September and December 2026: the rule says strictly after
    assert dt.date(2026, 9, 15).weekday() == 1 and dt.date(2026, 12, 15).weekday() == 1


def test_a_catch_up_tick_after_40_days_writes_each_missed_report_once(liwan):
    liwan.json("tick", "--today", "2026-01-04")
    assert [p.name for p in files(liwan)] == ["办理情况专项报告-2025-B6-2026-01-04.docx"]
    caught = liwan.json("tick", "--today", "2026-02-10")
    assert report_runs(caught) == {"reports.letters": ["2026-01-12"], "reports.annual": ["2026-01-15"],
                                   "reports.briefing": ["2026-01-20"], "reports.upward": ["2026-01-12"]}
    names = sorted({written(n).name for n in report_notices(caught)})
    assert names == ["代表来信来访办理情况总结-2025-H2-2026-01-12.docx", "年度建议办理情况报告-2025-2026-01-15.docx",
                     "联络工作数据上报-2025-Q4-2026-01-12.xlsx", "联络工作月度通报-2025-12-2026-01-20.xlsx"]
    assert len(files(liwan)) == 5
    again = liwan.json("tick", "--today", "2026-02-10")
    assert report_runs(again) == {} and report_notices(again) == [] and len(files(liwan)) == 5


def test_the_county_court_reports_to_its_leading_group_every_half_year(clerk):
    clerk.run("init", "--profile", "county-court")
    clerk.json("tick", "--today", "2026-01-01")
    result = clerk.json("tick", "--today", "2026-12-31")
    assert report_runs(result) == {"reports.leading_group": ["2026-01-12", "2026-07-10"]}
    assert {n["to"] for n in report_notices(result)} == {"代表联络工作领导小组"}
    assert [p.name for p in files(clerk)] == ["联络工作半年专题汇报-2025-H2-2026-01-12.docx",
                                              "联络工作半年专题汇报-2026-H1-2026-07-10.docx"]


GOOD = 'label = "试"\nperiod = "previous-month"\nformat = "md"\nto = "院领导"\n'


@pytest.mark.parametrize("table, named", [
    (GOOD.replace("previous-month", "previous-week") + 'cron = "0 9 1 * *"\n', "reports.schedules.bad.period"),
    (GOOD.replace('"md"', '"pdf"') + 'cron = "0 9 1 * *"\n', "reports.schedules.bad.format"),
    (GOOD + 'cron = "61 9 1 * *"\n', "reports.schedules.bad.cron"),
    (GOOD + 'rule = { value = "last-friday", clause = "无" }\n', "reports.schedules.bad.rule"),
    (GOOD + 'days = ["13-01"]\n', "reports.schedules.bad.days"),
    (GOOD + 'cron = "0 9 1 * *"\ndays = ["01-01"]\n', "reports.schedules.bad"),
    (GOOD, "reports.schedules.bad"),
    (GOOD.replace('to = "院领导"\n', "") + 'cron = "0 9 1 * *"\n', "reports.schedules.bad.to"),
    (GOOD + 'cron = "0 9 1 * *"\nfomat = "md"\n', "reports.schedules.bad"),
])
def test_a_bad_schedule_table_is_named_at_init_and_nothing_is_written(clerk, tmp_path, table, named):
    own = tmp_path / "our-court.toml"
    own.write_text(LIWAN.read_text(encoding="utf-8") + "\n[reports.schedules.bad]\n" + table, encoding="utf-8")
    line = clerk.fails("init", "--profile", str(own))
    assert named in line, line
    assert not (clerk.home / "lianluo.json").exists()


def test_a_markdown_schedule_writes_a_text_file(clerk, tmp_path):
    own = tmp_path / "our-court.toml"
    own.write_text(LIWAN.read_text(encoding="utf-8") + "\n[reports.schedules.weekly]\n" + GOOD
                   + 'cron = "0 8 * * 1"\n', encoding="utf-8")
    clerk.run("init", "--profile", str(own))
    result = clerk.json("tick", "--today", "2026-03-02")
    (notice,) = [n for n in report_notices(result) if "【试】" in n["text"]]
    assert written(notice).name == "试-2026-02-2026-03-02.md"
    assert written(notice).read_text(encoding="utf-8").startswith("# ")
