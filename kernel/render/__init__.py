"""Renderers of a :class:`lianluo.kernel.report.Report`: Markdown and JSON as text, XLSX and DOCX as files."""

from __future__ import annotations

import unicodedata

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..store.modes import make_dir

TEXT_FORMATS = ("md", "json")
FILE_FORMATS = ("xlsx", "docx")
FORMATS = TEXT_FORMATS + FILE_FORMATS
REPORTS = "reports"  # the data home's folder of written reports


def display_width(value: Any) -> int:
    """Display width of a cell's text: a Chinese character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell(value))


def cell(value: Any) -> str:
    """How a value reads in a table or a list: no data is a dash, not "None"."""
    return "—" if value is None or value == "" else str(value)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_text(text: str) -> str:
    """A user's text as a spreadsheet shows it, never run: text starting like a formula gets a leading
    apostrophe (OWASP, CSV injection), so that `=HYPERLINK(…)` typed as a name stays those characters in every
    XLSX or CSV the program writes."""
    return "'" + text if text.startswith(FORMULA_START) else text


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


def write(report, fmt: str, path: Path) -> None:
    """The report in `fmt` at `path`: text formats as UTF-8, XLSX and DOCX as files."""
    if fmt in FILE_FORMATS:
        render_file(report, fmt, path)
    else:
        Path(path).write_text(render_text(report, fmt), encoding="utf-8")


def dated_path(home: Path, period, fmt: str, day: dt.date, stem: str = "报告") -> Path:
    """reports/报告-2026-Q1-2026-04-15.xlsx (without a period: reports/答复函-3-陈代表-2026-04-15.docx),
    numbered when that name is taken (never overwrite a report)."""
    folder = Path(home).absolute() / REPORTS  # absolute: the path goes into notices read far from the cwd
    make_dir(folder, parents=True)  # 2770 in a shared home, so the group can read what the timer writes
    stem = re.sub(r'[\\/:*?"<>|\s]+', "-", stem) + (f"-{period.name}" if period is not None else "")
    path, n = folder / f"{stem}-{day}.{fmt}", 2
    while path.exists():
        path, n = folder / f"{stem}-{day}-{n}.{fmt}", n + 1
    return path
