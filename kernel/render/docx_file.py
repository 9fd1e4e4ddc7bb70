"""A report as a Word document: the title, the period, and per section a heading, its text, a table of its
figures and its tables. Text is set in 宋体 so Word and WPS show the Chinese the way courts print it."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from . import cell

FONT = "宋体"


def _chinese_font(doc) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.styles["Normal"].font.size = Pt(11)


def _table(doc, headers, rows) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for c, header in zip(table.rows[0].cells, headers):
        c.text = ""
        c.paragraphs[0].add_run(str(header)).bold = True
    for row in rows:
        for c, value in zip(table.add_row().cells, row):
            c.text = cell(value)
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
