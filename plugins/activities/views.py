"""`activity list | show | coverage | invite`: reading activities; nothing here writes.

`invite` only proposes: the invitation is recorded when the clerk runs `activity add --deputy …`.
"""

from __future__ import annotations

import datetime as dt
import secrets

import click

from lianluo.kernel import (BODY_LABELS, LEVEL_CHOICE, LabelChoice, check_encodable, choose, clean_text, day_or_today, emit, InputError,
                           json_option, Level, LEVEL_LABELS, level_name, pass_root, require_plugin, Root)

from . import coverage, invite, store
from .model import Activity, ActivityKind
from .record import KINDS, PLUGIN

METHODS = {"rotation": "轮流", "lottery": "抽签"}

ACTIONS = {"add": "登记", "attend": "记录出席", "report": "报送"}


def _number(value: str, field: str, low: int, high: int, why: str = "") -> int:
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise InputError(field, f"应为 {low} 到 {high} 之间的整数{why}，实为 {value!r}")
    return int(text)


def _summary(a: Activity) -> str:
    flags = ("  已报送" if a.report else "  未报送") + (f"  {a.late_note}" if a.late else "")
    return f"{a.id:>4}  {a.date}  {a.label}  {a.title}  邀请 {len(a.invited)} 人，出席 {len(a.attended)} 人{flags}"


@click.command(name="list")
@click.option("--year", help="只列该年度的活动")
@click.option("--kind", type=KINDS, help="只列该类型的活动（中文名称或代码）")
@json_option
@pass_root
def activity_list(root: Root, year: str | None, kind: str | None, json_: bool) -> None:
    """列出联络活动（按日期）。"""
    app = root.app()
    require_plugin(app, PLUGIN)
    year_value = _number(year, "--year", 1900, 2199) if year is not None else None
    kind_value = choose(ActivityKind, kind, "--kind") if kind is not None else None
    with app.store.reader() as tx:
        rows = [a for a in store.every(tx) if (year_value is None or a.date.year == year_value)
                and (kind_value is None or a.kind is kind_value)]
    emit(json_, [a.to_doc() for a in rows], [_summary(a) for a in rows] or ["（没有活动）"])


def _names(tx, ids) -> str:
    names = []
    for deputy_id in ids:
        doc = tx.get("deputies", deputy_id)
        names.append(f"{doc['name']}（{deputy_id}）" if doc else f"（{deputy_id}）")
    return "、".join(names) or "无"


@click.command(name="show")
@click.argument("activity_id", metavar="ID")
@json_option
@pass_root
def activity_show(root: Root, activity_id: str, json_: bool) -> None:
    """查看一次活动：受邀、出席、报送和办理记录。"""
    app = root.app()
    require_plugin(app, PLUGIN)
    with app.store.reader() as tx:
        a = store.load(tx, activity_id)
        invited, attended = _names(tx, a.invited), _names(tx, a.attended)
    lines = [f"活动 {a.id}：{a.label}「{a.title}」",
             f"  日期：{a.date}  告知联络办：{a.notified}" + (f"（{a.late_note}）" if a.late else "")]
    lines += [f"  {label}：{value}" for label, value in
              (("组织者", a.organizer), ("挂点组", a.group), ("关联案件", f"事项 {a.case}" if a.case else ""),
               ("同意安排的领导", a.approved_by)) if value]
    lines += ["  院领导带队"] if a.leader_led else []
    lines += [f"  受邀：{invited}", f"  出席：{attended}",
              f"  报送：{a.report}（{a.reported}）" if a.report else "  报送：未报送"]
    lines += [f"  {e.at} {ACTIONS.get(e.action, e.action)}（{e.who}）" for e in a.events]
    emit(json_, a.to_doc(), lines)


@click.command(name="coverage")
@click.option("--year", required=True, help="年度")
@json_option
@pass_root
def activity_coverage(root: Root, year: str, json_: bool) -> None:
    """对照配置的年度目标，列出联络活动覆盖的缺口（只计已记录出席的活动）。"""
    app = root.app()
    require_plugin(app, PLUGIN)
    year_value = _number(year, "--year", 1900, 2199)
    with app.store.reader() as tx:
        found = coverage.compute(app.context(tx, day_or_today(None)), year_value, dt.date(year_value, 12, 31))
    emit(json_, found.to_doc(), found.lines())


