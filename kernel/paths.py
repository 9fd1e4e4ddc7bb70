"""Looking up a path the clerk typed: a name the OS cannot even look up (too long, a NUL byte) is bad input
naming the field, not an internal error."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError

BAD_PATH = "不是可用的文件路径（过长或含有不允许的字符）"


def probe(path: Path, field: str) -> str:
    """'file', 'other' (a directory or such) or 'missing'."""
    try:
        if path.is_file():
            return "file"
        return "other" if path.exists() else "missing"
    except (OSError, ValueError):
        raise InputError(field, BAD_PATH) from None
