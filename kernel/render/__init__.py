"""Renderers of a :class:`lianluo.kernel.report.Report`: Markdown and JSON as text, XLSX and DOCX as files."""

from __future__ import annotations

from typing import Any

TEXT_FORMATS = ("md", "json")
FILE_FORMATS = ("xlsx", "docx")
FORMATS = TEXT_FORMATS + FILE_FORMATS


def cell(value: Any) -> str:
    """How a value reads in a table or a list: no data is a dash, not "None"."""
    return "—" if value is None or value == "" else str(value)


def render_text(report, fmt: str) -> str:
    if fmt == "json":
        from .json_doc import render
    else:
        from .markdown import render
    return render(report)


def render_file(report, fmt: str, path) -> None:
    if fmt == "xlsx":
        from .xlsx_file import render
    else:
        from .docx_file import render
    render(report, path)
