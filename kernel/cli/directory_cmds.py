"""Who is who: departments, deputies and congress sessions."""

from __future__ import annotations

import attrs
import click

from ..errors import InputError
from ..desk import clean_text
from ..models import Body, Department, Deputy, Level, Session
from ..privacy import mask_address, mask_phone
from ..hooks import call_strict
from ..vocab import BODY_LABELS, LEVEL_LABELS, choose, level_name, valid_phone  # noqa: F401 (LEVEL_LABELS: plugins import it here)
from .common import DATE, Root, date_option, day_or_today, emit, json_option, pass_root
from .choices import BODY, LEVEL
from .filters import pick

_text = clean_text  # the same check for every text a clerk types


@click.group(name="dept")
def dept() -> None:
    """承办部门：名称、负责人、分管领导。"""


@dept.command(name="add")
@click.argument("name")
@click.option("--head", required=True, help="部门负责人")
@click.option("--leader", required=True, help="分管领导")
@json_option
@pass_root
def dept_add(root: Root, name: str, head: str, leader: str, json_: bool) -> None:
    """添加承办部门。"""
    name = _text(name, "NAME", True)
    if name.isascii() and name.isdigit():
        raise InputError("NAME", "部门名称不能全是数字（数字用作部门编号）")
    head, leader = _text(head, "--head", True), _text(leader, "--leader", True)
    with root.app().store.transaction() as tx:
        if tx.find("departments", name=name):
            raise InputError("NAME", f"部门 {name!r} 已存在")
        dept_id = tx.insert("departments", {"name": name, "head": head, "leader": leader})
    found = Department(dept_id, name, head, leader)
    emit(json_, found.to_doc(), f"已添加部门 {dept_id}：{name}（负责人 {head}，分管领导 {leader}）")


@dept.command(name="list")
@json_option
@pass_root
def dept_list(root: Root, json_: bool) -> None:
    """列出承办部门。"""
    with root.app().store.reader() as tx:
        rows = [Department.from_doc(d) for d in tx.all("departments")]
    emit(json_, [d.to_doc() for d in rows],
         [f"{d.id:>4}  {d.name}  负责人 {d.head}  分管领导 {d.leader}" for d in rows] or ["（还没有部门）"])


@click.group(name="deputy")
def deputy() -> None:
    """代表和委员名册。"""


def _deputy_public(found: Deputy, unmasked: bool) -> dict:
    doc = found.to_doc()
    if not unmasked:
        doc["phone"], doc["address"] = mask_phone(found.phone), mask_address(found.address)
    return doc


@deputy.command(name="add")
@click.option("--name", required=True, help="姓名")
@click.option("--level", required=True, type=LEVEL, help="层级：全国|省|市|区|县（或 national|provincial|municipal|district|county）")
@click.option("--body", default="npc", show_default=True, type=BODY, help="类别：人大代表（npc）|政协委员（cppcc）")
@click.option("--group", default="", help="代表团或街道人大联组")
@click.option("--sector", default="", help="界别")
@click.option("--unit", default="", help="工作单位")
@click.option("--phone", default="", help="电话")
@click.option("--address", default="", help="地址")
@click.option("--liaison", default="", help="结对联络员")
@json_option
@pass_root
def deputy_add(root: Root, json_: bool, **fields: str) -> None:
    """添加一位代表或委员。"""
    values = {k: _text(v, f"--{k}", k == "name") for k, v in fields.items()}
    values["level"] = choose(Level, values["level"], "--level")
    values["body"] = choose(Body, values["body"], "--body")
    if not valid_phone(values["phone"]):
        raise InputError("--phone", f"电话号码只能包含数字、空格和连字符：{mask_phone(values['phone'])}")
    with root.app().store.transaction() as tx:
        deputy_id = tx.next_id("deputies")
        found = Deputy(id=deputy_id, **values)
        tx.put("deputies", found.to_doc())
    label = BODY_LABELS[found.body.value]
    emit(json_, _deputy_public(found, False),
         f"已添加{label} {deputy_id}：{found.name}（{level_name(found.level.value)}）")


@deputy.command(name="list")
@click.option("--liaison", help="只列与此联络员结对的代表")
@json_option
@pass_root
def deputy_list(root: Root, liaison: str | None, json_: bool) -> None:
    """列出名册（电话、地址已脱敏）。"""
    with root.app().store.reader() as tx:
        rows = [Deputy.from_doc(d) for d in tx.all("deputies")]
    if liaison:
        wanted = pick(liaison, {d.liaison: "" for d in rows if d.liaison}, "--liaison", "（名册中尚无结对联络员）")
        rows = [d for d in rows if d.liaison in wanted]
    emit(json_, [_deputy_public(d, False) for d in rows],
         [f"{d.id:>4}  {d.name}  {level_name(d.level.value)}{BODY_LABELS[d.body.value]}  {d.group}  {mask_phone(d.phone)}"
          for d in rows] or ["（名册为空）"])


