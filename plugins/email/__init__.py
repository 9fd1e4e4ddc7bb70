"""The e-mail channel: sends notices over SMTP (STARTTLS, SSL or plain, with a login) through the kernel's
`deliver` hook, so each is committed "sending" before it goes and never sent twice (docs/channels.md).

Takes the notices routed to "email" (profile `[delivery.routes]`) and, when a notice is routed nowhere, any
whose recipient has an e-mail address; the rest are left to the next channel or the outbox."""

from __future__ import annotations

from pathlib import Path

from lianluo.kernel import contact_of, hookimpl

from . import message, settings, smtp

NAME = "email"


@hookimpl
def check_profile(ctx):
    settings.load(ctx.params("email"))


@hookimpl
def deliver(notice, ctx):
    if notice.route not in ("", NAME):
        return None
    found = settings.load(ctx.params("email"))
    if found is None:
        return None
    contact = contact_of(ctx.tx, notice)
    if contact is None or not contact.email:
        return None  # nobody to write to: another channel, or the outbox, holds it
    organisation = ctx.directory.organisation.get("name", "")
    msg = message.build(notice, contact, found, organisation, Path(ctx.app.home))
    try:
        smtp.send(found, msg, contact.email)
    except smtp.Refused as exc:
        raise RuntimeError(str(exc)) from None
    return msg["Message-ID"]
