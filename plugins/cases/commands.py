"""`lianluo case …`: register a case of concern or a supervision case with its case number and the people
responsible at each level, record its written report, conclusion, result and report back, list and count."""

from __future__ import annotations

import click

from lianluo.kernel import (kinds_of, clean_text, date_option, day_or_today, Desk, emit, InputError, Item, item_lines,
                           json_option, pass_root, require_plugin, Root)

from . import stats
from .workflow import KINDS


@click.group(name="case")
def case() -> None:
    """代表关注案件、督办案件：登记、书面报告、审结、告知结果、报告督办机关。"""


@case.command(name="register")
@click.option("--kind", "kind", default="case", show_default=True, type=kinds_of(names=tuple(KINDS)),
              help="代表关注案件（case）|督办案件（supervision）")
@click.option("--title", required=True, help="案件名称或事由")
@click.option("--case-number", "case_number", required=True, help="案号，如 （2026）粤0103民初123号")
@click.option("--deputy", "deputies", multiple=True, required=True, help="关注本案的代表编号或姓名（可重复）")
@click.option("--division", required=True, help="承办庭室（部门编号或名称）")
@click.option("--panel", required=True, help="合议庭或承办法官")
@click.option("--chief", required=True, help="庭长")
@click.option("--vp", "vice_president", required=True, help="分管副院长")
@click.option("--sender", default="", help="督办机关（督办案件必填），如 区人大常委会、市中级人民法院")
@click.option("--content", help="代表反映的情况")
@date_option("收到日期（当日登记）")
@json_option
@pass_root
def case_register(root: Root, kind, title, case_number, deputies, division, panel, chief, vice_president, sender,
                  content, day, json_) -> None:
    """登记一件代表关注案件或督办案件，并交承办庭室。"""
    app = root.app()
    require_plugin(app, "cases")
    if kind not in KINDS:
        raise InputError("--kind", f"无效值 {kind!r}；可用：{'、'.join(KINDS)}")
    extra = {"case_number": clean_text(case_number, "--case-number", True, 100),
             "panel": clean_text(panel, "--panel", True, 100), "chief": clean_text(chief, "--chief", True, 100),
             "vice_president": clean_text(vice_president, "--vp", True, 100)}
    if kind == "supervision":
        extra["sender"] = clean_text(sender, "--sender", True, 100)
    day = day_or_today(day)
    with app.store.transaction() as tx:
        for doc in tx.find("items", kind=kind):
            if doc["extra"].get("case_number") == extra["case_number"] and doc["status"] != "closed":
                raise InputError("--case-number", f"案号 {extra['case_number']} 已登记为第 {doc['id']} 号，未办结")
        app.context(tx, None).directory.department(division, "--division")  # named as the clerk typed it
        desk = Desk(app, tx)
        found = desk.register(kind, title, list(deputies), day, channel="interim", content=content, extra=extra)
        found = desk.act(found.id, "assign", day, lead=division, co=[])
        lines = item_lines(app, tx, found)
    emit(json_, found.to_doc(), [f"已登记第 {found.id} 号", *lines])


# `case report`, `case conclude`, `case report-back` and `case notify` are built from the actions in actions.py.


@case.command(name="list")
@click.option("--open", "open_only", is_flag=True, help="只列未审结的")
@json_option
@pass_root
def case_list(root: Root, open_only, json_) -> None:
    """列出代表关注案件和督办案件。"""
    app = root.app()
    require_plugin(app, "cases")
    with app.store.reader() as tx:
        rows = [Item.from_doc(d) for d in tx.all("items") if d["kind"] in KINDS]
    if open_only:
        rows = [c for c in rows if c.status in ("registered", "assigned", "reported")]
    lines = [f"{c.id:>5}  {KINDS[c.kind].label}  {c.extra.get('case_number', '')}  {c.title}  "
             f"{KINDS[c.kind].workflow.states.get(c.status, c.status)}" for c in rows]
    emit(json_, [c.to_doc() for c in rows], lines or ["（没有案件）"])


@case.command(name="stats")
@click.option("--year", type=int, required=True, help="年度")
@json_option
@pass_root
def case_stats(root: Root, year, json_) -> None:
    """年度统计：登记、审结、按期书面报告、告知结果、督办报告（统计上报制度）。"""
    app = root.app()
    require_plugin(app, "cases")
    with app.store.reader() as tx:
        figures = stats.year_stats(app.context(tx, None), year)
    emit(json_, figures, stats.lines(year, figures))


def add_commands(cli: click.Group) -> None:
    cli.add_command(case)
