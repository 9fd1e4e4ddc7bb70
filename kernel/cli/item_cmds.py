"""Items: register, act on, show and list the matters deputies raise."""

from __future__ import annotations

import click

from ..calendar import Duration
from ..desk import TITLE_MAX, Desk, clean_text, load_item
from ..errors import InputError
from ..future_dates import check_not_far_ahead
from ..item_view import CHANNELS, CLOCK_STATUS, item_lines
from ..models import Item
from ..trail import detail_text
from .common import DATE, Root, date_option, day_or_today, emit, json_option, pass_root, warn_calendar
from .choices import LabelChoice, kinds_of
from .filters import pick


ROLES = {"lead": "主办", "co": "协办"}  # --court-role


@click.group(name="item")
def item() -> None:
    """办理事项：登记、审批、交办、答复、反馈、办结。"""


# The action commands (approve, assign, reply …) are built from the actions' declarations: action_cmds.py.


@item.command(name="register")
@click.option("--kind", required=True, type=kinds_of("items"),
              help="类型：建议（suggestion）、议案（motion）、提案（proposal）、来信（letter）…，写中文或代码均可")
@click.option("--title", required=True, help="标题")
@click.option("--deputy", "deputies", multiple=True, required=True, help="代表编号或姓名（联名可重复）")
@date_option("收到日期（当日登记）")
@click.option("--channel", type=LabelChoice(CHANNELS), help="来源：会议期间（session）|闭会期间（interim）|当场（spot）|代表委员专邮（online）")
@click.option("--session", "session_ref", help="会议编号或名称")
@click.option("--content", help="内容")
@click.option("--force", is_flag=True, help="允许远晚于今天的日期（超过配置 calendar.future_days）")
@click.option("--urgent", is_flag=True, help="紧急事项：登记当日单独报送本单位领导（报送对象见配置）")
@click.option("--court-role", "role", type=LabelChoice(ROLES),
              help="本单位的角色：主办（lead，默认）|协办（co，另有主办单位）")
@click.option("--lead-agency", help="主办单位名称（--court-role co 时必填），答复送该单位")
@json_option
@pass_root
def item_register(root: Root, kind, title, deputies, day, channel, session_ref, content, force, urgent,
                  role, lead_agency, json_) -> None:
    """登记一件事项（收到当日登记）。"""
    app = root.app()
    day = day_or_today(day)
    check_not_far_ahead(app.profile, day, force)
    extra = {"urgent": True} if urgent else {}
    extra.update(handling_role(role, lead_agency))
    with app.store.transaction() as tx:
        found = Desk(app, tx).register(kind, title, list(deputies), day, channel, session_ref, content,
                                       extra=extra or None)
        lines = item_lines(app, tx, found)
    warn_calendar(app)
    emit(json_, found.to_doc(), [f"已登记第 {found.id} 号", *lines])


def handling_role(role: str | None, lead_agency: str | None) -> dict:
    """`--court-role co --lead-agency NAME`: this organisation only co-handles a matter another body leads, and
    answers that body (the plugins give it its clock); stored in the item's extra, nothing when it leads."""
    if role not in (None, "lead", "co"):
        raise InputError("--court-role", f"无效值 {role!r}；可用：lead（主办）、co（协办）")
    if role != "co":
        if lead_agency is not None:
            raise InputError("--lead-agency", "只有本单位协办（--court-role co）的事项才填写主办单位")
        return {}
    agency = clean_text(lead_agency, "--lead-agency", False, TITLE_MAX)
    if not agency:
        raise InputError("--lead-agency", "本单位协办（--court-role co）的事项须写明主办单位")
    return {"court_role": "co", "lead_agency": agency}


@item.command(name="show")
@click.argument("ref", metavar="ID")
@json_option
@pass_root
def item_show(root: Root, ref: str, json_: bool) -> None:
    """查看一件事项：状态、期限、留痕。"""
    app = root.app()
    with app.store.reader() as tx:
        found = load_item(tx, ref)
        lines = item_lines(app, tx, found)
    emit(json_, found.to_doc(), lines)


@item.command(name="history")
@click.argument("ref", metavar="ID")
@json_option
@pass_root
def item_history(root: Root, ref: str, json_: bool) -> None:
    """留痕：本事项的每一次操作——何时、谁记录、做了什么（只增不改）。"""
    app = root.app()
    with app.store.reader() as tx:
        found = load_item(tx, ref)
        directory = app.context(tx, found.received).directory
        kind = app.kinds.get(found.kind)
        labels = kind.workflow.action_labels if kind else {}
        lines = [f"第 {found.id} 号《{found.title}》留痕："]
        for n, e in enumerate(found.events, 1):
            detail = detail_text(app, directory, e)
            lines.append(f"{n:>3}. {e.at} {labels.get(e.action, e.action)}（{e.who}，记录于 {e.recorded}）"
                         + (f"  {detail}" if detail else ""))
    emit(json_, [e.to_doc() for e in found.events], lines)