def _proposal_doc(deputy, last) -> dict:
    return {"id": deputy.id, "name": deputy.name, "level": deputy.level.value, "body": deputy.body.value,
            "group": deputy.group, "sector": deputy.sector, "last_invited": last[0].isoformat() if last else None}


def _sectors(roster, sectors: tuple[str, ...]) -> set[str]:
    """The sectors asked for, each one the roster knows (a misspelt 界别 would silently match nobody)."""
    known = sorted({d.sector for d in roster if d.sector})
    wanted = {clean_text(s, "--sector", True) for s in sectors}
    unknown = sorted(wanted - set(known))
    if unknown:
        raise InputError("--sector", f"名册中没有界别「{'、'.join(unknown)}」（现有：{'、'.join(known) or '无'}）")
    return wanted


@click.command(name="invite")
@click.option("--count", required=True, help="拟邀请人数")
@click.option("--method", default="rotation", show_default=True, type=LabelChoice(METHODS), help="轮流（rotation）|抽签（lottery）")
@click.option("--seed", help="抽签种子（同一种子、同一名册得出同一结果）；不给则随机生成并显示")
@click.option("--level", "levels", multiple=True, type=LEVEL_CHOICE, help="只在这些层级中选：全国|省|市|区|县（可多次给出）")
@click.option("--sector", "sectors", multiple=True,
              help="只在这些界别中选（可多次给出；邀请代表参加与其所属界别相关联的活动，荔湾规定第八条（九））")
@json_option
@pass_root
def activity_invite(root: Root, count: str, method: str, seed: str | None, levels: tuple[str, ...],
                    sectors: tuple[str, ...], json_: bool) -> None:
    """按轮流或抽签提出拟邀请的代表名单（只提名单，邀请用 activity add --deputy 记录）。"""
    app = root.app()
    require_plugin(app, PLUGIN)
    if method not in ("rotation", "lottery"):
        raise InputError("--method", f"无效值 {method!r}；可用：rotation、lottery")
    if seed is not None and method != "lottery":
        raise InputError("--seed", "种子只用于抽签（--method lottery）")
    if seed is not None:
        check_encodable(seed, "--seed")  # random.Random hashes the seed's UTF-8 bytes
    wanted = {choose(Level, v, "--level") for v in levels} or set(Level)
    with app.store.reader() as tx:
        roster = app.context(tx, None).directory.deputies()
        activities = store.every(tx)
    sector_set = _sectors(roster, sectors)
    eligible = [d for d in roster if d.level in wanted and (not sector_set or d.sector in sector_set)]
    if not eligible:
        raise InputError("--level" if levels else "--sector" if sectors else "--count",
                         "可选范围内没有代表（先用 lianluo deputy add 添加，或放宽 --level、--sector）")
    number = _number(count, "--count", 1, len(eligible), f"（可邀请的代表共 {len(eligible)} 位）")
    last = invite.last_invited(activities)
    if method == "rotation":
        chosen, seats = invite.rotation(eligible, activities, number), None
    else:
        seed = seed if seed is not None else secrets.token_hex(4)
        chosen, seats = invite.lottery(eligible, number, seed)
    rows = [_proposal_doc(d, last.get(d.id)) for d in chosen]
    doc = {"method": method, "seed": seed, "count": number, "eligible": len(eligible), "deputies": rows,
           "shares": {level.value: n for level, n in seats.items()} if seats else None}
    how = "轮流（最久未受邀者优先）" if method == "rotation" else f"抽签（种子 {seed}，同一种子可复现）"
    lines = [f"按{how}从 {len(eligible)} 人中提出 {number} 人："]
    lines += [f"  {r['id']:>4}  {r['name']}  {level_name(r['level'])}{BODY_LABELS[r['body']]}  {r['group']}  "
              f"上次受邀：{r['last_invited'] or '从未'}" for r in rows]
    lines.append("确认后登记：lianluo activity add … " + " ".join(f"--deputy {r['id']}" for r in rows))
    emit(json_, doc, lines)
