"""A report as an Excel workbook: a sheet per section table (Chinese headers, bold frozen header row,
columns wide enough for Chinese text), a 统计 sheet of every section's figures, and a sheet per chart holding
its data and a native Excel bar chart drawn from them (so the court can restyle it in Excel or WPS).

A rate (:class:`lianluo.kernel.report.Rate`) is a number in a percent format, its counts in the two cells
after it, so that Excel can sum, sort and chart it. Every sheet prints on A4 as wide as the page (landscape
when its columns need it), its header row repeated on each page, its print area its data (and chart), and
a page number in the footer.
"""

from __future__ import annotations

import math
import re

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..report import Rate
from . import cell, display_width, spreadsheet_text

STATS = "统计"
MAX_WIDTH = 40  # a longer text wraps in its cell
PERCENT = "0.0%"
PORTRAIT_CHARS = 95  # what fits across an A4 portrait page between the margins at 100 %
CHART_CM = (18, 9)
ROW_CM = 0.53  # Excel's default row (15 pt)
CHAR_CM = 0.2  # one unit of column width
BLANK = object()  # the count cells beside a value that is not a rate: left empty
WRAP = Alignment(wrap_text=True, vertical="top")


_width = display_width


def _sheet_name(title: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", title)[:28] or "表"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def _value(value):
    """A number stays a number; anything else is text that cannot be a formula."""
    return value if isinstance(value, (int, float)) else spreadsheet_text(cell(value))


def _rate_columns(headers, rows) -> list[bool]:
    """Which columns hold rates shown with their counts: each becomes three (rate, 分子, 分母)."""
    return [any(isinstance(r[i], Rate) and r[i].counts for r in rows if i < len(r)) for i in range(len(headers))]


def _spread(headers, rows):
    """Headers and rows with each counted rate column split into the rate and its two counts."""
    split = _rate_columns(headers, rows)
    wide_headers = [x for h, s in zip(headers, split) for x in ((h, f"{h}（分子）", f"{h}（分母）") if s else (h,))]
    wide_rows = []
    for row in rows:
        wide = []
        for value, s in zip(row, split):
            wide.append(value)
            if s:
                wide += [value.numerator, value.denominator] if isinstance(value, Rate) else [BLANK, BLANK]
        wide_rows.append(wide)
    return wide_headers, wide_rows


def _shown(value):
    """What a cell shows, for its column's width."""
    return value.percent if isinstance(value, Rate) else "" if value is BLANK else value


def _put(c, value) -> None:
    if value is BLANK:
        return
    if isinstance(value, Rate):
        if value.value is None:  # over nothing, or 样本不足: said, not a number
            c.value = value.percent
        else:
            c.value, c.number_format = value.value, PERCENT
    else:
        c.value = _value(value)


def _fill(ws, headers, rows, top: int = 1) -> int:
    """The table from row `top` (its header row frozen and repeated on every printed page); returns its last
    row."""
    headers, rows = _spread(headers, rows)
    bold = Font(bold=True)
    for i, header in enumerate(headers, 1):
        c = ws.cell(top, i, spreadsheet_text(cell(header)))
        c.font = bold
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(rows, top + 1):
        for i, value in enumerate(row, 1):
            _put(ws.cell(r, i), value)
    ws.freeze_panes = f"A{top + 1}"
    ws.print_title_rows = f"{top}:{top}"
    for i, header in enumerate(headers, 1):
        widest = max([min(_width(header), 8)] + [_width(_shown(r[i - 1])) for r in rows])
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = min(MAX_WIDTH, widest + 2)
        if widest + 2 > MAX_WIDTH:  # only the long texts wrap, so other rows keep one line
            for (c,) in ws.iter_rows(min_row=top + 1, min_col=i, max_col=i):
                if _width(c.value) + 2 > MAX_WIDTH:
                    c.alignment = WRAP
    last = top + len(rows)
    ws.print_area = f"A1:{get_column_letter(len(headers))}{last}"
    return last


def _page(ws) -> None:
    """A4, as wide as the page, landscape when the columns are wider than a portrait page, numbered."""
    wide = sum(d.width or 8.43 for d in ws.column_dimensions.values())
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if wide > PORTRAIT_CHARS else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # one page wide, as many long as it takes
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _chart_sheet(ws, chart) -> None:
    table = chart.as_table()
    last = _fill(ws, table.headers, table.rows)
    if chart.empty:  # an empty plot would show a meaningless axis
        ws.cell(last + 2, 1, "本期无数据")
        ws.print_area = f"A1:{get_column_letter(len(table.headers))}{last + 2}"
        return
    bars = BarChart()
    bars.title, bars.y_axis.title = chart.title, chart.unit or None
    bars.add_data(Reference(ws, min_col=2, max_col=len(table.headers), min_row=1, max_row=last), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    bars.width, bars.height = CHART_CM
    bars.x_axis.delete = bars.y_axis.delete = False  # openpyxl 3.1 hides both axes unless told
    ws.add_chart(bars, f"A{last + 3}")  # under the data, so that the sheet prints on one page
    columns, covered = 0, 0.0
    while covered < CHART_CM[0]:
        columns += 1
        covered += (ws.column_dimensions[get_column_letter(columns)].width or 8.43) * CHAR_CM
    rows = last + 3 + math.ceil(CHART_CM[1] / ROW_CM)
    ws.print_area = f"A1:{get_column_letter(max(columns, len(table.headers)))}{rows}"


def render(report, path) -> None:
    wb = Workbook()
    stats = wb.active
    stats.title = STATS
    taken = {STATS}
    rows = [(s.title, f.label, f.value) for s in report.sections for f in s.figures.values()]
    _fill(stats, ("部分", "指标", "数值"), rows, top=3)  # the title and period above the header
    stats["A1"], stats["A2"] = spreadsheet_text(report.title), f"统计期间：{report.period.start} 至 {report.period.end}；数据截至 {report.as_of}"
    stats["A1"].font = Font(bold=True, size=14)
    for section in report.sections:
        for table in section.tables:
            _fill(wb.create_sheet(_sheet_name(table.title, taken)), table.headers, table.rows)
        for chart in section.charts:
            _chart_sheet(wb.create_sheet(_sheet_name(f"图-{chart.title}", taken)), chart)
    for ws in wb.worksheets:
        _page(ws)
    wb.save(path)
