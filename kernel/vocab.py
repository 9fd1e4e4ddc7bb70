"""The closed vocabularies clerks type and read (levels, bodies, phone numbers), checked in one place for
the CLI and for roster files alike."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping

import attrs

from .errors import InputError

LEVEL_LABELS = {"national": "全国", "provincial": "省", "municipal": "市", "district": "区", "county": "县"}
BODY_LABELS = {"npc": "人大代表", "cppcc": "政协委员"}
PHONE = re.compile(r"[0-9][0-9 -]*")

# Other words clerks and real rosters use for a level or a body: 区级, 县级 …; 人大, 政协.
LEVEL_WORDS = {f"{label}级": level for level, label in LEVEL_LABELS.items() if level != "national"}
BODY_WORDS = {"人大": "npc", "政协": "cppcc", "人大代表": "npc", "政协委员": "cppcc", "代表": "npc", "委员": "cppcc"}
ROLE = re.compile(r"(?P<level>全国|省|市|区|县)?级?(?P<body>人大代表|人大|政协委员|政协)?")


def level_and_body(text: str) -> tuple[str | None, str | None]:
    """A 层级 cell as real rosters write it — 区, 区级, 区人大代表, 市政协委员, 全国人大代表, 政协委员 — as
    (level code, body code), either None when the words do not say it; (None, None) when it is not such words."""
    words = "".join(text.split())
    if words in LEVEL_LABELS:
        return words, None
    match = ROLE.fullmatch(words) if words else None
    if match is None or not (match["level"] or match["body"]):
        return None, None
    level = next((code for code, label in LEVEL_LABELS.items() if label == match["level"]), None)
    return level, BODY_WORDS.get(match["body"]) if match["body"] else None


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


@attrs.frozen
class Vocabulary:
    """A closed set of values a clerk types (ratings, reply categories, contact modes …), each with its
    Chinese label; defined once, by the plugin that owns it."""

    name: str
    labels: Mapping[str, str]

    def __contains__(self, value: object) -> bool:
        return value in self.labels

    def __iter__(self):
        return iter(self.labels)

    def label(self, value: str) -> str:
        """The value's Chinese label, or the value itself when it is not one of ours."""
        return self.labels.get(value, value)

    def check(self, value: str | None, field: str, allowed: Iterable[str] | None = None) -> str:
        """`value`, or an InputError naming `field` and listing the values allowed (all, or `allowed`)."""
        choices = tuple(self.labels if allowed is None else allowed)
        if value not in choices:
            raise InputError(field, f"无效值 {value!r}；可用：{'、'.join(choices)}")
        return value


def valid_phone(phone: str) -> bool:
    return not phone or PHONE.fullmatch(phone) is not None
