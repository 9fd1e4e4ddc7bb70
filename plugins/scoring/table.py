"""Columns aligned for a terminal: a Chinese character takes two cells, an ASCII one."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(header: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(width(row[n]) for row in (header, *rows)) for n in range(len(header))]
    return [indent + "  ".join(cell + " " * (w - width(cell)) for cell, w in zip(row, widths)).rstrip()
            for row in (header, *rows)]
