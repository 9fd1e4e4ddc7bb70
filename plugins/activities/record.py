"""`activity add | attend | report`: the command line over service.py (recording an activity, who came, and its
report, 一活动一报送)."""

from __future__ import annotations

import click

from lianluo.kernel import DATE, LabelChoice, date_option, day_or_today, emit, json_option, pass_root, require_plugin, Root

from . import service
from .model import KIND_LABELS

KINDS = LabelChoice({kind.value: label for kind, label in KIND_LABELS.items()})

PLUGIN = "activities"


@click.command(name="add")
@click.option("--kind", required=True, type=KINDS,
              help="类型：走访|旁听庭审|视察、评议|座谈会|参与调解|见证执行|释法答疑|旁听合议庭评议|列席审判委员会会议|其他（或其代码 visit、hearing …）")
@click.option("--date", "day", required=True, type=DATE, help="活动日期")
@click.option("--title", required=True, help="活动名称")
@click.option("--deputy", "deputies", multiple=True, help="受邀代表编号或姓名（可多次给出）")
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
    with app.store.transaction() as tx:
        activity, warning = service.add(app.context(tx, day_or_today(None)), kind, day, title, deputies, case_ref,
                                        organizer, group, leader_led, notified, late_reason, approved_by)
    if warning:
        click.echo(warning, err=True)
    late = "（逾期告知）" if activity.late else ""
    emit(json_, activity.to_doc(),
         f"已登记活动 {activity.id}：{day} {activity.label}「{activity.title}」，邀请代表 {len(activity.invited)} 人{late}")


@click.command(name="attend")
@click.argument("activity_id", metavar="ID")
@click.option("--deputy", "deputies", multiple=True, required=True, help="出席的代表编号或姓名（可多次给出）")
@date_option("记录出席的日期，默认今天；不得早于活动日期")
@json_option
@pass_root
def activity_attend(root: Root, activity_id: str, deputies: tuple[str, ...], day, json_: bool) -> None:
    """记录出席活动的代表；不在邀请名单中的一并补记为受邀。"""
    app = root.app()
    require_plugin(app, PLUGIN)
    day = day_or_today(day)
    with app.store.transaction() as tx:
        activity, added = service.attend(app.context(tx, day), activity_id, deputies, day)
    came = activity.events[-1].detail["deputies"]
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
    with app.store.transaction() as tx:
        activity = service.report(app.context(tx, day), activity_id, text, day)
    emit(json_, activity.to_doc(), f"活动 {activity.id} 已报送（{day}）")
