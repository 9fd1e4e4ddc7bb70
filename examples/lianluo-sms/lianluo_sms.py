"""lianluo-sms: an SMS notice channel for lianluo — the example third-party plugin.

It is a *channel*: it implements the kernel's ``deliver`` hook, which the tick calls after its own commit for
every notice still to be sent. The kernel records each notice as "sending" before the call and "delivered" or
"failed" after it, retries a failed one at the next tick, and marks one caught mid-send by a crash
"uncertain" for a person to check — so a channel never sends anything twice and never has to remember what it
sent. This one "sends" by appending one JSON line per text to an outbox file that the court's SMS gateway (or
a small job in front of it) reads; replace ``transmit()`` with a call to your gateway.

(lianluo also ships a built-in ``sms`` channel that posts to an HTTP gateway directly, docs/channels.md;
this example shows how any other channel is written.)

Enable it in the data home's ``profile.toml``::

    [plugins]
    enable = ["suggestions", "session", "reminders", "sms-file"]

    [sms_file]
    outbox = "sms-outbox.jsonl"      # relative to the data home; an absolute path is kept as is

    [sms_file.phones]                # person (or department) name -> mobile number
    "李庭长" = "13812345678"

Whom a notice is for is the kernel's business (the reminders plugin writes "立案庭（李庭长）", escalations
"王副院长（分管院领导）"); the number is the one on file for that person (``lianluo staff add`` or the
deputies' roster, found with ``lianluo.kernel.contact_of``), else the first of the names in the line found in
``[sms_file.phones]``. A notice with no number is left to another channel or the outbox (``None``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
from lianluo.kernel import (contact_of, emit, hookimpl, json_option, mask_phone, pass_root, ProfileError,
                            recipient_names, require_plugin, Root)

NAME = "sms-file"  # the entry-point name: what a profile's plugins.enable lists (and notice.route names)
SECTION = "sms_file"  # its profile section
DEFAULT_OUTBOX = "sms-outbox.jsonl"


# --- hooks --------------------------------------------------------------------------------------


@hookimpl
def check_profile(ctx):
    """At ``lianluo init``: refuse a [sms_file] section the plugin could not use, naming the key."""
    params = ctx.params(SECTION)
    params.str("outbox", DEFAULT_OUTBOX)
    for name, number in params.table("phones", {}).items():
        digits = str(number).strip()
        if not (digits.isascii() and digits.isdigit() and 5 <= len(digits) <= 15):
            raise ProfileError(f"配置参数 {SECTION}.phones.{name} 应为手机号（5 至 15 位数字）")


@hookimpl
def deliver(notice, ctx):
    """Text one notice. Return True once it is handed over, None when it is not ours (routed to another
    channel, or nobody's number is on file), raise when it could not be sent (the kernel retries it)."""
    if notice.route not in ("", NAME):
        return None
    name, phone = number_for(notice, ctx)
    if not phone:
        return None
    transmit(outbox_path(ctx.app), {"id": notice.id, "key": notice.key, "date": notice.date.isoformat(),
                                    "name": name, "phone": phone, "text": notice.text})
    return True


@hookimpl
def register_commands(cli):
    """Add ``lianluo sms-file list``."""
    cli.add_command(sms_file)


# --- whom to text -------------------------------------------------------------------------------


def number_for(notice, ctx) -> tuple[str, str]:
    """(name, mobile) for the notice's recipient: the kernel's contacts first, then [sms_file.phones]."""
    contact = contact_of(ctx.tx, notice)
    if contact is not None and contact.mobile:
        return contact.name, contact.mobile
    phones = ctx.params(SECTION).table("phones", {})
    for name in recipient_names(notice.to):
        if str(phones.get(name, "")).strip():
            return name, str(phones[name]).strip()
    return "", ""


# --- the outbox file ----------------------------------------------------------------------------


def outbox_path(app) -> Path:
    """``[sms_file] outbox`` of the app's profile, relative to its data home unless absolute."""
    path = Path(app.profile.params(SECTION).str("outbox", DEFAULT_OUTBOX)).expanduser()
    return path if path.is_absolute() else Path(app.home) / path


def read_outbox(path: Path) -> list[dict]:
    """Every message handed over so far (a line torn by a crash mid-write is skipped: never complete, never sent)."""
    lines = []
    for raw in (path.read_text(encoding="utf-8").splitlines() if path.exists() else []):
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue
    return lines


def transmit(path: Path, line: dict) -> None:
    """Hand one message to the gateway: append it, owner-only (it holds full numbers), and fsync before
    returning — the kernel records "delivered" only after this returns."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())


# --- a command ----------------------------------------------------------------------------------


@click.group(name="sms-file")
def sms_file() -> None:
    """短信发件箱（lianluo-sms 示例插件）。"""


@sms_file.command(name="list")
@json_option
@pass_root
def sms_file_list(root: Root, json_: bool) -> None:
    """列出已交给短信网关的短信（手机号脱敏）。"""
    app = root.app()
    require_plugin(app, NAME)  # installed plugins add commands in every home; refuse where not enabled
    rows = [{**line, "phone": mask_phone(str(line.get("phone", "")))} for line in read_outbox(outbox_path(app))]
    emit(json_, rows, [f"{r['date']} → {r['name']} {r['phone']}：{r['text']}" for r in rows] or ["（没有短信）"])
