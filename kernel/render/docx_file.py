"""A report as a Word document: the title, the period, and per section a heading, its text, a table of its
figures and its tables. Text is set in 宋体 so Word and WPS show the Chinese the way courts print it."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from . import cell, display_width

FONT = "宋体"


def _chinese_font(doc) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.styles["Normal"].font.size = Pt(11)


PAGE_CM = 16.0
CM_PER_UNIT = 0.25  # one display column (half a Chinese character, or a digit) at 11 pt, as rendered
PADDING_CM = 0.4  # a cell's left and right margins


def _column_widths(headers, rows) -> list[float]:
    """Each column first gets room for its short values — a date or a masked phone (≤ 12 columns) never
    wraps — and what is left of the page goes to the columns with long text, such as titles, in proportion
    to their need. A long header may wrap; a value should not."""
    need = [min(max([display_width(r[i]) for r in rows if i < len(r)] + [min(display_width(h), 8)]), 40)
            for i, h in enumerate(headers)]
    floor = [n if n <= 12 else 8 for n in need]  # short values whole; long text starts narrow and may wrap
    room = (PAGE_CM - PADDING_CM * len(headers)) / CM_PER_UNIT
    if sum(need) <= room:
        content = need
    else:
        spare = max(room - sum(floor), 0)
        extra = [n - f for n, f in zip(need, floor)]
        content = [f + (spare * e / sum(extra) if sum(extra) else 0) for f, e in zip(floor, extra)]
    widths = [CM_PER_UNIT * c + PADDING_CM for c in content]
    scale = PAGE_CM / sum(widths)
    return [w * scale for w in widths]


def _table(doc, headers, rows) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    widths = [Cm(w) for w in _column_widths(headers, rows)]
    for c, header in zip(table.rows[0].cells, headers):
        c.text = ""
        c.paragraphs[0].add_run(str(header)).bold = True
    for row in rows:
        for c, value in zip(table.add_row().cells, row):
            c.text = cell(value)
    for row in table.rows:  # Word reads the cell widths, LibreOffice the grid: set both
        for c, width in zip(row.cells, widths):
            c.width = width
    for col, width in zip(table.columns, widths):
        col.width = width
    doc.add_paragraph()


def render(report, path) -> None:
    doc = Document()
    _chinese_font(doc)
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(f"统计期间：{report.period.start} 至 {report.period.end}；数据截至 {report.as_of}。")
    if report.unmasked:
        doc.add_paragraph("本报告含未脱敏的个人信息，已记录查阅留痕，请妥善保管。")
    for section in report.sections:
        doc.add_heading(section.title, level=1)
        for text in section.text:
            doc.add_paragraph(text)
        if section.figures:
            _table(doc, ("指标", "数值"), [(f.label, f.value) for f in section.figures.values()])
        for table in section.tables:
            doc.add_heading(table.title, level=2)
            if table.rows:
                _table(doc, table.headers, table.rows)
            else:
                doc.add_paragraph("无。")
    doc.save(path)
