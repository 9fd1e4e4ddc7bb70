"""Who is reached where: a notice's recipient's e-mail and mobile, and which channels carry which notices.

Deputies' addresses are in the roster (`deputies`: `email`, `mobile`, else a mobile-shaped `phone`); staff —
department heads, leaders, the liaison office, whoever a notice names — are in the `staff` table
(`lianluo staff add`). Routing is the profile's `[delivery]` section: `routes` maps a notice type (`due`,
`chase`, `escalation`, `bulletin`, `greeting`, `letter` …) to the channels that carry it, `default` covers
the rest. A notice routed to two channels is posted once per channel, so that each copy has its own
delivery state and is never sent twice; a type routed nowhere goes to whichever channel takes it, and with
no channel enabled the outbox itself is the channel.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from .errors import InputError
from .models import Deputy, Notice
from .profile import Profile
from .store.protocol import Tx

MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
EMAIL = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+")


@attrs.frozen
class Contact:
    """Where one recipient can be reached; empty text means "not on file"."""

    name: str
    email: str = ""
    mobile: str = ""
    deputy: int | None = None


def mobile_of(text: str) -> str:
    """The number with spaces and hyphens dropped when it is a mainland mobile number, else ""."""
    digits = re.sub(r"[\s-]", "", text or "")
    return digits if MOBILE.fullmatch(digits) else ""


def check_email(text: str, field: str) -> str:
    text = (text or "").strip()
    if text and not EMAIL.fullmatch(text):
        raise InputError(field, f"电子邮箱格式不对：{text!r}")
    return text


def check_mobile(text: str, field: str) -> str:
    from .privacy import mask_phone

    text = (text or "").strip()
    if text and not mobile_of(text):
        raise InputError(field, f"手机号应为 11 位手机号码：{mask_phone(text)}")
    return mobile_of(text)


def deputy_contact(deputy: Deputy) -> Contact:
    return Contact(deputy.name, deputy.email, mobile_of(deputy.mobile) or mobile_of(deputy.phone), deputy.id)


def names_in(to: str) -> list[str]:
    """The names a recipient line may be filed under, most specific first: the line itself, the name in its
    brackets, the name before them — "部门甲（张某）" is 张某, else 部门甲; "李某（负责人）" is 李某."""
    to = to.strip()
    before, bracket, rest = to.partition("（")
    inside = rest.rpartition("）")[0] if bracket else ""
    return list(dict.fromkeys(n.strip() for n in (to, inside, before) if n.strip()))


def contact_of(tx: Tx, notice: Notice) -> Contact | None:
    """The notice's recipient as a contact: the deputy it names, else the staff member (or the one deputy)
    filed under one of the names its recipient line holds; None when nobody is on file."""
    if notice.deputy is not None:
        doc = tx.get("deputies", notice.deputy)
        return deputy_contact(Deputy.from_doc(doc)) if doc else None
    for name in names_in(notice.to):
        staff = tx.find("staff", name=name)
        if staff:
            doc = staff[0]
            return Contact(doc["name"], doc.get("email", ""), doc.get("mobile", ""))
        deputies = tx.find("deputies", name=name)
        if len(deputies) == 1:
            return deputy_contact(Deputy.from_doc(deputies[0]))
    return None


def routes(profile: Profile, notice_type: str) -> tuple[str, ...]:
    """The channels the profile sends this type of notice through, in order; () — any channel."""
    params = profile.params("delivery")
    table: dict[str, Any] = params.table("routes", {})
    chosen = table.get(notice_type, params.list("default", []))
    return tuple(dict.fromkeys(str(c) for c in chosen))


def routed(profile: Profile, enabled: set[str], notice: Notice) -> list[Notice]:
    """The notice once per channel its type is routed to (each keyed `KEY@channel`); channels not enabled are
    left out, and a notice routed to none is posted as it is."""
    chosen = [c for c in routes(profile, notice.type) if c in enabled]
    if not chosen or notice.route:
        return [notice]
    return [attrs.evolve(notice, key=f"{notice.key}@{channel}", route=channel) for channel in chosen]
