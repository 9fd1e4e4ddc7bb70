"""The liaison desk: registering items and applying actions, with validation before any change.

Everything here runs inside one store transaction: a refusal or a plugin error anywhere leaves the data
file as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from . import alarms, links, outbox
from .actions import Step
from .context import App
from .delivery import post_routed
from .errors import InputError, LianluoError, RefusedError
from .hooks import call_strict
from .models import Channel, Effects, Event, Item, Notice
from .plugins import not_enabled_hint
from .session_match import session_on
from .textcheck import check_encodable, check_text  # noqa: F401 (check_encodable: plugins import it here)
from .store.protocol import Tx

TITLE_MAX = 500
TEXT_MAX = 20000


def now_stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def clean_text(value: str | None, field: str, required: bool = False, limit: int = 200) -> str:
    """Stripped text, refused (naming the field) when empty but required, too long, or not storable."""
    text = (value or "").strip()
    check_text(text, field)
    if required and not text:
        raise InputError(field, "不能为空")
    if len(text) > limit:
        raise InputError(field, f"过长（{len(text)} 字，上限 {limit} 字）")
    return text


NOUN = {"items": ("事项", "item"), "tasks": ("任务", "task")}


def record_by_id(tx: Tx, table: str, ref: str | int, noun: str, listing: str, field: str = "ID") -> dict[str, Any]:
    """The record a clerk named by its number, or the one-line refusal that says where the numbers are listed
    (`listing`, e.g. "lianluo bulletin list") — the same lookup for every plugin's own records."""
    text = str(ref).strip()
    doc = tx.get(table, int(text)) if (text.isascii() and text.isdigit()) else None
    if doc is None:
        raise InputError(field, f"{noun} {text!r} 不存在（用 {listing} 查看编号）")
    return doc


def load_item(tx: Tx, ref: str | int, field: str = "ID", table: str = "items") -> Item:
    noun, command = NOUN.get(table, ("事项", "item"))
    return Item.from_doc(record_by_id(tx, table, ref, noun, f"lianluo {command} list", field))


def save_item(app: App, tx: Tx, item: Item) -> None:
    """Store the item in its kind's table with its index key: the day its next clock threshold falls."""
    tx.put(app.kinds.table_of(item.kind), {**item.to_doc(), "next_check": alarms.next_check(item, app.calendar)})


def merge_effects(item: Item, answers: list, hook: str) -> tuple[Item, list[tuple[str, Notice]]]:
    """Apply every plugin's Effects; two plugins claiming the same clock or status is an error."""
    claimed: dict[str, str] = {}
    status_by: tuple[str, str] | None = None
    notices: list[tuple[str, Notice]] = []
    for answer in answers:
        effects = answer.result
        if not isinstance(effects, Effects):
            raise LianluoError(f"插件 {answer.plugin} 的 {hook} 返回了 {type(effects).__name__}，应为 Effects")
        for clock in effects.clocks:
            if clock.name in claimed:
                raise LianluoError(f"插件 {claimed[clock.name]} 与 {answer.plugin} 都设置了期限 {clock.name}")
            claimed[clock.name] = answer.plugin
            item = item.with_clock(clock)
        if effects.status is not None:
            if status_by and status_by[1] != effects.status:
                raise LianluoError(f"插件 {status_by[0]} 与 {answer.plugin} 给出了不同的状态")
            status_by = (answer.plugin, effects.status)
        notices.extend((answer.plugin, n) for n in effects.notices)
        if effects.extra:
            item = attrs.evolve(item, extra={**item.extra, **effects.extra})
    if status_by:
        item = attrs.evolve(item, status=status_by[1])
    return item, notices


def _outbox(app: App, tx: Tx, item: Item, event_no: int, day: dt.date,
            drafts: list[tuple[str, Notice]]) -> list[Notice]:
    return [
        notice for index, (plugin, draft) in enumerate(drafts, 1)
        for notice in post_routed(app, tx, attrs.evolve(draft, key=f"item/{item.id}/event-{event_no}/{plugin}/{index}",
                                                        item=item.id, date=day, sent=day, type=draft.type or "notice"))
    ]


def _prefixed(exc: LianluoError, prefix: str) -> tuple:
    """The arguments to rebuild `exc` with its message prefixed (the field, if any, kept)."""
    if isinstance(exc, InputError):
        return (exc.field, prefix + exc.message)
    return (prefix + str(exc),)


