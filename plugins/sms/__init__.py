"""The SMS channel: texts notices through an HTTP gateway (the shape of the usual Chinese SMS platforms is
configuration, plugins/sms/settings.py) by the kernel's `deliver` hook, so each is committed "sending" before
it goes and never sent twice; the gateway's message id is kept on the notice and its delivery receipts are
recorded by `lianluo sms receipts` (docs/channels.md)."""

from __future__ import annotations

from lianluo.kernel import MaybeSent, contact_of, hookimpl

from . import gateway, settings, texts
from .commands import sms

NAME = "sms"


@hookimpl
def check_profile(ctx):
    settings.load(ctx.params("sms"))


@hookimpl
def register_tables(register):
    register.table("sms_receipts")


@hookimpl
def register_commands(cli):
    cli.add_command(sms)


@hookimpl
def deliver(notice, ctx):
    if notice.route not in ("", NAME):
        return None
    found = settings.load(ctx.params("sms"))
    if found is None:
        return None
    contact = contact_of(ctx.tx, notice)
    if contact is None or not contact.mobile:
        return None  # nobody to text: another channel, or the outbox, holds it
    try:
        pieces = texts.parts(notice.text, found.max_length, found.long, found.max_parts)
    except texts.TooLong as exc:
        raise RuntimeError(str(exc)) from None
    ids: list[str] = []
    for piece in pieces:
        try:
            ids.append(gateway.send(found, contact.mobile, piece, ctx.app.home))
        except gateway.Refused as exc:
            if ids:  # the first parts went out: sending the whole again would repeat them
                raise MaybeSent(f"已发出 {len(ids)}/{len(pieces)} 条，其余失败：{exc}") from None
            raise RuntimeError(str(exc)) from None
        except MaybeSent as exc:
            raise MaybeSent(f"第 {len(ids) + 1}/{len(pieces)} 条：{exc}" if len(pieces) > 1 else str(exc)) from None
    return ",".join(i for i in ids if i) or True
