"""lianluo-sms: an SMS-gateway notice channel for lianluo — the example third-party plugin.

For every warning, due day, chase and escalation that the built-in ``reminders`` plugin notifies, this
plugin queues a short text message to the same person: it appends one JSON line per message to an
outbox file, which the court's SMS gateway (or a small job in front of it) reads and sends.

Enable it in the data home's ``profile.toml``::

    [plugins]
    enable = ["suggestions", "session", "reminders", "sms"]

    [sms]
    outbox = "sms-outbox.jsonl"      # relative to the data home; an absolute path is kept as is

    [sms.phones]                     # person (or department) name -> mobile number
    "李庭长" = "13812345678"

Who is texted follows the same profile settings as the ``reminders`` plugin, so changing the chain
changes both: warnings, due days and chases go to the handler (``[reminders.kinds.KIND] handler =
"item.FIELD"``, else the head of the department that owns the clock, else the item's assignee or the
liaison office); escalation level N goes to step N of ``[reminders] escalation`` (``department.leader``,
``organisation.head``, ``item.FIELD`` or a fixed name). Numbers are looked up by name in ``[sms.phones]``.

What it returns: one notice of type ``"sms"`` per message, to the same person, saying that the message
was queued for the MASKED number (or that no number is on file). The kernel stores these like any notice,
so ``lianluo tick`` and ``lianluo notices`` show what was texted. Full numbers go only into the outbox
file — the gateway needs them — which is created readable by its owner only.

Exactly once: the tick calls a hook at most once per threshold, but it commits after the hooks ran; if
it fails before committing, the next tick calls the hook again. Each line therefore carries the firing's
stable ``key`` (``item/1/reply/r1/chase-2``), and a key already in the outbox is not written twice.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
from lianluo.kernel import (emit, hookimpl, json_option, ledger_key, mask_phone, pass_root, PointKind, ProfileError,
                           require_plugin, Root)

NAME = "sms"  # the entry-point name: what a profile's plugins.enable lists
DEFAULT_OUTBOX = "sms-outbox.jsonl"
TITLE_MAX = 12  # a long title is cut so that a message fits in one 70-character SMS


# --- hooks --------------------------------------------------------------------------------------


@hookimpl
def check_profile(ctx):
    """At ``lianluo init``: refuse an [sms] section the plugin could not use, naming the key."""
    params = ctx.params("sms")
    params.str("outbox", DEFAULT_OUTBOX)
    for name, number in params.table("phones", {}).items():
        digits = str(number).strip()
        if not (digits.isascii() and digits.isdigit() and 5 <= len(digits) <= 15):
            raise ProfileError(f"配置参数 sms.phones.{name} 应为手机号（5 至 15 位数字）")


@hookimpl
def on_due(item, clock, point, today, ctx):
    """Text the handler at a warning, due or chase point."""
    return send(item, clock, point, 0, today, ctx)


@hookimpl
def on_escalate(item, clock, level, point, today, ctx):
    """Text the person at escalation level `level`."""
    return send(item, clock, point, level, today, ctx)


@hookimpl
def register_commands(cli):
    """Add ``lianluo sms list``."""
    cli.add_command(sms)


# --- sending ------------------------------------------------------------------------------------


def send(item, clock, point, level, today, ctx):
    """Queue one message for this threshold and return the notice that records it (number masked)."""
    person = recipient(item, clock, level, ctx)
    if not person:
        return None  # past the end of the escalation chain: the reminders plugin is silent too
    phone = str(ctx.params("sms").table("phones", {}).get(person, "")).strip()
    if not phone:
        return [ctx.draft(person, f"未发短信：配置 [sms.phones] 中没有 {person} 的手机号", type="sms", level=level)]
    text = message(item, clock, point, ctx)
    queue(outbox_path(ctx.app), {
        "key": ledger_key(item.id, clock, point, ctx.kinds.table_of(item.kind)),
        "date": point.date.isoformat(),
        "queued": today.isoformat(),
        "name": person,
        "phone": phone,
        "text": text,
    })
    return [ctx.draft(person, f"已发短信至 {mask_phone(phone)}：{text}", type="sms", level=level)]


def recipient(item, clock, level, ctx) -> str | None:
    """The name of the person the reminders plugin writes to at this level (0: the handler), or None past
    the end of the chain; where the rules name nobody, the liaison office (as the reminders plugin does)."""
    reminders = ctx.params("reminders")
    own = reminders.get(f"kinds.{item.kind}", None) or {}
    dept = ctx.directory.department_by_id(clock.owner or item.lead)
    office = ctx.directory.organisation.get("liaison_office") or None
    if level == 0:
        handler = own.get("handler") or ""
        if handler.startswith("item.") and item.extra.get(handler[5:]):
            return item.extra[handler[5:]]
        return (dept.head or dept.name) if dept is not None else item.extra.get("assignee") or office
    chain = own.get("escalation", reminders.list("escalation", []))
    if level > len(chain):
        return None
    step = chain[level - 1]
    if step.startswith("item."):
        name = item.extra.get(step[5:])
    elif step == "department.leader":
        name = (dept.leader or dept.name) if dept is not None else None
    elif step == "organisation.head":
        name = ctx.directory.organisation.get("head")
    else:
        name = step  # a fixed recipient written in the chain
    return name or office


def message(item, clock, point, ctx) -> str:
    """The short text: what, which deadline, and what to do."""
    kind = ctx.kinds.get(item.kind)
    title = item.title if len(item.title) <= TITLE_MAX else item.title[:TITLE_MAX] + "…"
    subject = f"{kind.label if kind else item.kind}第{item.id}号《{title}》{clock.label or clock.name}"
    if point.kind is PointKind.WARN:
        return f"{subject}将于{clock.due}到期，请按期办理。"
    if point.kind is PointKind.DUE:
        return f"{subject}于{clock.due}到期，请及时报告办理结果。"
    if point.kind is PointKind.CHASE:
        return f"{subject}已逾期（{clock.due}到期），第{point.number}次催办，请加快办理。"
    return f"{subject}已逾期，经催办仍未报告办理结果，请予督办。"


# --- the outbox file ----------------------------------------------------------------------------


def outbox_path(app) -> Path:
    """``[sms] outbox`` of the app's profile, relative to its data home unless absolute."""
    path = Path(app.profile.params("sms").str("outbox", DEFAULT_OUTBOX)).expanduser()
    return path if path.is_absolute() else Path(app.home) / path


