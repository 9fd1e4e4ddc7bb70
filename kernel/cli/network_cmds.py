"""`lianluo network …`: a network of organisations on one PostgreSQL database (docs/network.md).

Every command acts as the organisation whose home `--home` names: it registers that home, reads the
organisations below it (read-only), hands its own matters down to its direct children, ticks and reports for
itself and those below it. Nothing here reads or writes a sibling or a parent."""

from __future__ import annotations

import click

from ..desk import clean_text
from ..errors import InputError
from .common import DATE, Root, date_option, day_or_today, emit, json_option, pass_root

NAME_MAX = 60


@click.group(name="network")
def network() -> None:
    """联络网络：上下级单位共用一个 PostgreSQL 数据库，交办事项、上报数据、统一每日运行。"""


def _registry(root: Root, name: str | None = None):
    from ..network.member import registry_of

    return registry_of(root.home, name)


@network.command(name="add")
@click.argument("code", metavar="代号")
@click.option("--name", help="单位名称，默认取本数据目录登记的单位名称")
@click.option("--parent", help="上级单位的代号（最上级单位不填）")
@click.option("--network", "network_name", help="联络网络所在的 schema，默认 lianluo_network")
@json_option
@pass_root
def network_add(root: Root, code: str, name: str | None, parent: str | None, network_name: str | None,
                json_: bool) -> None:
    """把本数据目录（--home）作为一个单位加入联络网络，并指明其上级单位。"""
    from ..network.member import pg_config
    from ..network.registry import DEFAULT_SCHEMA, Org, Registry, check_code
    from ..store.factory import check_schema, save_store_config

    config = pg_config(root.home)
    code = check_code(code, "代号")
    parent = check_code(parent, "--parent") if parent is not None else None
    if parent == code:
        raise InputError("--parent", "上级单位不能是本单位自己")
    joined = config.get("network")
    wanted = check_schema(network_name, "--network") if network_name else (joined or DEFAULT_SCHEMA)
    if joined and joined != wanted:
        raise InputError("--network", f"本数据目录已加入联络网络 {joined}，不能再加入 {wanted}")
    app = root.app()
    with app.store.reader() as tx:
        default_name = app.context(tx, day_or_today(None)).directory.organisation.get("name", "")
    name = clean_text(name if name is not None else default_name, "--name", True, NAME_MAX)
    registry = Registry(config["url"], wanted)
    org = registry.add(Org(code, name, parent, config["schema"], str(root.home.resolve())))
    save_store_config(root.home, config["url"], config["schema"], network=registry.schema)
    above = f"，上级单位：{registry.get(parent).name}" if parent else "（最上级单位）"
    emit(json_, {**org.to_json(), "network": registry.schema},
         f"已加入联络网络 {registry.schema}：{org.name}（代号 {org.code}）{above}")


@network.command(name="move")
@click.argument("code", metavar="代号")
@click.option("--parent", required=True, help="新的上级单位代号")
@json_option
@pass_root
def network_move(root: Root, code: str, parent: str, json_: bool) -> None:
    """改变一个单位的上级单位（不能使层级成环）。"""
    from ..network.registry import check_code

    registry = _registry(root)
    org = registry.move(check_code(code, "代号"), check_code(parent, "--parent"))
    emit(json_, org.to_json(), f"{org.name} 的上级单位改为 {registry.get(parent).name}")


@network.command(name="list")
@json_option
@pass_root
def network_list(root: Root, json_: bool) -> None:
    """列出联络网络中的全部单位（按上下级缩进）。"""
    from ..network.registry import depth, subtree

    registry = _registry(root)
    orgs = registry.orgs()
    tops = [o for o in orgs if o.parent is None]
    ordered = [o for top in tops for o in subtree(orgs, top.code)]
    lines = [f"联络网络 {registry.schema}：{len(orgs)} 个单位"]
    lines += [f"{'  ' * (depth(orgs, o) + 1)}{o.code}  {o.name}" for o in ordered]
    emit(json_, [o.to_json() for o in ordered], lines)


