"""A report as JSON, with the stable English keys of `Report.to_doc`.

Why its own writer: a year's report over 100k matters is a 4 MB document (its ledger lists every matter of
the year), and `json.dumps(indent=2)` writes indented JSON through the pure-Python encoder's nested
generators — half a second of a report that should take one. `indented` writes exactly the same text (the
tests compare the two over random documents) in one recursive pass into a list of pieces, the strings
escaped by the C encoder.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C escaper when the accelerator is built (always in CPython)
from typing import Any

INDENT = "  "


def render(report) -> str:
    return indented(report.to_doc())


def indented(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2, default=str)`, written faster."""
    out: list[str] = []
    _write(value, out, "\n")
    return "".join(out)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _scalar(value: Any) -> str | None:
    """A value that is not a container, as JSON; None for a list, a tuple or a dict."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (list, tuple, dict)):
        return None
    return encode_basestring(str(value))  # default=str


def _key(key: Any) -> str:
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True or key is False or key is None:
        return encode_basestring(json.dumps(key))
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _write(value: Any, out: list[str], newline: str) -> None:
    text = _scalar(value)
    if text is not None:
        out.append(text)
        return
    if not value:
        out.append("{}" if isinstance(value, dict) else "[]")
        return
    inner = newline + INDENT
    between = "," + inner
    append = out.append
    if isinstance(value, dict):
        append("{")
        sep = inner
        for key, item in value.items():
            append(sep)
            append(_key(key))
            append(": ")
            _write(item, out, inner)
            sep = between
        append(newline + "}")
        return
    flat = _flat(value, between)
    if flat is not None:  # a table row: its cells written at once
        append("[" + inner + flat + newline + "]")
        return
    append("[")
    sep = inner
    for item in value:
        append(sep)
        if type(item) is str:  # the common cell of a table row
            append(encode_basestring(item))
        else:
            _write(item, out, inner)
        sep = between
    append(newline + "]")


def _flat(values, between: str) -> str | None:
    """A list of texts, whole numbers and nulls (a ledger's row), its items apart by `between`; None for any
    other list. (Faster than the C encoder here: json.dumps costs more to set up than a row costs to write.)"""
    out = []
    for item in values:
        kind = type(item)
        if kind is str:
            out.append(encode_basestring(item))
        elif kind is int:
            out.append(int.__repr__(item))
        elif item is None:
            out.append("null")
        else:
            return None
    return between.join(out)
