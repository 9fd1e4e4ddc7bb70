"""Tasks: work items plugins create (session work, reports, explanations), numbered apart from matters."""

from __future__ import annotations

import click

from ..desk import load_item
from ..errors import InputError
from ..item_view import item_lines
from ..models import Item
from .action_cmds import act_and_show
from .common import DATE, Root, date_option, day_or_today, emit, json_option, pass_root
from .filters import pick


@click.group(name="task")
def task() -> None:
    """工作任务：会前会后工作等由插件生成的任务。"""


@task.command(name="list")
@click.option("--session", "session_id", type=int, help="只列此会议的任务")
@click.option("--open", "open_only", is_flag=True, help="只列未完成的")
@click.option("--today", type=DATE, help="按哪一天判断逾期，默认今天")
@json_option
@pass_root
def task_list(root: Root, session_id, open_only, today, json_) -> None:
    """列出工作任务。"""
    app = root.app()
    day = day_or_today(today)
    with app.store.reader() as tx:
        if session_id is not None:
            pick(str(session_id), {str(d["id"]): d["name"] for d in tx.all("sessions")}, "--session", "（还没有会议）")
        rows = [Item.from_doc(d) for d in tx.all("tasks")]
    if session_id is not None:
        rows = [t for t in rows if t.session == session_id]
    if open_only:
        rows = [t for t in rows if any(c.is_open for c in t.clocks)]
    lines = []
    for t in rows:
        due = t.next_due
        late = "（已逾期）" if due and due < day else ""
        lines.append(f"{t.id:>5}  {t.title}  {t.extra.get('assignee', '')}  " + (f"{due} 到期{late}" if due else "已完成"))
    emit(json_, [t.to_doc() for t in rows], lines or ["（没有任务）"])


@task.command(name="show")
@click.argument("ref", metavar="ID")
@json_option
@pass_root
def task_show(root: Root, ref: str, json_: bool) -> None:
    """查看一项任务：期限、负责人、留痕。"""
    app = root.app()
    with app.store.reader() as tx:
        found = load_item(tx, ref, table="tasks")
        lines = item_lines(app, tx, found)
    emit(json_, found.to_doc(), lines)


@task.command(name="assign")
@click.argument("ref", metavar="ID")
@click.option("--person", help="负责人")
@click.option("--lead", help="负责部门（编号或名称）")
@date_option()
@json_option
@pass_root
def task_assign(root: Root, ref, person, lead, day, json_) -> None:
    """指定任务的负责人或负责部门。"""
    if not person and not lead:
        raise InputError("--person", "请用 --person 指定负责人，或用 --lead 指定部门")
    act_and_show(root, ref, "assign", day, json_, table="tasks", person=person, lead=lead)


@task.command(name="complete")
@click.argument("ref", metavar="ID")
@click.option("--note", default="", help="完成情况")
@date_option()
@json_option
@pass_root
def task_complete(root: Root, ref, note, day, json_) -> None:
    """完成一项任务（如旁听记录已交）。"""
    act_and_show(root, ref, "complete", day_or_today(day), json_, table="tasks", note=note)


COMMANDS = (task,)
