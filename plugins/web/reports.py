"""报告 (/reports): a period's report as `lianluo report` assembles it (`build_report`, every enabled plugin's
sections, personal data masked), shown as a page — text, figures, tables and the charts drawn as the Word
report draws them — and downloaded as XLSX or DOCX through the same renderers (`write_report`)."""

from __future__ import annotations

import base64
import functools
import tempfile
from pathlib import Path

import flask

from lianluo.kernel import FORMS_HINT, InputError, build_report, draw_chart, report_period, write_report

ROLES = ("clerk", "leader")
CHARTS_KEPT = 64
DOWNLOADS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _built(page):
    period = (page.args.get("period") or f"{page.today.year}-Q{(page.today.month - 1) // 3 + 1}").strip()
    span = report_period(page.app, period, "期间")
    with page.reader() as tx:
        return period, build_report(page.app, tx, span, page.today)


def _choices(page) -> list[tuple[str, str]]:
    year = page.today.year
    shown = [(f"{year}-Q{q}", f"{year} 年第 {q} 季度") for q in range(1, 5)]
    shown += [(str(year), f"{year} 年"), (str(year - 1), f"{year - 1} 年")]
    with page.reader() as tx:
        shown += [(f"session:{s.id}", s.name) for s in page.context(tx).directory.sessions()]
    return shown


def _chart(chart) -> dict:
    try:
        src, caption = _drawn(chart)
    except TypeError:  # a figure that cannot be a key (unhashable): drawn each time
        src, caption = _drawn.__wrapped__(chart)
    return {"title": chart.title, "src": src, "caption": caption}


@functools.lru_cache(maxsize=CHARTS_KEPT)
def _drawn(chart) -> tuple[str, str | None]:
    """A chart drawn once per process for the same title, unit, categories and figures (a `Chart` is a frozen
    record, its own key): drawing one is about 0.1 s of matplotlib, most of the page's time, and a period's
    figures rarely change between two views of it."""
    png, caption = draw_chart(chart)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii"), caption


def reports(page):
    period, built = _built(page)
    sections = [{"section": s, "charts": [_chart(c) for c in s.charts]} for s in built.sections]
    return page.render("reports.html", title="报告", report=built, sections=sections, period=period,
                       choices=_choices(page), hint=FORMS_HINT)


def download(page, fmt: str):
    if fmt not in DOWNLOADS:
        raise InputError("格式", f"无效值 {fmt!r}；可用：xlsx、docx")
    period, built = _built(page)
    with tempfile.TemporaryDirectory(prefix="lianluo-report-") as folder:
        path = Path(folder) / f"report.{fmt}"
        write_report(built, fmt, path)
        body = path.read_bytes()
    name = f"报告-{built.period.name}-{page.today}.{fmt}"
    answer = flask.Response(body, mimetype=DOWNLOADS[fmt])
    answer.headers.set("Content-Disposition", "attachment", filename=name)
    return answer


def register(register) -> None:
    register.page("/reports", reports, roles=ROLES, nav="报告", order=50)
    register.page("/reports/<fmt>", download, roles=ROLES)