@item.command(name="list")
@click.option("--status", help="只列此状态")
@click.option("--overdue", is_flag=True, help="只列有逾期未办期限的")
@click.option("--today", type=DATE, help="按哪一天判断逾期，默认今天")
@json_option
@pass_root
def item_list(root: Root, status, overdue, today, json_) -> None:
    """列出事项。"""
    app = root.app()
    day = day_or_today(today)
    if status:
        known = {code: label for kind in app.kinds.kinds.values() if kind.table == "items"
                 for code, label in kind.workflow.states.items()}
        wanted = pick(status, known, "--status")
    with app.store.reader() as tx:
        rows = [Item.from_doc(d) for d in tx.all("items")]
    if status:
        rows = [i for i in rows if i.status in wanted]
    if overdue:
        rows = [i for i in rows if i.overdue_on(day)]
    lines = []
    for i in rows:
        kind = app.kinds.get(i.kind)
        label = kind.workflow.states.get(i.status, i.status) if kind else i.status
        nearest = i.next_due
        lines.append(f"{i.id:>5}  {kind.label if kind else i.kind}  {label}  {i.title}" +
                     (f"  （最近期限 {nearest}）" if nearest else ""))
    emit(json_, [i.to_doc() for i in rows], lines or ["（没有符合条件的事项）"])


COMMANDS = (item,)


WHAT = {
    "started": "起算",
    "rolled": "顺延",
    "extended": "延期",
    "paused": "暂停",
    "resumed": "恢复",
    "limit-redated": "最长期限重算",
    "redated": "重新计算",
    "stopped": "停止",
}


def explain_lines(found: Item, directory) -> list[str]:
    """For each clock: its start, rule, clause, counting, roll-forward, pauses, extensions and stop."""
    lines = [f"第 {found.id} 号《{found.title}》的期限说明："]
    for c in found.clocks:
        owner = directory.department_by_id(c.owner)
        lines.append(f"● {c.label or c.name}（{c.name}）{'→ ' + owner.name if owner else ''}")
        lines.append(f"    规则：{c.rule}" + (f"；依据：{c.clause}" if c.clause else ""))
        if c.limit:
            lines.append(f"    最长期限：{c.limit}" + (f"（{c.limit_clause}）" if c.limit_clause else ""))
        for entry in c.log:
            what = WHAT.get(entry["what"], entry["what"])
            if entry["what"] == "started" and not entry.get("period"):
                text = f"自 {entry['start']} 起，到期日 {entry['raw']}"
            elif entry["what"] == "started" and entry["start"] == entry["at"]:
                text = f"{Duration.parse(entry['period']).zh}（首日不计），期满日 {entry['raw']}"
            elif entry["what"] == "started":  # one day counts: the rule's (e.g. the closing day), not this one
                what = "设定期限"
                text = (f"起算日为 {entry['start']}（依据所定，而非设定期限的 {entry['at']}），"
                        f"{Duration.parse(entry['period']).zh}（首日不计），期满日 {entry['raw']}")
            elif entry["what"] == "rolled":
                text = f"{entry['raw']} 为休息日，顺延至下一个工作日 {entry['due']}"
            elif entry["what"] in ("extended", "resumed", "redated"):
                text = f"到期日由 {entry['old_due']} 改为 {entry['due']}"
                if entry.get("reason"):
                    text += f"，理由：{entry['reason']}"
                if "paused_days" in entry:
                    text += f"（暂停 {entry['paused_days']} 天）"
            elif entry["what"] == "limit-redated":
                text = f"最长期限由 {entry['old_limit']} 改为 {entry['limit']}，理由：{entry.get('reason', '')}"
            elif entry["what"] == "paused":
                text = f"暂停计时，理由：{entry.get('reason', '')}"
            else:
                text = f"{'按期' if entry.get('status') == 'met' else '逾期'}"
            lines.append(f"    {entry['at']} {what}：{text}")
        lines.append(f"    当前：{c.due} 到期，{CLOCK_STATUS[c.status.value]}" + ("（暂停中）" if c.paused else "")
                     + (f"，已催办 {c.chases} 次" if c.chases else "") + (f"，已督办至第 {c.level} 级" if c.level else ""))
    if not found.clocks:
        lines.append("（没有期限）")
    return lines


@item.command(name="explain")
@click.argument("ref", metavar="ID")
@json_option
@pass_root
def item_explain(root: Root, ref: str, json_: bool) -> None:
    """说明每个期限：从何起算、依据哪条规定、如何计算、是否顺延、暂停或延期。"""
    app = root.app()
    with app.store.reader() as tx:
        found = load_item(tx, ref)
        lines = explain_lines(found, app.context(tx, found.received).directory)
    emit(json_, {"id": found.id, "clocks": [c.to_doc() for c in found.clocks]}, lines)
