"""Masking personal data (PIPL): phone numbers and addresses are shown masked unless asked otherwise."""

from __future__ import annotations


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
