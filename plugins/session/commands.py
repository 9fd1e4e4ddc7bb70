"""`session tasks`, `session observe` and `session stats`: the session plugin's own commands."""

from __future__ import annotations

import click

from lianluo.kernel import (date_option, day_or_today, Desk, emit, InputError, json_option, pass_root,
                           require_plugin, Root)

from . import stats, tasks

STATUS = {"open": "待办", "done": "已完成"}


def _task_rows(app, tx, session_id: int) -> list[dict]:
    ctx = app.context(tx, None)
    rows = []
    for item in sorted(tasks.task_items(ctx, session_id), key=lambda i: (i.clocks[0].due if i.clocks else None, i.id)):
        clock = item.clock("task")
        dept = ctx.directory.department_by_id(clock.owner if clock else None)
        rows.append({"id": item.id, "phase": item.extra.get("phase"), "task": item.extra.get("task"),
                     "group": item.extra.get("group", ""), "title": item.title, "status": item.status,
                     "owner": dept.name if dept else item.extra.get("assignee", ""),
                     "due": clock.due.isoformat() if clock else None,
                     "clock": clock.status.value if clock else None})
    return rows


@click.command(name="tasks")
@click.argument("session_id", metavar="ID")
@json_option
@pass_root
def session_tasks(root: Root, session_id: str, json_: bool) -> None:
    """列出一次会议的会前、会中、会后工作任务。"""
    app = root.app()
    require_plugin(app, "session")
    with app.store.reader() as tx:
        session = app.context(tx, None).directory.session(session_id, "ID")
        rows = _task_rows(app, tx, session.id)
    lines = [f"{session.name}（{session.opens} 至 {session.closes}）的工作任务："]
    lines += [f"{r['id']:>5}  {tasks.PHASES.get(r['phase'], '')}  {r['title']}  负责：{r['owner'] or '未指定'}  "
              f"{r['due']} 到期  {STATUS.get(r['status'], r['status'])}" for r in rows]
    emit(json_, rows, lines if rows else lines + ["（没有任务）"])


@click.command(name="observe")
@click.argument("session_id", metavar="ID")
@click.option("--group", required=True, help="代表团或街道人大联组")
@click.option("--person", required=True, help="旁听的中层干部（挂点联络员）")
@date_option()
@json_option
@pass_root
def session_observe(root: Root, session_id: str, group: str, person: str, day, json_: bool) -> None:
    """安排中层干部旁听某代表团或联组审议工作报告（第二十六条）。"""
    app = root.app()
    require_plugin(app, "session")
    day = day_or_today(day)
    with app.store.transaction() as tx:
        ctx = app.context(tx, day)
        session = ctx.directory.session(session_id, "ID")
        found = [i for i in tasks.task_items(ctx, session.id)
                 if i.extra.get("group") == group and i.extra.get("phase") == "during" and i.status == "open"]
        if not found:
            groups = "、".join(sorted({i.extra.get("group") for i in tasks.task_items(ctx, session.id)
                                      if i.extra.get("group")})) or "无"
            raise InputError("--group", f"会议 {session.id} 没有「{group}」的旁听任务（现有：{groups}）")
        item = Desk(app, tx).act(found[0].id, "assign", day, table="tasks", person=person)
    emit(json_, item.to_doc(), f"已安排 {person} 旁听{group}审议（任务 {item.id}）")


@click.command(name="stats")
@click.argument("session_id", metavar="ID")
@click.option("--today", type=click.STRING, default=None, help="统计截至日期，默认今天")
@json_option
@pass_root
def session_stats(root: Root, session_id: str, today: str | None, json_: bool) -> None:
    """本次会议的统计：事项、答复、按期、满意、任务完成（每次会议重新计数）。"""
    from lianluo.kernel import parse_date

    app = root.app()
    require_plugin(app, "session")
    day = parse_date(today, "--today") if today else day_or_today(None)
    with app.store.reader() as tx:
        ctx = app.context(tx, day)
        session = ctx.directory.session(session_id, "ID")
        figures = stats.session_stats(ctx, session, day)
    emit(json_, figures, stats.lines(session, figures))


def add_commands(cli: click.Group) -> None:
    group = cli.commands.get("session")
    if group is None:  # the kernel always has it; a stripped-down embedding may not
        return
    for command in (session_tasks, session_observe, session_stats):
        group.add_command(command)
