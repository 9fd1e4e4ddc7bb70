"""Recording an activity, who came, and its report (一活动一报送): the work behind `activity add | attend |
report`, offered to other plugins as operations (`activities.add`, `.attend`, `.report`, see `register_tables`).

Every check runs before anything is written, so a refusal leaves the data as they were. A deputy recorded as
attending who was not on the invitation list is added to it too (a deputy may come along uninvited).
"""

from __future__ import annotations

import datetime as dt

from lianluo.kernel import choose, clean_text, Event, HookContext, InputError, now_stamp, TEXT_MAX, TITLE_MAX

from . import notice, store
from .model import TABLE, Activity, ActivityKind
from .settings import Settings

ADD, ATTEND, REPORT = "activities.add", "activities.attend", "activities.report"


def deputy_ids(ctx, refs: tuple[str, ...], field: str = "--deputy") -> tuple[int, ...]:
    """Roster ids for the references given, each checked, in order, without repeats."""
    ids: list[int] = []
    for ref in refs:
        deputy = ctx.directory.deputy(ref, field)
        if deputy.id not in ids:
            ids.append(deputy.id)
    return tuple(ids)


CASE_KINDS = ("case", "supervision")  # the cases plugin's kinds: only these have hearings to attend


def _case(tx, ref: str | None) -> int | None:
    if ref is None:
        return None
    text = ref.strip()
    doc = tx.get("items", int(text)) if text.isascii() and text.isdigit() else None
    if doc is None:
        raise InputError("--case", f"事项 {text!r} 不存在（关注案件须先用 lianluo case register 登记）")
    if doc["kind"] not in CASE_KINDS:
        raise InputError("--case", f"事项 {text} 不是代表关注案件或督办案件（关注案件须先用 lianluo case register 登记）")
    return int(text)


def _group(ctx, value: str) -> str:
    group = clean_text(value, "--group")
    known = sorted({d.group for d in ctx.directory.deputies() if d.group})
    if group and group not in known:
        raise InputError("--group", f"名册中没有「{group}」（现有：{'、'.join(known) or '无'}）")
    return group


def _event(ctx: HookContext, action: str, at: dt.date, **detail) -> Event:
    return Event(action=action, at=at, who=ctx.app.user, recorded=now_stamp(), detail=detail)


def add(ctx: HookContext, kind: str, day: dt.date, title: str, deputies: tuple[str, ...] = (),
        case_ref: str | None = None, organizer: str = "", group: str = "", leader_led: bool = False,
        notified: dt.date | None = None, late_reason: str = "", approved_by: str = "") -> tuple[Activity, str | None]:
    """A new activity, its listed deputies invited; returns it and the lateness warning, if any."""
    kind_value = choose(ActivityKind, kind, "--kind")
    title = clean_text(title, "--title", True, TITLE_MAX)
    organizer = clean_text(organizer, "--organizer")
    late_reason = clean_text(late_reason, "--late-reason")
    approved_by = clean_text(approved_by, "--approved-by")
    notified = notified or ctx.today
    settings = Settings.load(ctx)
    warning = notice.check(settings, kind_value, day, notified, late_reason)
    notice.check_approval(settings, kind_value, approved_by)
    invited = deputy_ids(ctx, deputies)
    case = _case(ctx.tx, case_ref)
    group = _group(ctx, group)
    activity = Activity(id=ctx.tx.next_id(TABLE), kind=kind_value, date=day, title=title, notified=notified,
                        organizer=organizer, group=group, leader_led=leader_led, invited=invited, case=case,
                        late=warning is not None, late_reason=late_reason if warning else "",
                        approved_by=approved_by)
    activity = activity.noted(_event(ctx, "add", ctx.today, invited=list(invited), notified=notified.isoformat(),
                                     late=activity.late, late_reason=activity.late_reason, approved_by=approved_by))
    store.save(ctx.tx, activity)
    return activity, warning


def attend(ctx: HookContext, activity_id: str | int, deputies: tuple[str, ...], day: dt.date) -> tuple[Activity, tuple[int, ...]]:
    """Record who came; returns the activity and those added to the invitation list."""
    activity = store.load(ctx.tx, activity_id)
    if day < activity.date:
        raise InputError("--date", f"{day} 早于活动日期 {activity.date}")
    came = deputy_ids(ctx, deputies)
    again = [d for d in came if d in activity.attended]
    if again:
        raise InputError("--deputy", f"代表 {'、'.join(map(str, again))} 已记为出席活动 {activity.id}")
    added = tuple(d for d in came if d not in activity.invited)
    activity = activity.noted(_event(ctx, "attend", day, deputies=list(came), added_to_invited=list(added)),
                              attended=activity.attended + came, invited=activity.invited + added)
    store.save(ctx.tx, activity)
    return activity, added


def report(ctx: HookContext, activity_id: str | int, text: str, day: dt.date) -> Activity:
    """The activity's report; a second one replaces the text, the old one stays in the trail."""
    text = clean_text(text, "--text", True, TEXT_MAX)
    activity = store.load(ctx.tx, activity_id)
    if day < activity.date:
        raise InputError("--date", f"{day} 早于活动日期 {activity.date}")
    activity = activity.noted(_event(ctx, "report", day, text=text, replaces=activity.report),
                              report=text, reported=day)
    store.save(ctx.tx, activity)
    return activity
