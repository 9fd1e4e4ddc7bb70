"""`lianluo network demo`: a fictional intermediate court and three basic courts on one PostgreSQL database,
a year of matters handed down, handled below, chased from above, ticked as one network, and the 全市法院
year report whose figures are the sum of the four — all through the CLI's own commands, as clerks would.

Why a command of its own (under `network`) rather than `demo --network`: the single-court demo runs on the file store anywhere;
this one needs a PostgreSQL server (the network lives in one database) and builds four homes in a folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import random
import secrets
from pathlib import Path

import click

from lianluo.kernel import (InputError, PathType, RefusedError, Root, emit, json_option, network_rate_text, pass_root,
                            run_command)

DEMO_USER = "示例联络办"
UPPER = ("zy", "示例市中级人民法院", "liwan-court", "甲某某")
LOWERS = (("jq", "示例甲区人民法院", "county-court", "乙某某"), ("yq", "示例乙区人民法院", "county-court", "丙某某"),
          ("bx", "示例丙县人民法院", "county-court", "丁某某"))
DEPARTMENTS = (("立案庭", "戊庭长", "己副院长"), ("民一庭", "庚庭长", "辛副院长"), ("执行局", "壬局长", "癸副院长"))
TOPICS = ("诉讼服务", "执行难", "多元解纷", "家事审判", "涉企案件", "法治宣传", "司法公开", "诉源治理")
REPLY = ("A", "B", "C")


def _org(folder: Path, code: str) -> Root:
    return Root(folder / code, DEMO_USER, {})


def _set_up(root: Root, name: str, profile: str, head: str, store: str, level: str, deputies: int) -> None:
    run_command(root, "init", "--profile", profile, "--org", name, "--head", head, "--store", store)
    for dept, chief, leader in DEPARTMENTS:
        run_command(root, "dept", "add", dept, "--head", chief, "--leader", leader)
    for n in range(1, deputies + 1):
        run_command(root, "deputy", "add", "--name", f"{name[2:4]}代表{n:02d}", "--level", level)


def _agenda(year: int, matters: int, rng: random.Random) -> list[tuple[dt.date, int, str, tuple]]:
    """(day, order, what, args) for the year: each matter registered and approved above, handed down the next
    day, then handled below — most replied, rated and closed; every fifth left unanswered (chased, escalated)."""
    steps = []
    first = dt.date(year, 1, 20)
    for k in range(matters):
        day = first + dt.timedelta(days=k * 300 // max(matters, 1))
        lower = LOWERS[k % len(LOWERS)][0]
        steps.append((day, 0, "register", (k,)))
        steps.append((day + dt.timedelta(days=1), 1, "hand-down", (k, lower)))
        steps.append((day + dt.timedelta(days=2), 2, "assign", (k, lower)))
        steps.append((day + dt.timedelta(days=3), 3, "accept", (k, lower)))
        if k % 5 == 4:
            continue  # left late: the upper's clocks chase the lower's office, then its head
        replied = day + dt.timedelta(days=rng.randint(15, 50))
        steps.append((replied, 4, "reply", (k, lower, rng.choice(REPLY))))
        steps.append((replied + dt.timedelta(days=10), 5, "feedback", (k, lower, rng.choice(("satisfied", "basic")))))
        steps.append((replied + dt.timedelta(days=12), 6, "close", (k, lower)))
    for k in range(matters // 3):  # the intermediate court's own matters, handled by its own departments
        day = first + dt.timedelta(days=5 + k * 280 // max(matters // 3, 1))
        steps.append((day, 0, "own", (k,)))
        for offset, what in ((1, "assign"), (2, "accept"), (rng.randint(20, 40), "reply"), (50, "feedback"),
                             (52, "close")):
            steps.append((day + dt.timedelta(days=offset), 7, what, (k, UPPER[0])))
    return sorted(steps, key=lambda s: (s[0], s[1], s[2], s[3]))


@click.command(name="demo")
@click.option("--folder", type=PathType(path_type=Path), required=True,
              help="演示用的文件夹（须不存在或为空），四个法院的数据目录建在其中")
@click.option("--store", envvar="LIANLUO_STORE", help="PostgreSQL 地址（也可用 LIANLUO_STORE）：联络网络须在一个数据库中")
@click.option("--year", type=click.IntRange(2000, 2100), default=2026, show_default=True, help="模拟哪一年")
@click.option("--matters", type=click.IntRange(1, 500), default=24, show_default=True, help="中院交办的事项数")
@click.option("--tick-every", type=click.IntRange(1, 31), default=7, show_default=True, help="每隔几天运行一次全网每日运行")
@click.option("--seed", type=int, default=1, show_default=True, help="随机种子：相同种子生成相同数据")
@json_option
@pass_root
def demo_network(root: Root, folder: Path, store: str | None, year: int, matters: int, tick_every: int, seed: int,
                 json_: bool) -> None:
    """演示联络网络：虚构一个中级法院和三个基层法院，共用一个 PostgreSQL 数据库；中院全年交办事项，基层法院办理，
    全网每日运行（催办、督办、上报），最后生成全市法院年度数据（合计等于四院之和）。"""
    if not store:
        raise RefusedError("联络网络演示需要 PostgreSQL：用 --store postgresql://… 或环境变量 LIANLUO_STORE 指明数据库")
    folder = folder.absolute()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError("--folder", f"{folder} 已有内容或不是目录；演示只在新的空文件夹中建立数据")
    rng = random.Random(seed)
    network = f"lianluo_demo_{secrets.token_hex(3)}"
    upper = _org(folder, UPPER[0])
    _set_up(upper, UPPER[1], UPPER[2], UPPER[3], store, "municipal", 8)
    with (upper.home / "profile.toml").open("a", encoding="utf-8") as profile:  # as the court's clerk would set it
        profile.write('\n[network]\ntotal_label = { value = "全市法院", clause = "中级法院年度报告以全市法院名义总结（演示选定）" }\n')
    run_command(upper, "network", "add", UPPER[0], "--network", network)
    for code, name, profile, head in LOWERS:
        lower = _org(folder, code)
        _set_up(lower, name, profile, head, store, "district", 6)
        run_command(lower, "network", "add", code, "--parent", UPPER[0], "--network", network)
    ids: dict[int, int] = {}  # matter → the upper's item id
    below: dict[int, int] = {}  # matter → the lower's item id
    own: dict[int, int] = {}  # the upper's own matter → its id
    agenda = _agenda(year, matters, rng)
    last = dt.date(year, 12, 31)
    said = io.StringIO()  # each command repeats the calendar's warnings (a due day in a year without holidays): said once
    with contextlib.redirect_stderr(said):
        ticks, attention = _live(upper, folder, agenda, year, tick_every, ids, below, own)
    warnings = dict.fromkeys(said.getvalue().splitlines())
    report = json.loads(run_command(upper, "network", "report", "--period", year, "--date", last, "--json"))
    notices = json.loads(run_command(upper, "notices", "--json"))
    doc = {"folder": str(folder), "network": network, "year": year, "matters": matters, "ticks": ticks,
           "ticks_needing_attention": attention, "report": report,
           "chases_above": sum(1 for n in notices if "催办" in n["text"] or "逾期" in n["text"]),
           "escalations_above": sum(1 for n in notices if "【督办】" in n["text"]),
           "homes": {code: str(folder / code) for code in [UPPER[0], *(o[0] for o in LOWERS)]}}
    emit(json_, doc, _lines(doc))
    for line in warnings:
        click.echo(line, err=True)


def _live(upper: Root, folder: Path, agenda: list, year: int, tick_every: int, ids: dict, below: dict,
          own: dict) -> tuple[int, int]:
    """Day by day: each day's steps, and the network tick every `tick_every` days and on the last day."""
    ticks, attention = 0, 0
    next_tick = dt.date(year, 1, 1)
    last = dt.date(year, 12, 31)
    day = dt.date(year, 1, 1)
    while day <= last:
        for when, _, what, args in (s for s in agenda if s[0] == day):
            k = args[0]
            if what == "register":
                added = run_command(upper, "item", "register", "--kind", "suggestion", "--channel", "interim",
                                    "--title", f"关于加强{TOPICS[k % len(TOPICS)]}工作的建议（第{k + 1}件）",
                                    "--deputy", f"{UPPER[1][2:4]}代表{k % 8 + 1:02d}", "--date", when, "--json")
                ids[k] = json.loads(added)["id"]
                run_command(upper, "item", "approve", ids[k], "--date", when)
            elif what == "own":
                added = run_command(upper, "item", "register", "--kind", "suggestion", "--channel", "interim",
                                    "--title", f"关于改进{TOPICS[(k + 3) % len(TOPICS)]}的建议（中院自办第{k + 1}件）",
                                    "--deputy", f"{UPPER[1][2:4]}代表{k % 8 + 1:02d}", "--date", when, "--json")
                own[k] = json.loads(added)["id"]
                run_command(upper, "item", "approve", own[k], "--date", when)
            elif what == "hand-down":
                done = run_command(upper, "network", "hand-down", ids[k], "--to", args[1], "--date", when, "--json")
                below[k] = json.loads(done)["lower_item"]
            else:
                lower = _org(folder, args[1])
                ref = own[k] if args[1] == UPPER[0] else below[k]
                extra = {"assign": ("--lead", "立案庭" if args[1] == UPPER[0] else "民一庭"), "accept": (), "close": (),
                         "reply": ("--category", args[2] if len(args) > 2 else "A", "--text", f"答复函（第{k + 1}件）"),
                         "feedback": ("--rating", args[2] if len(args) > 2 else "satisfied")}[what]
                run_command(lower, "item", what, ref, *extra, "--date", when)
        if day >= next_tick or day == last:
            try:
                run_command(upper, "network", "tick", "--today", day)
            except click.exceptions.Exit as exc:  # exit 3: some organisation needs attention; the year goes on
                attention += exc.exit_code == 3
            ticks += 1
            next_tick = day + dt.timedelta(days=tick_every)
        day += dt.timedelta(days=1)
    return ticks, attention


