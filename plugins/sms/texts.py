"""A notice's text cut to the gateway's length limit: split into numbered parts (（1/3）…) or refused."""

from __future__ import annotations


class TooLong(Exception):
    """The text does not fit: the notice cannot be texted (a person shortens it, or routes it by e-mail)."""


def parts(text: str, limit: int, long: str, max_parts: int) -> list[str]:
    text = " ".join(text.split())
    if len(text) <= limit:
        return [text]
    if long == "refuse":
        raise TooLong(f"短信长 {len(text)} 字，超过 {limit} 字的上限，未发送")
    room = limit - len("（9/9）")
    pieces = [text[i:i + room] for i in range(0, len(text), room)]
    if len(pieces) > max_parts:
        raise TooLong(f"短信长 {len(text)} 字，分成 {len(pieces)} 条超过 {max_parts} 条的上限，未发送")
    return [f"（{n}/{len(pieces)}）{piece}" for n, piece in enumerate(pieces, 1)]
