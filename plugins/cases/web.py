"""The cases plugin's pages on the web desk (`register_web_pages`, a hook the web plugin declares): the list of
cases of concern and supervision cases, and a box on each case's item page with its case number and the three levels answering for it.

It imports nothing from the web plugin: the view gets everything through the `page` helper it is handed.
"""

from __future__ import annotations

from pathlib import Path

from lianluo.kernel import Item

from .workflow import KINDS

WORKERS = ("clerk", "department", "leader")


def case_list(page):
    """案件: the cases the person may see, by kind, with their state and nearest due day."""
    with page.reader() as tx:
        cases = [i for i in (Item.from_doc(d) for d in tx.all("items")) if i.kind in KINDS and page.sees(i)]
        directory = page.context(tx).directory
        leads = {i.id: (directory.department_by_id(i.lead).name if i.lead else "") for i in cases}
    return page.render("cases/list.html", title="案件", cases=cases, kinds=KINDS, leads=leads)


def case_panel(page, item):
    """On a case's item page: its case number and who answers for it (nothing on other kinds)."""
    if item.kind not in KINDS:
        return None
    return page.fragment("cases/panel.html", item=item)


def register(register) -> None:
    register.templates(Path(__file__).resolve().parent / "templates")
    register.page("/cases", case_list, roles=WORKERS, nav="案件", order=40)
    register.panel("item", case_panel, roles=WORKERS, title="案件信息")
