"""The closed vocabularies clerks type and read (levels, bodies, phone numbers), checked in one place for
the CLI and for roster files alike."""

from __future__ import annotations

import enum
import re

from .errors import InputError

LEVEL_LABELS = {"national": "全国", "provincial": "省", "municipal": "市", "district": "区", "county": "县"}
BODY_LABELS = {"npc": "人大代表", "cppcc": "政协委员"}
PHONE = re.compile(r"[0-9][0-9 -]*")


def level_name(level: str) -> str:
    """How a level is said before 人大代表: 区级, 省级 … but 全国 (全国人大代表, never 全国级)."""
    label = LEVEL_LABELS[level]
    return label if level == "national" else f"{label}级"


def choose(enum_type: type[enum.Enum], value: str, field: str) -> enum.Enum:
    """The enum member spelt `value`, or an InputError listing the choices."""
    try:
        return enum_type(value)
    except ValueError:
        raise InputError(field, f"无效值 {value!r}；可用：{'、'.join(e.value for e in enum_type)}") from None


def valid_phone(phone: str) -> bool:
    return not phone or PHONE.fullmatch(phone) is not None
