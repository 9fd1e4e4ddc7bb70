"""The value of a list command's filter option, checked against the values that exist: a value that matches
nothing known is a typing mistake (`--status 办里中`, a session id that does not exist), never an empty list."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import InputError

SHOWN = 30  # a long list of choices is cut, so that the error stays one readable line


def pick(value: str, known: Mapping[str, str], field: str, empty: str = "（尚无可选值）") -> set[str]:
    """The codes `value` stands for: a code of `known` (code → Chinese label), or a label (which may stand for
    codes of several kinds); anything else is an InputError listing the choices as "code（label）"."""
    text = value.strip()
    if text in known:
        return {text}
    codes = {code for code, label in known.items() if label == text}
    if codes:
        return codes
    choices = [code if label in ("", code) else f"{code}（{label}）" for code, label in sorted(known.items())]
    listed = "、".join(choices[:SHOWN]) + ("……" if len(choices) > SHOWN else "") if choices else empty
    raise InputError(field, f"无效值 {value!r}；可用：{listed}")
