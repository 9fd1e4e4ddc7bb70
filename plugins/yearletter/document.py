"""The yearly letter as a DOCX for printing, laid out as official documents are (GB/T 9704: A4, 37 mm top
margin, 仿宋 三号 body, 黑体 headings, the title in 小标宋 二号), with the deputy's matters in a table."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .content import Letter, chinese_date, salutation

BODY, HEADING, TITLE = "仿宋_GB2312", "黑体", "方正小标宋简体"
WIDTHS = (Mm(14), Mm(56), Mm(24), Mm(62))  # 编号, 事项, 办理状态, 办理情况: the 156 mm between the margins


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(doc, text: str, font: str = BODY, size: float = 16, align=None, indent: bool = True, bold: bool = False):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def render(letter: Letter, path: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _para(doc, letter.organisation, TITLE, 22, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, f"{letter.year}年度工作通报函", TITLE, 22, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, "", indent=False)
    _para(doc, salutation(letter.deputy), indent=False)
    _para(doc, f"感谢您一年来对{letter.organisation}工作的关心、支持和监督。根据代表联络工作制度，"
               f"现将本院{letter.year}年度代表联络工作情况和您提出的建议、关注事项的办理情况函告如下。")
    _para(doc, "一、本年度代表联络工作概况", HEADING)
    _para(doc, "；".join(f"{label}{value}" for label, value in letter.figures) + "。")
    for text in letter.summary:
        _para(doc, text)
    _para(doc, "二、您提出的建议和关注事项的办理情况", HEADING)
    if letter.matters:
        _para(doc, f"本年度本院登记您提出的事项 {len(letter.matters)} 件，办理情况如下：")
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, ("编号", "事项", "办理状态", "办理情况")):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), HEADING, 12)
        for matter in letter.matters:
            cells = table.add_row().cells
            values = (str(matter.number), f"{matter.kind}《{matter.title}》（{matter.received}登记）", matter.state,
                      matter.handled)
            for cell, text in zip(cells, values):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(text), BODY, 12)
        table.autofit = False  # the widths below, not the text's, decide the columns (Word and LibreOffice)
        for n, width in enumerate(WIDTHS):
            table.columns[n].width = width
            for cell in table.columns[n].cells:
                cell.width = width
    else:
        _para(doc, "本年度本院未登记您提出的建议或关注事项。欢迎您继续通过代表联络渠道提出意见和建议。")
    _para(doc, "对本院工作的意见和建议，欢迎随时告诉我们。")
    _para(doc, letter.organisation, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _para(doc, chinese_date(letter.date), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    doc.save(str(path))
