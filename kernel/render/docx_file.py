"""A report as a Word document: the title, the period, and per section a heading, its text, a table of its
figures, its charts (drawn by matplotlib, numbered 图 1, 图 2 … with a caption) and its tables. Text is set in 宋体 so Word and WPS show the Chinese the way courts print it."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from . import cell, display_width

FONT = "宋体"


def _chinese_font(doc) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.styles["Normal"].font.size = Pt(BODY_PT)


PAGE_CM = 16.0
BODY_PT = 11
SMALLER_PT = (9, 7.5)  # a table too wide for the page at the body size is set smaller, not squeezed
CM_PER_UNIT = 0.25  # one display column (half a Chinese character, or a digit) at 11 pt, as rendered
PADDING_CM = 0.4  # a cell's left and right margins
_UNBROKEN = re.compile(r"[^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # all but spaces and ideographs


def _unbroken(value) -> int:
    """The widest piece of a value that must stay on one line: a date, a number or a masked phone; Chinese
    text may wrap at any ideograph, but brackets and signs cling to their neighbours as line breaking (UAX #14)
keeps them: 2/3（66.7%） is one piece, 1/2（样本不足） breaks after 1/2（."""
    return max((display_width(piece) for piece in _UNBROKEN.findall(cell(value))), default=2)


def _column_widths(headers, rows) -> tuple[list[float], float]:
    """Each column first gets room for its short values — a date or a masked phone (≤ 12 columns) never
    wraps — and what is left of the page goes to the columns with long text, such as titles, in proportion
    to their need. A long header may wrap; a value should not. Returns the widths and the font size that
    lets the short values fit (the body size, else a smaller one)."""
    need = [min(max([display_width(r[i]) for r in rows if i < len(r)] + [min(display_width(h), 8)]), 40)
            for i, h in enumerate(headers)]
    short = [max([_unbroken(r[i]) for r in rows if i < len(r)] + [min(display_width(h), 4)]) for i, h in enumerate(headers)]
    floor = [min(n, max(s, 8)) if n > 12 else min(n, s) for n, s in zip(need, short)]
    for size in (BODY_PT, *SMALLER_PT):
        unit = CM_PER_UNIT * size / BODY_PT
        room = (PAGE_CM - PADDING_CM * len(headers)) / unit
        if sum(floor) <= room:
            break
    if sum(need) <= room:
        content = need
    else:
        spare = max(room - sum(floor), 0)
        extra = [n - f for n, f in zip(need, floor)]
        content = [f + (spare * e / sum(extra) if sum(extra) else 0) for f, e in zip(floor, extra)]
    widths = [unit * c + PADDING_CM for c in content]
    scale = PAGE_CM / sum(widths)
    return [w * scale for w in widths], size


def _table(doc, headers, rows) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    sizes, points = _column_widths(headers, rows)
    widths = [Cm(w) for w in sizes]
    for c, header in zip(table.rows[0].cells, headers):
        c.text = ""
        c.paragraphs[0].add_run(str(header)).bold = True
    for row in rows:
        for c, value in zip(table.add_row().cells, row):
            c.text = cell(value)
    for row in table.rows:  # Word reads the cell widths, LibreOffice the grid: set both
        for c, width in zip(row.cells, widths):
            c.width = width
            if points != BODY_PT:
                for run in c.paragraphs[0].runs:
                    run.font.size = Pt(points)
    for col, width in zip(table.columns, widths):
        col.width = width
    doc.add_paragraph()


def _chart(doc, chart, number: int) -> None:
    from .chart import draw  # matplotlib loads only when a Word report has a chart

    png, key = draw(chart)
    doc.add_picture(io.BytesIO(png), width=Cm(PAGE_CM))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = doc.add_paragraph(f"图 {number}  {chart.title}" + (f"（单位：{chart.unit}）" if chart.unit else ""))
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if key:
        doc.add_paragraph(key).alignment = WD_ALIGN_PARAGRAPH.CENTER


def render(report, path) -> None:
    doc = Document()
    _chinese_font(doc)
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(f"统计期间：{report.period.start} 至 {report.period.end}；数据截至 {report.as_of}。")
    if report.unmasked:
        doc.add_paragraph("本报告含未脱敏的个人信息，已记录查阅留痕，请妥善保管。")
    charts = 0
    for section in report.sections:
        doc.add_heading(section.title, level=1)
        for text in section.text:
            doc.add_paragraph(text)
        if section.figures:
            _table(doc, ("指标", "数值"), [(f.label, f.value) for f in section.figures.values()])
        for chart in section.charts:
            charts += 1
            _chart(doc, chart, charts)
        for table in section.tables:
            doc.add_heading(table.title, level=2)
            if table.rows:
                _table(doc, table.headers, table.rows)
            else:
                doc.add_paragraph("无。")
    doc.save(path)
