"""Masking personal data (PIPL): phone numbers and addresses are shown masked unless asked otherwise."""

from __future__ import annotations

import re

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
