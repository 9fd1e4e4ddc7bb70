"""A report as an Excel workbook: a sheet per section table (Chinese headers, bold frozen header row,
columns wide enough for Chinese text), a 统计 sheet of every section's figures, and a sheet per chart holding
its data and a native Excel bar chart drawn from them (so the court can restyle it in Excel or WPS)."""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import cell, display_width, spreadsheet_text

STATS = "统计"
MAX_WIDTH = 60


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


def _fill(ws, headers, rows) -> None:
    ws.append([spreadsheet_text(cell(h)) for h in headers])
    for row in rows:
        ws.append([_value(v) for v in row])
    bold = Font(bold=True)
    for c in ws[1]:
        c.font = bold
        c.alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, 1):
        widest = max([_width(header)] + [_width(r[i - 1]) for r in rows])
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, widest + 2)


def _chart_sheet(ws, chart) -> None:
    table = chart.as_table()
    _fill(ws, table.headers, table.rows)
    bars = BarChart()
    bars.title, bars.y_axis.title = chart.title, chart.unit or None
    last = len(table.rows) + 1
    bars.add_data(Reference(ws, min_col=2, max_col=len(table.headers), min_row=1, max_row=last), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    bars.width, bars.height = 18, 9
    bars.x_axis.delete = bars.y_axis.delete = False  # openpyxl 3.1 hides both axes unless told
    ws.add_chart(bars, f"A{last + 3}")  # under the data, so that the sheet prints on one page


def render(report, path) -> None:
    wb = Workbook()
    stats = wb.active
    stats.title = STATS
    taken = {STATS}
    rows = [(s.title, f.label, f.value) for s in report.sections for f in s.figures.values()]
    _fill(stats, ("部分", "指标", "数值"), rows)
    stats.insert_rows(1, 2)  # the title and period above the header; the header row stays frozen under them
    stats["A1"], stats["A2"] = spreadsheet_text(report.title), f"统计期间：{report.period.start} 至 {report.period.end}；数据截至 {report.as_of}"
    stats["A1"].font = Font(bold=True, size=14)
    stats.freeze_panes = "A4"
    for section in report.sections:
        for table in section.tables:
            _fill(wb.create_sheet(_sheet_name(table.title, taken)), table.headers, table.rows)
        for chart in section.charts:
            _chart_sheet(wb.create_sheet(_sheet_name(f"图-{chart.title}", taken)), chart)
    wb.save(path)