@deputy.command(name="show")
@click.argument("deputy_id")
@json_option
@pass_root
def deputy_show(root: Root, deputy_id: str, json_: bool) -> None:
    """查看一位代表（电话、地址已脱敏）。"""
    app = root.app()
    with app.store.reader() as tx:
        found = app.context(tx, None).directory.deputy(deputy_id, "DEPUTY_ID")
    doc = _deputy_public(found, False)
    lines = [f"{found.id}  {found.name}  {level_name(found.level.value)}{BODY_LABELS[found.body.value]}"]
    lines += [f"  {label}：{doc[key]}" for key, label in
              (("group", "代表团/联组"), ("sector", "界别"), ("unit", "工作单位"), ("phone", "电话"),
               ("address", "地址"), ("liaison", "联络员")) if doc[key]]
    emit(json_, doc, lines)


@click.group(name="session")
def session() -> None:
    """人大、政协会议。"""


@session.command(name="add")
@click.option("--name", required=True, help="会议名称，如 区十七届人大五次会议")
@click.option("--opens", required=True, type=DATE, help="开幕日")
@click.option("--closes", required=True, type=DATE, help="闭幕日")
@click.option("--level", default="district", show_default=True, type=LEVEL, help="层级：全国|省|市|区|县")
@click.option("--body", default="npc", show_default=True, type=BODY, help="人大（npc）|政协（cppcc）")
@date_option("登记日期，默认今天")
@json_option
@pass_root
def session_add(root: Root, name: str, opens, closes, level: str, body: str, day, json_: bool) -> None:
    """登记一次会议。"""
    name = _text(name, "--name", True)
    if closes < opens:
        raise InputError("--closes", f"闭幕日 {closes} 早于开幕日 {opens}")
    level_value, body_value = choose(Level, level, "--level"), choose(Body, body, "--body")
    app = root.app()
    with app.store.transaction() as tx:
        session_id = tx.next_id("sessions")
        found = Session(session_id, name, opens, closes, level_value, body_value)
        tx.put("sessions", found.to_doc())
        call_strict(app.pm, "on_session", session=found, previous=None, ctx=app.context(tx, day_or_today(day)))
    emit(json_, found.to_doc(), f"已登记会议 {session_id}：{name}（{opens} 至 {closes}）")


@session.command(name="move")
@click.argument("session_id", metavar="ID")
@click.option("--opens", type=DATE, help="新的开幕日")
@click.option("--closes", type=DATE, help="新的闭幕日")
@date_option("改期决定的日期，默认今天")
@json_option
@pass_root
def session_move(root: Root, session_id: str, opens, closes, day, json_: bool) -> None:
    """会议改期：依会期计算的期限和会议工作任务全部重新计算，并逐件留痕。"""
    if opens is None and closes is None:
        raise InputError("--closes", "请给出新的开幕日或闭幕日")
    app = root.app()
    with app.store.transaction() as tx:
        previous = app.context(tx, None).directory.session(session_id, "ID")
        found = attrs.evolve(previous, opens=opens or previous.opens, closes=closes or previous.closes)
        if found.closes < found.opens:
            raise InputError("--closes", f"闭幕日 {found.closes} 早于开幕日 {found.opens}")
        tx.put("sessions", found.to_doc())
        call_strict(app.pm, "on_session", session=found, previous=previous, ctx=app.context(tx, day_or_today(day)))
    emit(json_, found.to_doc(), f"会议 {found.id}「{found.name}」改为 {found.opens} 至 {found.closes}，相关期限已重新计算")


@session.command(name="show")
@click.argument("session_id", metavar="ID")
@json_option
@pass_root
def session_show(root: Root, session_id: str, json_: bool) -> None:
    """查看一次会议及其会期内登记的事项数。"""
    app = root.app()
    with app.store.reader() as tx:
        found = app.context(tx, None).directory.session(session_id, "ID")
        items = tx.find("items", session=found.id)
    doc = {**found.to_doc(), "items": len(items)}
    emit(json_, doc, [f"{found.id}  {found.name}（{level_name(found.level.value)}{'人大' if found.body.value == 'npc' else '政协'}）",
                      f"  会期：{found.opens} 至 {found.closes}", f"  关联事项：{len(items)} 件"])


@session.command(name="list")
@json_option
@pass_root
def session_list(root: Root, json_: bool) -> None:
    """列出会议。"""
    with root.app().store.reader() as tx:
        rows = [Session.from_doc(d) for d in tx.all("sessions")]
    emit(json_, [s.to_doc() for s in rows],
         [f"{s.id:>4}  {s.name}  {s.opens} 至 {s.closes}" for s in rows] or ["（还没有会议）"])


COMMANDS = (dept, deputy, session)
