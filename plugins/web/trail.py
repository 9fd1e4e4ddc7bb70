"""留痕 (/audit): who did what, newest first — every step recorded in a matter's or a task's trail (the desk
writes the login name or the CLI's --as), and the lines of the kernel's `audit` table (unmasking personal
data, unmasked reports, roster imports, user changes on the web). Filter by person or by day."""

from __future__ import annotations

from lianluo.kernel import InputError, Item, parse_date

PER_PAGE = 100
ROLES = ("clerk", "leader", "admin")
DETAIL_SKIP = {"who", "account", "when", "what", "id"}


def _steps(page, tx) -> list[dict]:
    """Each recorded step of each matter and task, labelled as its kind's workflow names it."""
    rows = []
    for table, base in (("items", "/items"), ("tasks", "/tasks")):
        for doc in tx.all(table):
            item = Item.from_doc(doc)
            kind = page.app.kinds.get(item.kind)
            labels = kind.workflow.action_labels if kind else {}
            for event in item.events:
                action = page.app.actions.get(event.action)
                label = labels.get(event.action) or (action.label if action else event.action)
                rows.append({"when": event.recorded, "who": event.who, "what": label, "day": event.at.isoformat(),
                             "link": f"{base}/{item.id}", "ref": f"第 {item.id} 号 {item.title}"})
    return rows


def _lines(tx) -> list[dict]:
    """The audit table's lines: what is not a step of a matter."""
    return [{"when": d.get("when", ""), "who": d.get("who", ""), "what": d.get("what", ""),
             "day": (d.get("when") or "")[:10], "link": f"/items/{d['item']}" if d.get("item") else "",
             "ref": "；".join(f"{k}={v}" for k, v in d.items() if k not in DETAIL_SKIP), "account": d.get("account", "")}
            for d in tx.all("audit")]


def trail(page):
    who = (page.args.get("who") or "").strip()
    day = (page.args.get("day") or "").strip()
    if day:
        day = parse_date(day, "日期").isoformat()
    with page.reader() as tx:
        rows = _lines(tx) + _steps(page, tx)
    people = sorted({r["who"] for r in rows if r["who"]})
    if who:
        rows = [r for r in rows if r["who"] == who]
    if day:
        rows = [r for r in rows if r["day"] == day or r["when"].startswith(day)]
    rows.sort(key=lambda r: r["when"], reverse=True)
    try:
        number = max(1, int(page.args.get("page", "1")))
    except ValueError:
        raise InputError("页码", f"无效值 {page.args.get('page')!r}") from None
    pages = max(1, -(-len(rows) // PER_PAGE))
    query = {k: v for k, v in (("who", who), ("day", day)) if v}
    return page.render("trail.html", title="留痕", rows=rows[(number - 1) * PER_PAGE: number * PER_PAGE],
                       total=len(rows), number=number, pages=pages, people=people, who=who, day=day, query=query)


def register(register) -> None:
    register.page("/audit", trail, roles=ROLES, nav="留痕", order=80)