@network.command(name="show")
@click.argument("code", metavar="代号", required=False)
@json_option
@pass_root
def network_show(root: Root, code: str | None, json_: bool) -> None:
    """本单位或一个下级单位的情况：上级、下级、事项数（只读）。"""
    from ..network.member import below, me, open_org
    from ..network.registry import subtree

    registry, mine = me(root.home)
    org = mine if code in (None, mine.code) else below(registry, mine, code)
    app = root.app() if org.code == mine.code else open_org(org, root.user)
    orgs = registry.orgs()
    children = [o for o in orgs if o.parent == org.code]
    with app.store.reader() as tx:
        items = tx.facts("items")
    handed = sum(1 for f in items if (f.get("extra") or {}).get("handed_from_org"))
    open_items = sum(1 for f in items if f.get("open"))
    parent = next((o for o in orgs if o.code == org.parent), None)
    data = {**org.to_json(), "children": [o.code for o in children], "items": len(items), "open": open_items,
            "handed_from_above": handed, "below": len(subtree(orgs, org.code)) - 1}
    emit(json_, data, [
        f"{org.name}（代号 {org.code}）",
        f"  上级单位：{parent.name if parent else '无（最上级单位）'}",
        f"  下级单位：{'、'.join(o.name for o in children) or '无'}",
        f"  数据：schema {org.schema}，数据目录 {org.home}",
        f"  事项 {len(items)} 件（期限进行中 {open_items} 件），其中上级交办 {handed} 件",
    ])


@network.command(name="items")
@click.argument("code", metavar="代号")
@json_option
@pass_root
def network_items(root: Root, code: str, json_: bool) -> None:
    """列出一个下级单位的事项（只读）。"""
    from ..network.member import below, me, open_org

    registry, mine = me(root.home)
    org = below(registry, mine, code)
    app = open_org(org, root.user)
    with app.store.reader() as tx:
        facts = tx.facts("items")
    rows = [{"id": f["id"], "kind": f["kind"], "title": f["title"], "status": f["status"],
             "received": f["received"], "open": f["open"]} for f in facts]
    lines = [f"{org.name}：事项 {len(rows)} 件（只读）"]
    for row in rows:
        kind = app.kinds.get(row["kind"])
        status = kind.workflow.states.get(row["status"], row["status"]) if kind else row["status"]
        lines.append(f"  {row['id']:>5}  {row['received']}  {status}  {row['title']}")
    emit(json_, {"org": org.code, "items": rows}, lines)


@network.command(name="hand-down")
@click.argument("ref", metavar="事项编号")
@click.option("--to", "to", required=True, help="接受交办的下级单位代号")
@click.option("--due", type=DATE, help="交办期限（YYYY-MM-DD），默认本事项进行中的期限")
@date_option("交办日期（YYYY-MM-DD），默认今天")
@json_option
@pass_root
def network_hand_down(root: Root, ref: str, to: str, due, day, json_: bool) -> None:
    """交办：把本单位的一件事项交下级单位办理（下级登记为其事项，期限随之；上级可看办理情况并催办督办）。"""
    from ..network.reading import hand_down_matter

    done = hand_down_matter(root.app(), ref, to, day_or_today(day), due)
    emit(json_, done, f"已将第 {done['item']} 号事项交办 {done['name']}，登记为其第 {done['lower_item']} 号，期限 {done['due']}；"
                      f"由 {done['office']} 办理，逾期催办并报 {done['leader'] or '其负责人'}")


@network.command(name="tick")
@click.option("--today", type=DATE, help="按哪一天运行，默认今天")
@json_option
@pass_root
def network_tick(root: Root, today, json_: bool) -> None:
    """每日运行（整个网络）：本单位及全部下级单位依次各自运行，互不影响；并按各单位的报告日程上报数据。"""
    from ..network.member import me
    from ..network.registry import subtree
    from ..network.ticks import tick_all
    from ..today import today as system_today
    from .failures import NEEDS_ATTENTION

    registry, mine = me(root.home)
    day = today or system_today()
    results = tick_all(registry, subtree(registry.orgs(), mine.code), root.user, root.extra, day)
    lines = [f"{day}：联络网络每日运行 {len(results)} 个单位"]
    for r in results:
        state = "正常" if r["code"] == 0 else ("需人工处理" if r["code"] == 3 and not r["error"] else "未完成")
        tail = f"，上报 {'、'.join(r['reported'])}" if r["reported"] else ""
        tail += f"，记录下级办理情况 {len(r['mirrored'])} 项" if r.get("mirrored") else ""
        lines.append(f"  {r['name']}：{state}，通知 {r['notices']} 条{tail}" + (f"（{r['error']}）" if r["error"] else ""))
    emit(json_, {"date": day.isoformat(), "orgs": results}, lines)
    if any(r["code"] for r in results):
        click.echo("联络网络每日运行已完成，但有单位未成功或需要人工处理（退出码 3）", err=True)
        click.get_current_context().exit(NEEDS_ATTENTION)


