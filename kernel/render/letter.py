"""Filling a reply-letter template (答复函): every {{占位符}} in its paragraphs, tables, headers and footers is
replaced by its value. A placeholder split over several runs is joined into its first run, so the text keeps
the formatting of where the placeholder starts; runs without a placeholder are left as they are."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError

PLACEHOLDERS = ("代表", "称谓", "标题", "编号", "答复内容", "答复类别", "承办部门", "单位", "日期")
PATTERN = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
PACKAGED = Path(__file__).with_name("templates") / "reply_letter.docx"


def _paragraphs(container):
    """Every paragraph of a document part, tables (nested ones too) included."""
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _paragraphs(cell)


def _parts(doc):
    yield doc
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.even_page_header,
                     section.footer, section.first_page_footer, section.even_page_footer):
            if not part.is_linked_to_previous:
                yield part


def _fill_paragraph(paragraph, values: dict[str, str]) -> None:
    runs = paragraph.runs
    texts = [r.text for r in runs]
    starts = [sum(len(t) for t in texts[:n]) for n in range(len(texts))]
    for match in reversed(list(PATTERN.finditer("".join(texts)))):
        first = max(n for n, s in enumerate(starts) if s <= match.start())
        last = max(n for n, s in enumerate(starts) if s < match.end())
        head = texts[first][:match.start() - starts[first]]
        tail = texts[last][match.end() - starts[last]:]
        if first == last:
            texts[first] = head + values[match.group(1)] + tail
        else:
            texts[first] = head + values[match.group(1)]
            texts[last] = tail
            for n in range(first + 1, last):
                texts[n] = ""
    for run, text in zip(runs, texts):
        if run.text != text:
            run.text = text


def load(template: Path):
    """The template as a document; one line naming `--template` when it is not a Word file we can fill."""
    from docx import Document  # python-docx costs ~40 ms: loaded when a letter is made, not at CLI start

    try:
        doc = Document(str(template))
    except Exception as exc:  # python-docx raises several kinds for a missing or foreign file
        raise InputError("--template", f"{template} 不是可用的 Word（.docx）模板（{type(exc).__name__}）") from None
    unknown = sorted({m.group(1) for part in _parts(doc) for p in _paragraphs(part)
                      for m in PATTERN.finditer(p.text)} - set(PLACEHOLDERS))
    if unknown:
        raise InputError("--template", f"模板 {template.name} 含未知占位符 {'、'.join('{{' + u + '}}' for u in unknown)}；"
                                       f"可用：{'、'.join('{{' + p + '}}' for p in PLACEHOLDERS)}")
    return doc


def fill(template: Path, values: dict[str, str], path: Path) -> None:
    """The letter at `path`: the template with every placeholder replaced by its value."""
    doc = load(template)
    for part in _parts(doc):
        for paragraph in _paragraphs(part):
            if "{{" in paragraph.text:
                _fill_paragraph(paragraph, values)
    doc.save(str(path))
