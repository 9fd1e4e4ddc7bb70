"""The web desk's own pages (工作台, 事项, 登记, 通知, 用户), registered through `register_web_pages` like any
other plugin's: each is `view(page, **url_values)` and uses only the `Page` helper and `lianluo.kernel`."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel import (CHANNEL_LABELS, Clock, InputError, Item, ItemQuery, Notice, check_not_far_ahead,
                            explain_lines, items_page, parse_date, trail_text)

from . import forms
from . import rows as rows_of
from .roles import EVERYONE, WORKERS

PER_PAGE = 50
OPEN = "9999-12-31"  # tx.due(table, OPEN): every document with an open clock, read through the store's index
SOON = 10  # working days: a clock due within this many is "due soon" on the 工作台
CHANNELS = CHANNEL_LABELS


def workdays_left(calendar, today: dt.date, due: dt.date) -> int:
    """Working days from today to the due day (negative: working days overdue)."""
    step = 1 if due >= today else -1
    day, count = today, 0
    while day != due:
        day += dt.timedelta(days=step)
        if calendar.is_workday(day):
            count += step
    return count


def _soon_until(calendar, today: dt.date) -> dt.date:
    """The last day whose clocks are at most SOON working days away (later ones are not on the 工作台)."""
    day, count = today, 0
    while count < SOON:
        day += dt.timedelta(days=1)
        if calendar.is_workday(day):
            count += 1
    return day


HOME_ROWS = 100  # clocks a page of the 工作台 shows, the most urgent first


def _page_number(page) -> int:
    try:
        return max(1, int(page.args.get("page", "1")))
    except ValueError:
        raise InputError("页码", f"无效值 {page.args.get('page')!r}") from None


def home(page):
    """工作台: the person's open clocks that are overdue, escalated or due soon, most urgent first, with working
    days left, 100 a page. The clocks are chosen and ordered on the documents (rows.py); a row makes only its
    own clock a `Clock`, the working days are counted once per due day on the page (most rows share them),
    the departments read once."""
    number = _page_number(page)
    rows, total, overdue = [], 0, 0
    with page.reader() as tx:
        last_tick = tx.meta.get("last_tick")
        if page.user.role in WORKERS:
            calendar = page.app.calendar
            watched = rows_of.watched_clocks(page.user, tx.due("items", OPEN), _soon_until(calendar, page.today))
            total = len(watched)
            today = page.today.isoformat()
            overdue = sum(1 for due, _, _, _ in watched if due < today)
            names = {d.id: d.name for d in page.context(tx).directory.departments()}  # one read, not one a row
            left: dict[dt.date, int] = {}
            for _, _, doc, name in watched[(number - 1) * HOME_ROWS: number * HOME_ROWS]:
                clock = Clock.from_doc(next(c for c in doc["clocks"] if c["name"] == name))
                if clock.due not in left:
                    left[clock.due] = workdays_left(calendar, page.today, clock.due)
                owner = names.get(clock.owner if clock.owner is not None else doc.get("lead"), "联络办")
                rows.append({"item": {"id": doc["id"], "title": doc.get("title", "")}, "clock": clock,
                             "left": left[clock.due], "owner": owner,
                             "state": "已督办" if clock.level else ("逾期" if clock.due < page.today else "将到期")})
    panels = [(p.title, p.render(page)) for p in page.web.pages.panels_for("home", page.user.role)]
    late = (page.today - dt.date.fromisoformat(last_tick)).days if last_tick else 0
    return page.render("home.html", title="工作台", rows=rows, total=total, overdue=overdue, number=number,
                       pages=max(1, -(-total // HOME_ROWS)), last_tick=last_tick, panels=panels,
                       late=late if late > 1 else 0)


def _choices(page, tx) -> dict[str, dict[str, str]]:
    directory = page.context(tx).directory
    kinds = {k.name: k.label for k in page.app.kinds.kinds.values() if k.table == "items"}
    states = {code: label for k in page.app.kinds.kinds.values() if k.table == "items"
              for code, label in k.workflow.states.items()}
    return {
        "kind": kinds,
        "status": states,
        "dept": {str(d.id): d.name for d in directory.departments()},
        "session": {str(s.id): s.name for s in directory.sessions()},
        "deputy": {str(d.id): d.name for d in directory.deputies()},
        "channel": dict(CHANNELS),
    }


FILTER_LABELS = {"kind": "类型", "status": "状态", "dept": "部门", "session": "会议", "deputy": "代表", "channel": "来源"}


def _filters(page, choices) -> dict[str, str]:
    chosen = {}
    for key in FILTER_LABELS:
        value = (page.args.get(key) or "").strip()
        if not value:
            continue
        if value not in choices[key]:
            raise InputError(FILTER_LABELS[key], f"无效值 {value!r}")
        chosen[key] = value
    if page.user.role == "department":
        chosen["dept"] = str(page.user.dept)
    return chosen


def items(page):
    """事项: the matters the person sees, filtered and paged (50 a page), answered from the report facts
    (`items_page`: PostgreSQL filters and pages in SQL, the file store its cached summaries), so a page costs
    its 50 rows, not the home's every matter."""
    number = _page_number(page)
    with page.reader() as tx:
        choices = _choices(page, tx)
        chosen = _filters(page, choices)
        overdue = page.args.get("overdue") == "1"
        every = page.args.get("all") == "1" or "status" in chosen  # else the matters still running
        query = ItemQuery(kind=chosen.get("kind"), status=chosen.get("status"),
                          dept=int(chosen["dept"]) if "dept" in chosen else None,
                          session=int(chosen["session"]) if "session" in chosen else None,
                          deputy=int(chosen["deputy"]) if "deputy" in chosen else None, channel=chosen.get("channel"),
                          overdue=page.today if overdue else None, running=not every)
        total, shown = items_page(tx, "items", query, (number - 1) * PER_PAGE, PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    asked = {**chosen, **({"overdue": "1"} if overdue else {}), **({"all": "1"} if every else {})}
    return page.render("items.html", title="事项", rows=shown, total=total, number=number, pages=pages,
                       choices=choices, chosen=chosen, overdue=overdue, every=every, query=asked, labels=FILTER_LABELS,
                       kinds=page.app.kinds)


def item_page(page, item_id: int):
    """One matter: its state, people, clocks with their explanation, trail, notices and the actions allowed now."""
    return _matter(page, item_id, "items")


def task_page(page, task_id: int):
    """One task (session work, year-end explanations …): the same page as a matter's, its actions as forms."""
    return _matter(page, task_id, "tasks")


BASES = {"items": "/items", "tasks": "/tasks"}


def _matter(page, ref: int, table: str):
    with page.reader() as tx:
        item = page.item(tx, ref, table=table)
        directory = page.context(tx, item.received).directory
        deputies = [directory.deputy(d) for d in item.deputies]
        lead = directory.department_by_id(item.lead)
        co = [d.name for d in (directory.department_by_id(i) for i in item.co) if d]
        notices = [Notice.from_doc(d) for d in tx.find("notices", item=item.id)] if table == "items" else []
        explain = explain_lines(item, directory)[1:]
        session = directory.session(item.session).name if item.session else ""
        trail = [(e, trail_text(page.app, directory, e)) for e in item.events]
    if page.unmasked:
        with page.transaction() as tx:
            page.unmask_audited(tx, "item" if table == "items" else "task", item=item.id)
    kind = page.app.kinds.get(item.kind)
    ratings = page.app.actions.vocabulary("feedback", "rating")
    panels = [(p.title, p.render(page, item)) for p in page.web.pages.panels_for("item", page.user.role)]
    noun = "任务" if table == "tasks" else ""
    return page.render("item.html", title=f"{noun}第 {item.id} 号", item=item, kind=kind, deputies=deputies,
                       lead=lead, co=co, notices=notices, explain=explain, session=session, channels=CHANNELS,
                       labels=kind.workflow.action_labels if kind else {}, ratings=ratings, panels=panels,
                       forms=forms.forms_for(page.app, item, page.may_act), base=BASES[table], noun=noun, trail=trail)


def item_act(page, item_id: int, action: str):
    """Apply one declared action from its form; a refusal shows its message and writes nothing."""
    return _act(page, item_id, action, "items")


def task_act(page, task_id: int, action: str):
    return _act(page, task_id, action, "tasks")


def _act(page, ref: int, action: str, table: str):
    declared = page.app.actions.get(action)
    if declared is None:
        page.not_found()
    detail = forms.detail_from(declared, page.form)
    day = parse_date(page.form.get("date") or page.today.isoformat(), "日期")
    found = page.act(ref, action, day, table=table, **detail)
    kind = page.app.kinds.get(found.kind)
    label = kind.workflow.action_labels.get(action, declared.label) if kind else declared.label
    return page.redirect(f"{BASES[table]}/{found.id}", f"已{label}")


def item_new(page):
    """登记: the register form (GET) and registering (POST), as `lianluo item register` — a received day far
    ahead of today (calendar.future_days) is asked about again on the form instead of the CLI's --force."""
    with page.reader() as tx:
        directory = page.context(tx).directory
        deputies = directory.deputies()
        sessions = directory.sessions()
    kinds = [k for k in page.app.kinds.kinds.values() if k.registrable]
    shown = {"kinds": kinds, "deputies": deputies, "sessions": sessions, "channels": CHANNELS, "values": {},
             "ahead": None}
    if page.method == "POST":
        form = page.form
        day = parse_date(form.get("date") or page.today.isoformat(), "收到日期")
        try:
            check_not_far_ahead(page.app.profile, day, form.get("date_confirmed") == "1", "收到日期")
        except InputError:
            values = {k: form.get(k) or "" for k in ("kind", "title", "date", "channel", "session", "content")}
            values["deputy"] = form.getlist("deputy")
            ahead = {"day": day, "days": (day - page.today).days}
            return page.render("item_new.html", title="登记事项", **{**shown, "values": values, "ahead": ahead}), 400
        with page.transaction() as tx:
            found = page.desk(tx).register(
                form.get("kind") or "", form.get("title") or "", form.getlist("deputy"), day,
                form.get("channel") or None, form.get("session") or None, form.get("content") or None)
        return page.redirect(f"/items/{found.id}", f"已登记第 {found.id} 号")
    return page.render("item_new.html", title="登记事项", **shown)


def notices(page):
    """通知: what the kernel owes people, newest first, with its delivery state; a department sees those about
    its own matters."""
    with page.reader() as tx:
        rows = [Notice.from_doc(d) for d in tx.all("notices")]
        if page.user.role == "department":
            visible: dict[int, bool] = {}
            for notice in rows:
                if notice.item is not None and notice.item not in visible:
                    doc = tx.get("items", notice.item)
                    visible[notice.item] = doc is not None and page.sees(Item.from_doc(doc))
            rows = [n for n in rows if n.item is not None and visible.get(n.item)]
    rows.reverse()
    number = _page_number(page)
    pages = max(1, -(-len(rows) // PER_PAGE))
    return page.render("notices.html", title="通知", rows=rows[(number - 1) * PER_PAGE: number * PER_PAGE],
                       number=number, pages=pages, total=len(rows))


def register(register) -> None:
    register.page("/", home, roles=EVERYONE, nav="工作台", order=10)
    register.page("/items", items, roles=WORKERS, nav="事项", order=20)
    register.page("/items/new", item_new, roles=("clerk",), methods=("GET", "POST"), nav="登记", order=25)
    register.page("/items/<int:item_id>", item_page, roles=WORKERS)
    register.page("/items/<int:item_id>/actions/<action>", item_act, roles=WORKERS, methods=("POST",))
    register.page("/tasks/<int:task_id>", task_page, roles=WORKERS)
    register.page("/tasks/<int:task_id>/actions/<action>", task_act, roles=WORKERS, methods=("POST",))
    register.page("/notices", notices, roles=WORKERS, nav="通知", order=60)