def read_outbox(path: Path) -> list[dict]:
    """Every message queued so far."""
    return _parse(path.read_text(encoding="utf-8")) if path.exists() else []


def _parse(text: str) -> list[dict]:
    lines = []
    for raw in text.splitlines():
        try:
            lines.append(json.loads(raw))
        except ValueError:  # a torn line from a crash mid-write: never sent, so skipped
            continue
    return lines


def queue(path: Path, line: dict) -> None:
    """Append one message unless its key is already queued; the file is created owner-only."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if any(queued.get("key") == line["key"] for queued in _parse(old)):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        out.write(("\n" if old and not old.endswith("\n") else "") + json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())


# --- a command ----------------------------------------------------------------------------------


@click.group(name="sms")
def sms() -> None:
    """短信通知（lianluo-sms 插件）。"""


@sms.command(name="list")
@json_option
@pass_root
def sms_list(root: Root, json_: bool) -> None:
    """列出已排队的短信（手机号脱敏）。"""
    app = root.app()
    require_plugin(app, NAME)  # installed plugins add commands in every home; refuse where not enabled
    rows = [{**line, "phone": mask_phone(str(line.get("phone", "")))} for line in read_outbox(outbox_path(app))]
    emit(json_, rows, [f"{r['date']} → {r['name']} {r['phone']}：{r['text']}" for r in rows] or ["（没有短信）"])
