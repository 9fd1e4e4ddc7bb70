"""`activity add | attend | report`: recording an activity, who came, and its report (一活动一报送).

Every check runs inside the store transaction before anything is written, so a refusal leaves the data
file as it was. A deputy recorded as attending who was not on the invitation list is added to it too
(a deputy may come along uninvited); the output says so.
"""

from __future__ import annotations

import click

from lianluo.kernel.cli.common import DATE, Root, date_option, day_or_today, emit, json_option, pass_root, require_plugin
from lianluo.kernel.vocab import choose
from lianluo.kernel.desk import TEXT_MAX, TITLE_MAX, clean_text, now_stamp
from lianluo.kernel.errors import InputError
from lianluo.kernel.models import Event

from . import notice, store
from .model import TABLE, Activity, ActivityKind
from .settings import Settings

PLUGIN = "activities"


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


def _event(root: Root, action: str, at, **detail) -> Event:
    return Event(action=action, at=at, who=root.user, recorded=now_stamp(), detail=detail)


@click.command(name="add")
@click.option("--kind", required=True, help="类型：visit|hearing|inspection|symposium|mediation|enforcement|qa|panel（旁听合议庭评议）|committee（列席审委会）|other")
@click.option("--date", "day", required=True, type=DATE, help="活动日期")
@click.option("--title", required=True, help="活动名称")
@click.option("--deputy", "deputies", multiple=True, help="受邀代表编号（可多次给出）")
@click.option("--case", "case_ref", help="关联的代表关注案件（事项编号）")
@click.option("--organizer", default="", help="组织者（如挂点联络员；结对走访按此与名册中的联络员比对）")
@click.option("--group", default="", help="挂点组（名册中的代表团或街道人大联组）")
@click.option("--leader-led", is_flag=True, help="院领导带队")
@click.option("--notified", type=DATE, help="告知联络办的日期，默认今天")
@click.option("--late-reason", default="", help="未按期告知联络办而确已举行的活动，补登时说明原因（计入统计，标记为逾期告知）")
@click.option("--approved-by", default="", help="同意安排的分管院领导（旁听合议庭评议、列席审委会须先经同意）")
@json_option
@pass_root
def activity_add(root: Root, kind: str, day, title: str, deputies: tuple[str, ...], case_ref: str | None,
                 organizer: str, group: str, leader_led: bool, notified, late_reason: str, approved_by: str,
                 json_: bool) -> None:
    """登记一次联络活动，所列代表记为受邀。"""
    app = root.app()
    require_plugin(app, PLUGIN)
    kind_value = choose(ActivityKind, kind, "--kind")
    title = clean_text(title, "--title", True, TITLE_MAX)
    organizer = clean_text(organizer, "--organizer")
    late_reason = clean_text(late_reason, "--late-reason")
    approved_by = clean_text(approved_by, "--approved-by")
    today = day_or_today(None)
    notified = notified or today
    with app.store.transaction() as tx:
        ctx = app.context(tx, today)
        settings = Settings.load(ctx)
        warning = notice.check(settings, kind_value, day, notified, late_reason)
        notice.check_approval(settings, kind_value, approved_by)
        invited = deputy_ids(ctx, deputies)
        case = _case(tx, case_ref)
        group = _group(ctx, group)
        activity = Activity(id=tx.next_id(TABLE), kind=kind_value, date=day, title=title, notified=notified,
                            organizer=organizer, group=group, leader_led=leader_led, invited=invited, case=case,
                            late=warning is not None, late_reason=late_reason if warning else "",
                            approved_by=approved_by)
        activity = activity.noted(_event(root, "add", today, invited=list(invited), notified=notified.isoformat(),
                                         late=activity.late, late_reason=activity.late_reason,
                                         approved_by=approved_by))
        store.save(tx, activity)
    if warning:
        click.echo(warning, err=True)
    late = "（逾期告知）" if activity.late else ""
    emit(json_, activity.to_doc(),
         f"已登记活动 {activity.id}：{day} {activity.label}「{title}」，邀请代表 {len(invited)} 人{late}")


@click.command(name="attend")
@click.argument("activity_id", metavar="ID")
@click.option("--deputy", "deputies", multiple=True, required=True, help="出席的代表编号（可多次给出）")
@date_option("记录出席的日期，默认今天；不得早于活动日期")
@json_option
@pass_root
def activity_attend(root: Root, activity_id: str, deputies: tuple[str, ...], day, json_: bool) -> None:
    """记录出席活动的代表；不在邀请名单中的一并补记为受邀。"""
    app = root.app()
    require_plugin(app, PLUGIN)
    day = day_or_today(day)
    with app.store.transaction() as tx:
        ctx = app.context(tx, day)
        activity = store.load(tx, activity_id)
        if day < activity.date:
            raise InputError("--date", f"{day} 早于活动日期 {activity.date}")
        came = deputy_ids(ctx, deputies)
        again = [d for d in came if d in activity.attended]
        if again:
            raise InputError("--deputy", f"代表 {'、'.join(map(str, again))} 已记为出席活动 {activity.id}")
        added = tuple(d for d in came if d not in activity.invited)
        activity = activity.noted(_event(root, "attend", day, deputies=list(came), added_to_invited=list(added)),
                                  attended=activity.attended + came, invited=activity.invited + added)
        store.save(tx, activity)
    extra = f"（其中 {len(added)} 人不在邀请名单中，已补记为受邀）" if added else ""
    emit(json_, activity.to_doc(), f"活动 {activity.id}：已记录出席 {len(came)} 人，共出席 {len(activity.attended)} 人{extra}")


@click.command(name="report")
@click.argument("activity_id", metavar="ID")
@click.option("--text", required=True, help="活动信息报送内容")
@date_option("报送日期，默认今天；不得早于活动日期")
@json_option
@pass_root
def activity_report(root: Root, activity_id: str, text: str, day, json_: bool) -> None:
    """报送活动信息（一活动一报送）；再次报送以新文本为准，旧文本留在记录中。"""
    app = root.app()
    require_plugin(app, PLUGIN)
    day = day_or_today(day)
    text = clean_text(text, "--text", True, TEXT_MAX)
    with app.store.transaction() as tx:
        activity = store.load(tx, activity_id)
        if day < activity.date:
            raise InputError("--date", f"{day} 早于活动日期 {activity.date}")
        activity = activity.noted(_event(root, "report", day, text=text, replaces=activity.report),
                                  report=text, reported=day)
        store.save(tx, activity)
    emit(json_, activity.to_doc(), f"活动 {activity.id} 已报送（{day}）")
