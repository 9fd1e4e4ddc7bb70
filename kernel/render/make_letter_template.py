"""Writes the packaged reply-letter template, templates/reply_letter.docx, in the official-document style
(`official.py`, GB/T 9704: A4, the standard margins, 仿宋 三号 body, 小标宋 二号 title, page numbers): run it
again after editing.

    python -m lianluo.kernel.render.make_letter_template

A court replaces the template by putting its own `templates/reply_letter.docx` in the data home; the
placeholders it may use are those in `lianluo.kernel.render.letter.PLACEHOLDERS`. A court's own template is
used as it is, its page and fonts included.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from . import official

TARGET = Path(__file__).with_name("templates") / "reply_letter.docx"
FACTS = (("代表", "{{代表}}"), ("事项编号", "第 {{编号}} 号"), ("标题", "{{标题}}"), ("承办部门", "{{承办部门}}"),
         ("答复类别", "{{答复类别}}"), ("答复日期", "{{日期}}"))
SIGNATURE_INDENT = Pt(64)  # the organisation and date stand four characters in from the right margin


def _paragraph(doc, text: str, align=None, indent: bool = False, style: str | None = None):
    paragraph = doc.add_paragraph(text, style=style)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    return paragraph


def build(path: Path = TARGET) -> Path:
    doc = Document()
    official.apply(doc)
    _paragraph(doc, "{{单位}}", style="Title")
    _paragraph(doc, "答复函", style="Title")
    doc.add_paragraph()
    _paragraph(doc, "{{代表}}{{称谓}}：")
    _paragraph(doc, "您提出的《{{标题}}》收悉。经{{承办部门}}认真研究办理，现答复如下：", indent=True)
    _paragraph(doc, "{{答复内容}}", indent=True)
    _paragraph(doc, "感谢您对{{单位}}工作的关心和支持，欢迎继续提出意见和建议。", indent=True)
    doc.add_paragraph()
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in FACTS:
        cells = table.add_row().cells
        official.set_font(cells[0].paragraphs[0].add_run(label), official.LEVEL1)
        cells[1].paragraphs[0].add_run(value)
        for c, width in zip(cells, (Cm(3.2), Cm(official.TEXT_WIDTH_MM[False] / 10 - 3.2))):
            official.compact(c.paragraphs[0])
            c.width = width
    table.autofit = False
    for col, width in zip(table.columns, (Cm(3.2), Cm(official.TEXT_WIDTH_MM[False] / 10 - 3.2))):
        col.width = width
    doc.add_paragraph()
    for text in ("{{单位}}", "{{日期}}"):
        _paragraph(doc, text, WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.right_indent = SIGNATURE_INDENT
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build())