@network.command(name="report")
@click.option("--period", required=True, help="期间：2026、2026-H1、2026-Q2、2026-03、2026-03-01..2026-06-30 等")
@date_option("统计截止日（YYYY-MM-DD），默认今天")
@json_option
@pass_root
def network_report(root: Root, period: str, day, json_: bool) -> None:
    """本单位及全部下级单位的期间数据：逐单位列出并合计（合计等于各单位之和）；按本单位的考核规则（考核插件）
    给出各单位的得分和排名，多个规则并列。"""
    from ..network.report import network_report as build
    from ..periods import ReportPeriod

    chosen = ReportPeriod.parse(period, "--period")
    day = day_or_today(day)
    data = build(root.app(), chosen, day)
    emit(json_, data, report_lines(data))


def report_lines(data: dict) -> list[str]:
    """The network report as text: one line per organisation and the total, each ranking's score and rank."""
    from ..network.report import rate_text

    rankings = data["rankings"]
    head = ["单位", "办理事项", "交办下级", "办结", "答复", "逾期未办", "按期率", "满意率", "上级交办", "活动", "覆盖率"]
    for r in rankings:
        suffix = f"（{r['label']}）" if len(rankings) > 1 else ""
        head += [f"得分{suffix}", f"排名{suffix}"]

    def line(r):
        cells = [r["name"], r["items"], r["handed_down"], r["finished"], r["replied"], r["overdue_open"],
                 rate_text(r["on_time_rate"]), rate_text(r["satisfaction_rate"]), r["handed_from_above"],
                 r["activities"], rate_text(r["coverage"])]
        for ranking in rankings:
            score = r.get("scores", {}).get(ranking["name"])
            cells += [score["text"], score["rank"] or "—"] if score else ["", ""]
        return "  ".join(map(str, cells))

    whole = data["total"]
    lines = [f"{whole['name']}联络工作数据（{data['label']}，{data['start']} 至 {data['end']}，截至 {data['date']}）",
             "  ".join(head), *(line(r) for r in data["orgs"]), line(whole)]
    if rankings:
        lines.append("得分和排名按本单位考核规则：" + "；".join(f"{r['label']}（{r['name']}）" for r in rankings))
    else:
        lines.append("本单位的插件未给出各单位的排名，各单位按上下级顺序列出。")
    lines += data["notes"]
    return lines


@network.command(name="grant")
@click.option("--apply", "apply", is_flag=True, help="在数据库中执行（需要能建立角色的数据库账户）；默认只输出 SQL")
@json_option
@pass_root
def network_grant(root: Root, apply: bool, json_: bool) -> None:
    """每个单位一个数据库角色：本单位及全部下级单位各有一个角色，只能读写本单位的数据、查看下级单位的数据（直接下级
    另可写入，用于交办），不能读取上级或同级单位的数据。默认输出 SQL 脚本，--apply 直接执行。"""
    from ..network.grants import grant
    from ..network.member import me

    registry, mine = me(root.home)
    done = grant(registry, mine, apply)
    lines = [f"-- 联络网络 {registry.schema}：{len(done['roles'])} 个单位各一个数据库角色"
             + ("（已执行）" if apply else "（用 --apply 执行，或交数据库管理员执行）"),
             "-- 角色不设密码、不能登录；启用：ALTER ROLE 角色 LOGIN PASSWORD '…'，并把该单位 store.toml 的 url 改为该角色"]
    for r in done["roles"]:
        reads = "、".join(r["reads"]) or "无"
        lines.append(f"-- {r['name']}（{r['org']}）：角色 {r['role']}，读写 schema {r['schema']}，可查看下级 {reads}")
    lines += [f"{statement};" for statement in done["sql"]]
    emit(json_, done, lines)


COMMANDS = [network]
