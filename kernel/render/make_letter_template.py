"""Writes the packaged reply-letter template, templates/reply_letter.docx: run it again after editing.

    python -m lianluo.kernel.render.make_letter_template

A court replaces the template by putting its own `templates/reply_letter.docx` in the data home; the
placeholders it may use are those in `lianluo.kernel.render.letter.PLACEHOLDERS`.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

FONT = "仿宋"
TARGET = Path(__file__).with_name("templates") / "reply_letter.docx"
FACTS = (("代表", "{{代表}}"), ("事项编号", "第 {{编号}} 号"), ("标题", "{{标题}}"), ("承办部门", "{{承办部门}}"),
         ("答复类别", "{{答复类别}}"), ("答复日期", "{{日期}}"))


def _paragraph(doc, text: str, align=None, bold: bool = False, size: int = 16):
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def build(path: Path = TARGET) -> Path:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _paragraph(doc, "{{单位}}", WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=22)
    _paragraph(doc, "答复函", WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=22)
    _paragraph(doc, "{{代表}}{{称谓}}：")
    _paragraph(doc, "　　您提出的《{{标题}}》收悉。经{{承办部门}}认真研究办理，现答复如下：")
    _paragraph(doc, "　　{{答复内容}}")
    _paragraph(doc, "　　感谢您对{{单位}}工作的关心和支持，欢迎继续提出意见和建议。")
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in FACTS:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    doc.add_paragraph()
    _paragraph(doc, "{{单位}}", WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, "{{日期}}", WD_ALIGN_PARAGRAPH.RIGHT)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build())
