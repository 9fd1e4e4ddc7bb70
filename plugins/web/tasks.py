"""任务 (/tasks): the work items plugins create (session work, year-end explanations …), as `lianluo task list`
gives them — a department sees those it is responsible for; each opens on its own page (views.task_page)."""

from __future__ import annotations

from lianluo.kernel import InputError, Item

from .roles import WORKERS


def task_list(page):
    open_only = page.args.get("open") == "1"
    session = (page.args.get("session") or "").strip()
    with page.reader() as tx:
        directory = page.context(tx).directory
        sessions = {str(s.id): s.name for s in directory.sessions()}
        if session and session not in sessions:
            raise InputError("会议", f"无效值 {session!r}")
        rows = [t for t in (Item.from_doc(d) for d in tx.all("tasks")) if page.sees(t)
                and (not session or t.session == int(session)) and (not open_only or t.status != "done")]
        owners = {t.id: _owner(directory, t) for t in rows}
    rows.sort(key=lambda t: (t.status == "done", t.next_due or page.today, t.id))
    kinds = page.app.kinds
    return page.render("tasks.html", title="任务", rows=rows, owners=owners, sessions=sessions, session=session,
                       open_only=open_only, kinds=kinds)


def _owner(directory, task: Item) -> str:
    dept = directory.department_by_id(task.lead) if task.lead else None
    return dept.name if dept else task.extra.get("assignee", "")


def register(register) -> None:
    register.page("/tasks", task_list, roles=WORKERS, nav="任务", order=22)
