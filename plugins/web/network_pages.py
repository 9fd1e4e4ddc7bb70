"""The network on the web desk (docs/network.md): the liaison office of an upper organisation sees the
organisations below it and their matters, read-only, and on its own handed-down matter the lower's handling.

The boundary is the kernel's (`open_lower_organisation`): a code that is not below this home — a sibling, the
parent, a forged one — answers 404, as a matter of another department does. Only the liaison office (clerk)
crosses; a department, a leader or an admin of the upper organisation sees its own organisation only.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from lianluo.kernel import (FORMS_HINT, LianluoError, ReportPeriod, hand_down_matter, handed_down_lines, item_lines,
                            load_item, lower_organisations, network_rate_text, network_report, open_lower_organisation,
                            parse_date)

OFFICE = ("clerk",)


def _lower(page, code: str):
    try:
        return open_lower_organisation(page.app, code)
    except LianluoError:
        page.not_found()


def network_home(page):
    """联络网络: the organisations below, each with its matters and open clocks; and, for the period asked for,
    the figures of this organisation and those below, with each organisation's score and rank under this
    organisation's rules (`network_report`, as `lianluo network report`)."""
    rows = []
    for org in lower_organisations(page.app):
        lower = _lower(page, org["code"])
        with lower.store.reader() as tx:
            facts = tx.facts("items")
        rows.append({**org, "items": len(facts), "open": sum(1 for f in facts if f.get("open")),
                     "handed": sum(1 for f in facts if (f.get("extra") or {}).get("handed_from_org"))})
    period = (page.args.get("period") or "").strip()  # counted when asked: a year of every organisation below
    report = network_report(page.app, ReportPeriod.parse(period, "期间"), page.today) if rows and period else None
    return page.render("network.html", title="联络网络", orgs=rows, period=period or str(page.today.year), report=report,
                       hint=FORMS_HINT, rate=network_rate_text)


def network_org(page, code: str):
    """One organisation below: its matters, read-only (no forms)."""
    lower = _lower(page, code)
    with lower.store.reader() as tx:
        facts = tx.facts("items")
    rows = []
    for f in facts:
        kind = lower.kinds.get(f["kind"])
        rows.append({"id": f["id"], "kind": kind.label if kind else f["kind"], "title": f["title"],
                     "status": kind.workflow.states.get(f["status"], f["status"]) if kind else f["status"],
                     "received": f["received"], "handed": bool((f.get("extra") or {}).get("handed_from_org"))})
    name = next((o["name"] for o in lower_organisations(page.app) if o["code"] == code), code)
    return page.render("network_org.html", title=name, code=code, name=name, rows=rows)


def network_item(page, code: str, item_id: int):
    """One matter of an organisation below, as `item show` gives it there, read-only."""
    lower = _lower(page, code)
    try:
        with lower.store.reader() as tx:
            lines = item_lines(lower, tx, load_item(tx, item_id))
    except LianluoError:
        page.not_found()
    name = next((o["name"] for o in lower_organisations(page.app) if o["code"] == code), code)
    return page.render("network_item.html", title=f"{name} 第 {item_id} 号", code=code, name=name,
                       lines=[page.text(line) for line in lines])


def handed_down_panel(page, item):
    """On a matter handed down (or received from above): the other side's handling, read-only."""
    lines = handed_down_lines(page.app, item)
    if not lines:
        return None
    return Markup('<pre class="explain">') + escape("\n".join(page.text(line) for line in lines)) + Markup("</pre>")


def hand_down_panel(page, item):
    """On the office's own matter not yet handed down: a form to hand it to a direct child organisation."""
    if item.extra.get("handed_to_org") or item.extra.get("handed_from_org") or item.status in _finished(page, item):
        return None
    children = lower_organisations(page.app, children_only=True)
    if not children:
        return None
    return page.fragment("network_hand_down.html", item=item, children=children)


def _finished(page, item):
    kind = page.app.kinds.get(item.kind)
    return kind.workflow.finished if kind is not None and kind.table == "items" else {item.status}


def hand_down(page, item_id: int):
    """交办下级 (POST): the same hand-down as `lianluo network hand-down`, recorded under the person's name."""
    form = page.form
    day = parse_date(form.get("date") or page.today.isoformat(), "日期")
    due = parse_date(form["due"], "期限") if form.get("due") else None
    with page.reader() as tx:
        page.item(tx, item_id)
    done = hand_down_matter(page.app, item_id, form.get("to") or "", day, due)
    return page.redirect(f"/items/{item_id}", f"已交办 {done['name']}（登记为其第 {done['lower_item']} 号，期限 {done['due']}）")


def register(register) -> None:
    register.page("/network", network_home, roles=OFFICE, nav="联络网络", order=70)
    register.page("/network/<code>", network_org, roles=OFFICE)
    register.page("/network/<code>/items/<int:item_id>", network_item, roles=OFFICE)
    register.page("/items/<int:item_id>/hand-down", hand_down, roles=OFFICE, methods=("POST",))
    register.panel("item", handed_down_panel, roles=("clerk", "leader"), title="交办情况", order=60)
    register.panel("item", hand_down_panel, roles=OFFICE, title="交办下级单位", order=61)
