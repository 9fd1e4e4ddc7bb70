"""Masking personal data (PIPL): phone numbers and addresses are shown masked unless asked otherwise."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

# A mainland mobile number, or a landline with its area code: the shapes a clerk or a plugin may type into free
# text. Dates, ids and case numbers never have this shape.
PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}[- ]?\d{7,8})(?!\d)")


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_address(address: str) -> str:
    text = address.strip()
    keep = min(6, len(text) // 2)
    return text[:keep] + "*" * (len(text) - keep) if text else ""


def mask_numbers(text: str) -> str:
    """`text` with every phone-shaped number in it masked: for output of free text (notes, titles, a plugin's
    error message) where the number's owner is not known."""
    return PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)


def known_secrets(people: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Each person's full phone number and address, with its masked form: the longest first, so that an address
    that contains another is replaced whole."""
    found: dict[str, str] = {}
    for doc in people:
        if (doc.get("phone") or "").strip():
            found[doc["phone"].strip()] = mask_phone(doc["phone"])
        if (doc.get("address") or "").strip():
            found[doc["address"].strip()] = mask_address(doc["address"])
    return dict(sorted(found.items(), key=lambda kv: -len(kv[0])))


def mask_known(text: str, secrets: dict[str, str]) -> str:
    for secret, masked in secrets.items():
        text = text.replace(secret, masked)
    return text


class OutputMask:
    """What a command prints goes through here: phone-shaped numbers and every known person's number and address
    (an address has no shape to recognise, so it is looked up). The people are read once, on the first output,
    from the source the command's data home registered; without one, or when it cannot be read, numbers only."""

    def __init__(self) -> None:
        self._source: Callable[[], dict[str, str]] | None = None
        self._secrets: dict[str, str] | None = None

    def watch(self, source: Callable[[], dict[str, str]] | None) -> None:
        self._source, self._secrets = source, None

    def __call__(self, text: str) -> str:
        if self._secrets is None:
            self._secrets = {}
            if self._source is not None:
                try:
                    self._secrets = self._source()
                except Exception:  # a broken or missing home: its own error is what is being printed
                    self._secrets = {}
        return mask_known(mask_numbers(text), self._secrets)


mask_output = OutputMask()
