"""Masking personal data (PIPL): phone numbers and addresses are shown masked unless asked otherwise.

`mask_text` is the one function every output goes through — the terminal, JSON, reports in every format, reply
letters, notices, warnings quoting a plugin's error: it masks every phone-shaped number, whatever its spacing or
digits, and every piece of a known person's number or address (an address has no shape to recognise, so it is
looked up)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

_D = "[0-9０-９]"  # a digit as typed on a Chinese keyboard too: full-width digits are numbers all the same
_SEP = "[ \u3000.\\-－]?"  # one space, dot or hyphen may split the groups: 138 1234 5678, 020-8123-4567
_MOBILE = f"(?:(?:[+＋]|00)?[8８][6６]{_SEP})?[1１][3-9３-９]{_D}{_SEP}{_D}{{4}}{_SEP}{_D}{{4}}"
_AREA = f"(?:[(（][0０]{_D}{{2,3}}[)）]|[0０]{_D}{{2,3}})"
_LANDLINE = f"{_AREA}{_SEP}(?:{_D}{{3,4}}{_SEP}{_D}{{4}}|{_D}{{7,8}})"
# A mainland mobile number (with or without +86), or a landline with its area code: the shapes a clerk or a plugin
# may type into free text. Dates, ids and case numbers never have this shape.
PHONE_IN_TEXT = re.compile(f"(?<!{_D})(?:{_MOBILE}|{_LANDLINE})(?!{_D})")

ADDRESS_WINDOW = 6  # any run of this many characters of an address's hidden part is masked wherever it occurs
_KEY = 4  # pieces are found by their first characters: one dictionary look-up per character of the text


def mask_phone(phone: str) -> str:
    """The number with all but its first three and last four characters hidden (a short one: all but the last
    four)."""
    text = phone.strip()
    if len(text) <= 4:
        return "*" * len(text)
    if len(text) >= 11:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    return "*" * (len(text) - 4) + text[-4:]


def _address_keep(text: str) -> int:
    return min(6, len(text) // 2)


def mask_email(email: str) -> str:
    """`c***@court.gov.cn`: the first character of the mailbox and the domain are kept."""
    local, at, domain = email.strip().partition("@")
    return f"{local[:1]}***@{domain}" if at else ("***" if email.strip() else "")


def mask_address(address: str) -> str:
    text = address.strip()
    keep = _address_keep(text)
    return text[:keep] + "*" * (len(text) - keep) if text else ""


def mask_numbers(text: str) -> str:
    """`text` with every phone-shaped number in it masked."""
    return PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)


class KnownSecrets:
    """Every person's phone number and the hidden part of their address, as pieces to mask wherever they occur:
    the whole number, and every run of ADDRESS_WINDOW characters of an address's hidden part (so a street and
    house number typed into a title is masked as well as the whole address). Pieces are indexed by their first
    characters (and then by length), so masking a text costs a look-up or two per character however many people
there are."""

    def __init__(self, people: Iterable[dict[str, Any]] = ()) -> None:
        self._pieces: dict[str, dict[str, str]] = {}  # first characters → piece → its masked form
        self._lengths: dict[str, set[int]] = {}  # first characters → the lengths of its pieces
        self._memo: dict[str, str] = {}
        for doc in people:
            for phone in (str(doc.get(key) or "").strip() for key in ("phone", "mobile")):
                if len(phone) >= _KEY:
                    self._add(phone, mask_phone(phone))
            address = str(doc.get("address") or "").strip()
            hidden = address[_address_keep(address):]
            if len(hidden) >= ADDRESS_WINDOW:
                for start in range(len(hidden) - ADDRESS_WINDOW + 1):
                    self._add(hidden[start:start + ADDRESS_WINDOW], "*" * ADDRESS_WINDOW)
            elif len(hidden) >= _KEY:
                self._add(hidden, "*" * len(hidden))
            elif len(address) >= _KEY:
                self._add(address, mask_address(address))

    def _add(self, piece: str, masked: str) -> None:
        self._pieces.setdefault(piece[:_KEY], {})[piece] = masked
        self._lengths.setdefault(piece[:_KEY], set()).add(len(piece))

    def __bool__(self) -> bool:
        return bool(self._pieces)

    def __call__(self, text: str) -> str:
        if len(text) < _KEY or not self._pieces:
            return text
        if text in self._memo:
            return self._memo[text]
        chars: list[str] | None = None
        pieces, lengths = self._pieces, self._lengths
        for i in range(len(text) - _KEY + 1):
            key = text[i:i + _KEY]
            found = pieces.get(key)
            if found:
                for length in lengths[key]:
                    masked = found.get(text[i:i + length])
                    if masked is not None:
                        chars = chars or list(text)
                        for j, ch in enumerate(masked):
                            if ch == "*":
                                chars[i + j] = "*"
        result = "".join(chars) if chars else text
        if len(self._memo) < 1_000_000:
            self._memo[text] = result
        return result


NO_SECRETS = KnownSecrets()


def mask_text(text: str, known: KnownSecrets = NO_SECRETS) -> str:
    """The one masking of every output: the known people's numbers and addresses (in whole or in part), then
    every phone-shaped number."""
    return mask_numbers(known(text))


def masker(known: KnownSecrets) -> Callable[[Any], Any]:
    """`mask_text` for any value: strings are masked, numbers and None pass as they are."""
    return lambda value: mask_text(value, known) if isinstance(value, str) else value


class OutputMask:
    """What a command prints goes through here (`mask_text`). The people are read once, on the first output,
    from the source the command's data home registered; without one, or when it cannot be read, numbers only."""

    def __init__(self) -> None:
        self._source: Callable[[], KnownSecrets] | None = None
        self._known: KnownSecrets | None = None

    def watch(self, source: Callable[[], KnownSecrets] | None) -> None:
        self._source, self._known = source, None

    def __call__(self, text: str) -> str:
        if self._known is None:
            self._known = NO_SECRETS
            if self._source is not None:
                try:
                    self._known = self._source()
                except Exception:  # a broken or missing home: its own error is what is being printed
                    self._known = NO_SECRETS
        return mask_text(text, self._known)


mask_output = OutputMask()
