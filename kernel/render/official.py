"""The official-document style (GB/T 9704-2012) that every Word file the program writes is set in: A4, margins
37/35/28/26 mm (top/bottom/left/right), body 仿宋_GB2312 三号, title 方正小标宋简体 二号, level-1 headings 黑体
and level-2 headings 楷体_GB2312 三号, all black, and the page number "— 1 —" in 四号 宋体 under the text.

Fonts are named the way Word and LibreOffice read an East-Asian font (`w:rFonts/@w:eastAsia`, with the
template's theme fonts removed, which would win over it), and the font table names a fallback each Windows
PC has (`w:altName`: 仿宋, 楷体, 宋体) for a machine without the GB2312 or 方正 fonts.
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

BODY = "仿宋_GB2312"
TITLE = "方正小标宋简体"
LEVEL1 = "黑体"
LEVEL2 = "楷体_GB2312"
PAGE_NUMBER = "宋体"
LATIN = "Times New Roman"
FALLBACK = {BODY: "仿宋", TITLE: "宋体", LEVEL2: "楷体"}  # what Word takes where the first is not installed

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
LINE = Pt(28.95)  # 22 lines on the 225 mm of text height, as the standard asks

A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TEXT_WIDTH_MM = {False: 210 - 28 - 26, True: 297 - 37 - 35}  # portrait 156 mm, landscape 225 mm


def set_font(rpr_owner, east_asia: str, size=None, bold: bool | None = None) -> None:
    """A style's or a run's font: the East-Asian name, Latin text in Times New Roman, black."""
    font = rpr_owner.font
    font.name = LATIN
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    rpr = rpr_owner.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), east_asia)
    for old in rpr.findall(qn("w:color")):
        rpr.remove(old)
    font.color.rgb = RGBColor(0, 0, 0)


def set_page(section, landscape: bool = False) -> None:
    """A4 portrait or landscape with the standard margins; a landscape page turns its margins with it, so the
    text sits where it would on the portrait page turned on its side."""
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    m = MARGINS
    if landscape:
        section.top_margin, section.bottom_margin = m["left"], m["right"]
        section.left_margin, section.right_margin = m["top"], m["bottom"]
    else:
        section.top_margin, section.bottom_margin = m["top"], m["bottom"]
        section.left_margin, section.right_margin = m["left"], m["right"]
    section.footer_distance = Mm(24)  # the page number 7 mm under the text block


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind in ("begin", None, "separate", "end"):
        if kind is None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run._r.append(code)
        else:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
            if kind == "separate":
                run._r.append(parse_xml(f'<w:t {nsdecls("w")}>1</w:t>'))


def page_numbers(section) -> None:
    """"— 1 —" centred in the footer, 四号 宋体."""
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.text = ""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.add_run("— ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" —")
    for run in paragraph.runs:
        set_font(run, PAGE_NUMBER, SIZE_4)
        run.font.name = PAGE_NUMBER  # 半角宋体: the digits and dashes in 宋体 too


def _fallbacks(doc) -> None:
    """The font table's w:altName for each font a Windows PC may lack."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(part.blob)
    have = {f.get(qn("w:name")): f for f in table.findall(qn("w:font"))}
    for name, alternative in FALLBACK.items():
        font = have.get(name)
        if font is None:
            font = parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:charset w:val="86"/>'
                             f'<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>')
            table.append(font)
        for old in font.findall(qn("w:altName")):
            font.remove(old)
        alt = OxmlElement("w:altName")
        alt.set(qn("w:val"), alternative)
        font.insert(0, alt)
    from lxml import etree

    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _heading(doc, name: str, east_asia: str) -> None:
    style = doc.styles[name]
    set_font(style, east_asia, SIZE_3, bold=False)
    style.font.italic = False
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    fmt.first_line_indent = Pt(32)
    fmt.keep_with_next = True


def apply(doc) -> None:
    """Every style a report or letter uses, the first section's page and its page numbers."""
    normal = doc.styles["Normal"]
    set_font(normal, BODY, SIZE_3)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    title = doc.styles["Title"]
    set_font(title, TITLE, SIZE_2, bold=False)
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):  # the template's blue rule under the title
        ppr.remove(border)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(0)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _heading(doc, "Heading 1", LEVEL1)
    _heading(doc, "Heading 2", LEVEL2)
    _fallbacks(doc)
    set_page(doc.sections[0])
    page_numbers(doc.sections[0])


def compact(paragraph, size=None) -> None:
    """A paragraph in a table cell or holding a picture: single line spacing (an exact 28.95 pt line would clip
    a picture and make tables tall), no indent."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    if size is not None:
        for run in paragraph.runs:
            run.font.size = size