class Desk:
    """Registering and acting on items, for the CLI and for embedders."""

    def __init__(self, app: App, tx: Tx):
        self.app = app
        self.tx = tx

    def register(
        self,
        kind: str,
        title: str,
        deputies: list[str],
        day: dt.date,
        channel: str | None = None,
        session: str | None = None,
        content: str | None = None,
        extra: dict[str, Any] | None = None,
        by_plugin: bool = False,
    ) -> Item:
        """Register an item; `by_plugin` lets a plugin create the kinds clerks cannot (session tasks)."""
        app, tx = self.app, self.tx
        found = app.kinds.get(kind)
        if found is None or not (found.registrable or by_plugin):
            choices = "、".join(f"{k.name}（{k.label}）" for k in app.kinds.kinds.values() if k.registrable)
            hint = not_enabled_hint(app.pm, "register_kinds", kind) if found is None else ""
            raise InputError("--kind", f"未知事项类型 {kind!r}；可用：{choices or '无（未启用事项插件）'}{hint}")
        title = clean_text(title, "--title", True, TITLE_MAX)
        content = clean_text(content, "--content", False, TEXT_MAX)
        if not deputies and found.requires_deputy:
            raise InputError("--deputy", "至少指明一位代表")
        directory = app.context(tx, day).directory
        deputy_ids = []
        for ref in deputies:
            deputy_id = directory.deputy(ref).id
            if deputy_id not in deputy_ids:
                deputy_ids.append(deputy_id)
        session_obj = directory.session(session) if session else None
        if not channel and session_obj is None:
            session_obj = session_on(directory, day, deputy_ids)
        try:
            chosen = Channel(channel) if channel else (Channel.SESSION if session_obj else Channel.INTERIM)
        except ValueError:
            raise InputError("--channel", f"无效值 {channel!r}；可用：session、interim、spot、online") from None
        if chosen is not Channel.SESSION and session and session_obj is not None:
            raise InputError("--session", f"来源为 {chosen.value} 的事项不属于会议期间，不应指明 --session")
        if chosen is not Channel.SESSION:
            session_obj = None
        if chosen is Channel.SESSION and session_obj is None:
            session_obj = session_on(directory, day, deputy_ids)
            if session_obj is None:
                raise InputError("--session", f"{day} 不在任何已登记的会议期间，会议期间提出的事项须用 --session 指明会议")
        if session_obj is not None and day < session_obj.opens and not by_plugin:
            raise InputError("--date", f"{day} 早于会议「{session_obj.name}」开幕日 {session_obj.opens}")
        item_id = tx.next_id(found.table)
        event = Event("register", day, app.user, now_stamp(), {"kind": kind})
        item = Item(
            id=item_id,
            kind=kind,
            title=title,
            content=content,
            deputies=tuple(deputy_ids),
            received=day,
            status=found.workflow.initial,
            channel=chosen,
            session=session_obj.id if session_obj else None,
            events=(event,),
            extra=dict(extra or {}),
        )
        answers = call_strict(app.pm, "on_received", item=item, ctx=app.context(tx, day))
        item, drafts = merge_effects(item, answers, "on_received")
        save_item(app, tx, item)
        _outbox(app, tx, item, 1, day, drafts)
        return item

    def act(self, ref: str | int, action: str, day: dt.date, *, table: str = "items", **detail: Any) -> Item:
        """Apply a workflow action: check the dates, let the action derive its changes, check the state,
        record the event, run the hooks, save, and let linked items follow when the action cascades.

        An action no plugin declares (but a workflow allows) changes nothing but the state and the trail."""
        app, tx = self.app, self.tx
        item = load_item(tx, ref, table=table)
        if day < item.received:
            raise InputError("--date", f"{day} 早于事项登记日期 {item.received}")
        last = max(e.at for e in item.events)
        if day < last:
            raise InputError("--date", f"{day} 早于本事项上一次办理记录的日期 {last}；办理记录须按时间先后登记")
        workflow = app.kinds.get(item.kind).workflow
        for key, value in detail.items():
            if isinstance(value, str):
                check_text(value, f"--{key.replace('_', '-')}")
        record = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in detail.items()
                  if v not in (None, (), [], "")}
        declared = app.actions.get(action)
        step = (declared.apply(item, detail, app.context(tx, day)) if declared and declared.apply else None) or Step()
        record.update(step.record)
        action = step.action or action
        target = workflow.target(item.status, action, item.id)
        event = Event(action, day, app.user, now_stamp(), record)
        item = attrs.evolve(item, status=target, events=item.events + (event,), **step.changes)
        answers = call_strict(app.pm, "on_transition", item=item, action=action, event=event,
                              ctx=app.context(tx, day))
        item, drafts = merge_effects(item, answers, "on_transition")
        save_item(app, tx, item)
        _outbox(app, tx, item, len(item.events), day, drafts)
        if app.actions.cascades(action) and item.primary is None and table == "items":  # tasks are never linked
            self._cascade(item, action, day, detail)
        if declared is not None and declared.after is not None and declared.name == action:
            item = declared.after(self, item, day)
        return item

    def catch_up(self, member: Item, day: dt.date) -> Item:
        """A newly linked item takes the steps its primary has already taken (approval …), dated today."""
        primary = load_item(self.tx, member.primary)
        workflow = self.app.kinds.get(member.kind).workflow
        for event in primary.events:
            current = load_item(self.tx, member.id)
            if self.app.actions.cascades(event.action) and event.action in workflow.allowed(current.status):
                detail = {k: v for k, v in event.detail.items() if k != "via"}
                self._guarded(member.id, event.action, day, {**detail, "via": primary.id})
        return load_item(self.tx, member.id)

    def _guarded(self, member_id: int, action: str, day: dt.date, detail: dict[str, Any]) -> None:
        try:
            self.act(member_id, action, day, **detail)
        except (InputError, RefusedError) as exc:
            raise type(exc)(*_prefixed(exc, f"并案事项 {member_id}：")) from None

    def redate(self, ref: str | int, clocks: list, day: dt.date, reason: str, table: str = "items",
               action: str = "redate") -> Item:
        """Give an item re-dated clocks (a plugin moved their anchor), with one event in its trail named by
        `action` (e.g. "session-move"), so the trail says why the days moved."""
        item = load_item(self.tx, ref, table=table)
        for clock in clocks:
            item = item.with_clock(clock)
        detail = {"clocks": {c.name: c.due.isoformat() for c in clocks}, "reason": reason}
        item = attrs.evolve(item, events=item.events + (Event(action, day, self.app.user, now_stamp(), detail),))
        save_item(self.app, self.tx, item)
        return item

    def _cascade(self, primary: Item, action: str, day: dt.date, detail: dict[str, Any]) -> None:
        """Items handled as one class follow their primary item's handling; each keeps its own record."""
        workflow_of = self.app.kinds.get
        links.build(self.tx)
        for member_id in links.members(self.tx, primary.id):
            member = load_item(self.tx, member_id)
            if action in workflow_of(member.kind).workflow.allowed(member.status):
                self._guarded(member.id, action, day, {**detail, "via": primary.id})