def _lines(doc: dict) -> list[str]:
    report = doc["report"]
    total = report["total"]
    first = report["rankings"][0] if report["rankings"] else None  # the upper's first rule set (`rank_organisations`)

    def rank(row: dict) -> str:
        found = (row.get("scores") or {}).get(first["name"]) if first else None
        return "" if not found else str(found["rank"] or "—")

    lines = [f"联络网络演示（{doc['year']} 年）：{report['orgs'][0]['name']}及下级法院 {len(report['orgs']) - 1} 个，"
             f"数据目录在 {doc['folder']}，网络登记在 schema {doc['network']}",
             f"中院交办 {doc['matters']} 件；全网每日运行 {doc['ticks']} 次；中院向下级催办、逾期提醒 {doc['chases_above']} 条，"
             f"督办 {doc['escalations_above']} 条", "单位  办理事项  交办下级  办结  答复  上级交办  逾期未办  按期率  "
             + (f"排名（{first['label']}）" if first else "")]
    for row in [*report["orgs"], total]:
        on_time = network_rate_text(row["on_time_rate"])
        lines.append(f"  {row['name']}  {row['items']}  {row['handed_down']}  {row['finished']}  {row['replied']}  "
                     f"{row['handed_from_above']}  {row['overdue_open']}  {on_time}  {rank(row)}")
    same = all(total[k] == sum(r[k] for r in report["orgs"]) for k in ("items", "handed_down", "finished", "replied"))
    lines.append(f"合计等于各院之和：{'是' if same else '否'}。查看：lianluo --home {doc['homes']['zy']} network report --period {doc['year']}")
    lines.append(f"演示结束后可删除：文件夹 {doc['folder']}，以及数据库中的 schema {doc['network']} 和各院的 schema")
    return lines
