"""A report as a Word document in the official-document style (`official.py`, GB/T 9704): the title, the
period, and per section a numbered heading (一、…), its text, a table of its figures, its charts (drawn by
matplotlib, numbered 图 1, 图 2 … with a caption; "本期无数据" instead of an empty plot) and its tables
(（一）…), each column as wide as its content needs; a table too wide for the portrait page goes on a landscape
page of its own."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from . import cell, display_width, official

NO_DATA = "本期无数据"
NUMERALS = "一二三四五六七八九十"
TABLE_PT = 12  # 小四; a table too wide at this size is set smaller, then turned landscape, not squeezed
LAYOUTS = ((False, 12), (False, 10.5), (True, 12), (True, 10.5), (True, 9), (True, 7.5))
CM_PER_UNIT = 0.25 * TABLE_PT / 11  # one display column (half a Chinese character, or a digit), as rendered
CELL_MARGIN_TWIPS = 57  # 1 mm left and right in each cell (Word's default is 1.9 mm)
PADDING_CM = 0.25  # a cell's left and right margins, and a little slack
_UNBROKEN = re.compile(r"[^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # all but spaces and ideographs


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (headings never run past 99)."""
    tens, ones = divmod(n, 10)
    return ((NUMERALS[tens - 1] if tens > 1 else "") + "十" if tens else "") + (NUMERALS[ones - 1] if ones else "")


def page_cm(landscape: bool) -> float:
    return official.TEXT_WIDTH_MM[landscape] / 10


def _unbroken(value) -> int:
    """The widest piece of a value that must stay on one line: a date, a number or a masked phone; Chinese
    text may wrap at any ideograph, but brackets and signs cling to their neighbours as line breaking (UAX #14)
keeps them: 2/3（66.7%） is one piece, 1/2（样本不足） breaks after 1/2（."""
    return max((display_width(piece) for piece in _UNBROKEN.findall(cell(value))), default=2)


def column_widths(headers, rows) -> tuple[list[float], float, bool]:
    """Each column first gets room for its short values — a date or a masked phone (≤ 12 columns) never
    wraps — and what is left of the page goes to the columns with long text, such as titles, in proportion
    to their need. A long header may wrap; a value should not. Returns the widths in cm, the font size and
    whether the table needs a landscape page: the first of `LAYOUTS` where the short values fit."""
    need = [min(max([display_width(r[i]) for r in rows if i < len(r)] + [min(display_width(h), 8)]), 40)
            for i, h in enumerate(headers)]
    short = [max([_unbroken(r[i]) for r in rows if i < len(r)] + [min(display_width(h), 4)]) for i, h in enumerate(headers)]
    floor = [min(n, max(s, 8)) if n > 12 else min(n, s) for n, s in zip(need, short)]
    for landscape, size in LAYOUTS:
        unit = CM_PER_UNIT * size / TABLE_PT
        room = (page_cm(landscape) - PADDING_CM * len(headers)) / unit
        if sum(floor) <= room:
            break
    if sum(need) <= room:
        content = need
    else:
        spare = max(room - sum(floor), 0)
        extra = [n - f for n, f in zip(need, floor)]
        content = [f + (spare * e / sum(extra) if sum(extra) else 0) for f, e in zip(floor, extra)]
    widths = [unit * c + PADDING_CM for c in content]
    scale = page_cm(landscape) / sum(widths)
    return [w * scale for w in widths], size, landscape


class _Pages:
    """Which way the current page is turned; a new section (page) when a table needs the other way."""

    def __init__(self, doc) -> None:
        self.doc, self.landscape = doc, False

    def turn(self, landscape: bool) -> None:
        if landscape != self.landscape:
            official.set_page(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape)
            self.landscape = landscape


def _narrow_margins(table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _repeat_header(row) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _table(doc, headers, rows, layout) -> None:
    sizes, points, _ = layout
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    _narrow_margins(table)
    widths = [Cm(w) for w in sizes]
    for c, header in zip(table.rows[0].cells, headers):
        c.text = ""
        official.set_font(c.paragraphs[0].add_run(str(header)), official.LEVEL1)
        c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_header(table.rows[0])
    for row in rows:
        for c, value in zip(table.add_row().cells, row):
            c.text = cell(value)
    for row in table.rows:  # Word reads the cell widths, LibreOffice the grid: set both
        for c, width in zip(row.cells, widths):
            c.width = width
            official.compact(c.paragraphs[0], Pt(points))
    for col, width in zip(table.columns, widths):
        col.width = width
    official.compact(doc.add_paragraph())  # keeps the next table apart and a little space under this one


def _chart(doc, chart, number: int) -> None:
    caption_text = f"图 {number}  {chart.title}" + (f"（单位：{chart.unit}）" if chart.unit else "")
    if chart.empty:  # an empty plot would show a meaningless axis
        official.compact(doc.add_paragraph(NO_DATA))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        key = None
    else:
        from .chart import draw  # matplotlib loads only when a Word report has a chart

        png, key = draw(chart)
        doc.add_picture(io.BytesIO(png), width=Cm(page_cm(False)))
        official.compact(doc.paragraphs[-1])
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (caption_text, key):
        if text:
            official.compact(doc.add_paragraph(text), official.SIZE_4)
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _text(doc, text: str) -> None:
    doc.add_paragraph(text).paragraph_format.first_line_indent = Pt(32)  # two characters, as the standard asks


def render(report, path) -> None:
    doc = Document()
    official.apply(doc)
    pages = _Pages(doc)
    doc.add_paragraph(report.title, style="Title")
    doc.add_paragraph()
    _text(doc, f"统计期间：{report.period.start} 至 {report.period.end}；数据截至 {report.as_of}。")
    if report.unmasked:
        _text(doc, "本报告含未脱敏的个人信息，已记录查阅留痕，请妥善保管。")
    charts = 0
    for n, section in enumerate(report.sections, 1):
        pages.turn(False)
        doc.add_heading(f"{numeral(n)}、{section.title}", level=1)
        for text in section.text:
            _text(doc, text)
        if section.figures:
            rows = [(f.label, f.value) for f in section.figures.values()]
            _table(doc, ("指标", "数值"), rows, column_widths(("指标", "数值"), rows))
        for chart in section.charts:
            charts += 1
            _chart(doc, chart, charts)
        for m, table in enumerate(section.tables, 1):
            layout = column_widths(table.headers, table.rows) if table.rows else None
            pages.turn(bool(layout and layout[2]))
            doc.add_heading(f"（{numeral(m)}）{table.title}", level=2)
            if table.rows:
                _table(doc, table.headers, table.rows, layout)
            else:
                _text(doc, "无。")
    doc.save(path)
