"""The one check of every text a person gives the program (command options, roster cells, a profile's names):
characters no report, spreadsheet or Word file can hold are refused where they are typed, naming the field,
instead of breaking every report later."""

from __future__ import annotations

import unicodedata

from .errors import InputError

ALLOWED_CONTROLS = frozenset("\t\n\r")  # line breaks and tabs in a long text are ordinary


def _invisible(ch: str) -> bool:
    """Zero-width and other format characters (U+200B, U+200D, U+FEFF, …) and white space."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def check_encodable(text: str, field: str) -> None:
    """Refuse text that cannot be stored as UTF-8 (a lone surrogate from a mis-encoded terminal)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(field, "含有无法识别的字符，请检查终端或文件的编码（应为 UTF-8）") from None


def check_text(text: str, field: str) -> None:
    """Refuse what `check_encodable` refuses, control characters (NUL, BEL, ESC, …), and text made only of
    invisible characters."""
    check_encodable(text, field)
    for ch in text:
        if ch not in ALLOWED_CONTROLS and (unicodedata.category(ch) == "Cc" or ch in "\ufffe\uffff"):
            raise InputError(field, f"含有控制字符 U+{ord(ch):04X}，请删除后重新输入")
    if text and all(_invisible(ch) for ch in text):
        raise InputError(field, "只含不可见字符（如零宽空格），请输入实际内容")
