"""A notice as a MIME message: UTF-8 text, a Chinese subject (RFC 2047), the sender's and the recipient's names,
a Message-ID derived from the notice's key (so a mail server can tell a resend by hand from a new message),
and the notice's attachment, if any."""

from __future__ import annotations

import hashlib
import mimetypes
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from pathlib import Path

from lianluo.kernel import Contact, Notice

from .settings import Settings

SUBJECT_MAX = 40


def subject_of(notice: Notice, organisation: str) -> str:
    """The notice's own subject, else its first line (the reminders' 【到期提醒】… lines read well as subjects)."""
    if notice.subject:
        return notice.subject
    first = (notice.text.strip().splitlines() or [""])[0]
    first = first if len(first) <= SUBJECT_MAX else first[:SUBJECT_MAX - 1] + "…"
    return f"{first}（{organisation}）" if organisation else first


def build(notice: Notice, contact: Contact, settings: Settings, organisation: str, home: Path) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject_of(notice, organisation)
    msg["From"] = formataddr((settings.sender_name or organisation, settings.sender))
    msg["To"] = formataddr((contact.name, contact.email))
    msg["Date"] = formatdate(localtime=True)
    digest = hashlib.sha256(notice.key.encode("utf-8")).hexdigest()[:20]
    msg["Message-ID"] = f"<lianluo.{notice.id}.{digest}@{settings.domain}>"
    msg["X-Lianluo-Notice"] = str(notice.id)
    msg.set_content(notice.text.rstrip() + "\n", charset="utf-8")
    if notice.attachment:
        path = home / notice.attachment
        kind, _ = mimetypes.guess_type(path.name)
        main, _, sub = (kind or "application/octet-stream").partition("/")
        msg.add_attachment(path.read_bytes(), maintype=main, subtype=sub, filename=path.name)
    return msg
