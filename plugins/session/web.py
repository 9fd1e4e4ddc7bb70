"""The session plugin's pages on the web desk (`register_web_pages`): 会议 (/sessions), each session with its
figures (`session stats`) and its work before, during and after it (`session tasks`); each task opens on the
web desk's task page, where it is assigned or completed. A department sees the tasks it is responsible for."""

from __future__ import annotations

from pathlib import Path

from . import stats, tasks
from .commands import STATUS, _task_rows

WORKERS = ("clerk", "department", "leader")


def session_list(page):
    with page.reader() as tx:
        ctx = page.context(tx)
        sessions = sorted(ctx.directory.sessions(), key=lambda s: s.opens, reverse=True)
        counts = {}
        for session in sessions:
            mine = [t for t in tasks.task_items(ctx, session.id) if page.sees(t)]
            counts[session.id] = (sum(t.status != "done" for t in mine), len(mine))
    return page.render("session/list.html", title="会议", sessions=sessions, counts=counts)


def session_page(page, session_id: int):
    with page.reader() as tx:
        ctx = page.context(tx)
        found = next((s for s in ctx.directory.sessions() if s.id == session_id), None)
        if found is None:
            page.not_found()
        visible = {t.id for t in tasks.task_items(ctx, found.id) if page.sees(t)}
        rows = [r for r in _task_rows(page.app, tx, found.id) if r["id"] in visible]
        figures = stats.lines(found, stats.session_stats(ctx, found, page.today))[1:] \
            if page.user.role != "department" else []
    return page.render("session/page.html", title=found.name, session=found, rows=rows, figures=figures,
                       phases=tasks.PHASES, status=STATUS)


def register(register) -> None:
    register.templates(Path(__file__).resolve().parent / "templates")
    register.page("/sessions", session_list, roles=WORKERS, nav="会议", order=35)
    register.page("/sessions/<int:session_id>", session_page, roles=WORKERS)
