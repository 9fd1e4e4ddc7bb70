"""Items: register, act on, show and list the matters deputies raise."""

from __future__ import annotations

import click

from ..calendar import Period
from ..desk import Desk, load_item
from ..errors import InputError
from ..future_dates import check_not_far_ahead
from ..models import Item
from .common import DATE, Root, date_option, day_or_today, emit, json_option, pass_root, warn_calendar

RATINGS = {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}
CHANNELS = {"session": "会议期间", "interim": "闭会期间", "spot": "当场"}
CLOCK_STATUS = {"open": "进行中", "met": "按期", "missed": "逾期"}


@click.group(name="item")
def item() -> None:
    """办理事项：登记、审批、交办、答复、反馈、办结。"""


def _clock_lines(found: Item, directory) -> list[str]:
    lines = []
    for c in found.clocks:
        owner = directory.department_by_id(c.owner)
        extra = []
        if c.limit:
            extra.append(f"最长 {c.limit}")
        if c.chases:
            extra.append(f"已催办 {c.chases} 次")
        if c.level:
            extra.append(f"已督办至第 {c.level} 级")
        if c.stopped:
            extra.append(f"{c.stopped} 停止")
        tail = f"（{'，'.join(extra)}）" if extra else ""
        who = f" [{owner.name}]" if owner else ""
        lines.append(f"  期限 {c.label or c.name}{who}：{c.start} 起，{c.due} 到期，{CLOCK_STATUS[c.status.value]}{tail}")
        if c.clause:
            lines.append(f"      依据：{c.clause}")
    return lines


def _show_lines(app, tx, found: Item) -> list[str]:
    directory = app.context(tx, found.received).directory
    kind = app.kinds.get(found.kind)
    workflow = kind.workflow if kind else None
    names = "、".join(directory.deputy(d).name for d in found.deputies)
    lead = directory.department_by_id(found.lead)
    co = "、".join(d.name for d in (directory.department_by_id(i) for i in found.co) if d)
    session = f"（{directory.session(found.session).name}）" if found.session else ""
    lines = [
        f"第 {found.id} 号 {kind.label if kind else found.kind}《{found.title}》",
        f"  状态：{workflow.states.get(found.status, found.status) if workflow else found.status}",
    ]
    if kind is not None and kind.table == "tasks":
        lines.append(f"  生成：{found.received}{session}")
        if found.extra.get("assignee"):
            lines.append(f"  负责：{found.extra['assignee']}")
    else:
        lines += [f"  代表：{names}", f"  来源：{CHANNELS[found.channel.value]}，{found.received} 登记{session}"]
    if lead:
        lines.append(f"  主办：{lead.name}" + (f"；协办：{co}" if co else ""))
    if found.reply:
        lines.append(f"  答复：{found.reply.get('category')} 类，{found.reply.get('date')}")
    if found.feedback:
        lines.append(f"  反馈：{RATINGS.get(found.feedback, found.feedback)}")
    lines += _clock_lines(found, directory)
    lines.append("  留痕：")
    labels = workflow.action_labels if workflow else {}
    for e in found.events:
        shown = {k: v for k, v in e.detail.items() if k in ("note", "mode", "category", "rating", "to", "reason", "via", "result", "text") and v}
        extra = "；".join(RATINGS.get(v, v) if k == "rating" else f"{v}" for k, v in shown.items())
        lines.append(f"    {e.at} {labels.get(e.action, e.action)}{'：' + extra if extra else ''}（{e.who}，记录于 {e.recorded}）")
    return lines


def _act(root: Root, ref: str, action: str, day, json_: bool, table: str = "items", **detail) -> None:
    app = root.app()
    day = day_or_today(day)
    with app.store.transaction() as tx:
        found = Desk(app, tx).act(ref, action, day, table=table, **detail)
        lines = _show_lines(app, tx, found)
    warn_calendar(app)
    emit(json_, found.to_doc(), lines)


@item.command(name="register")
@click.option("--kind", required=True, help="类型：suggestion|motion|proposal|letter|visit|complaint …")
@click.option("--title", required=True, help="标题")
@click.option("--deputy", "deputies", multiple=True, required=True, help="代表编号（联名可重复）")
@date_option("收到日期（当日登记）")
@click.option("--channel", help="session（会议期间）|interim（闭会期间）|spot（当场）")
@click.option("--session", "session_ref", help="会议编号")
@click.option("--content", help="内容")
@click.option("--force", is_flag=True, help="允许远晚于今天的日期（超过配置 calendar.future_days）")
@json_option
@pass_root
def item_register(root: Root, kind, title, deputies, day, channel, session_ref, content, force, json_) -> None:
    """登记一件事项（收到当日登记）。"""
    app = root.app()
    day = day_or_today(day)
    check_not_far_ahead(app.profile, day, force)
    with app.store.transaction() as tx:
        found = Desk(app, tx).register(kind, title, list(deputies), day, channel, session_ref, content)
        lines = _show_lines(app, tx, found)
    warn_calendar(app)
    emit(json_, found.to_doc(), [f"已登记第 {found.id} 号", *lines])


def _simple(name: str, help_text: str):
    @click.argument("ref", metavar="ID")
    @date_option()
    @click.option("--note", default="", help="备注")
    @json_option
    @pass_root
    def command(root: Root, ref: str, day, note: str, json_: bool) -> None:
        _act(root, ref, name, day, json_, note=note)

    command.__doc__ = help_text
    return item.command(name=name)(command)


item_approve = _simple("approve", "审批（拟办意见经领导批准）。")
item_accept = _simple("accept", "承办部门签收。")
item_resume = _simple("resume", "恢复计时（期限顺延暂停的天数）。")
item_close = _simple("close", "办结。")


def _with_reason(name: str, help_text: str):
    @click.argument("ref", metavar="ID")
    @click.option("--reason", required=True, help="理由")
    @date_option()
    @json_option
    @pass_root
    def command(root: Root, ref: str, reason: str, day, json_: bool) -> None:
        _act(root, ref, name, day, json_, reason=reason)

    command.__doc__ = help_text
    return item.command(name=name)(command)


item_return = _with_reason("return", "承办部门退回（交办不当），说明理由，由联络办重新交办。")
item_pause = _with_reason("pause", "暂停计时（如等待代表补充说明），说明理由。")


@item.command(name="link")
@click.argument("ref", metavar="ID")
@click.option("--to", "to", required=True, help="主办件编号（同类事项并案办理）")
@date_option()
@json_option
@pass_root
def item_link(root: Root, ref, to, day, json_) -> None:
    """同类事项并案（类案）办理：此后主办件的交办、答复、办结同步到本件，统计仍按件。"""
    _act(root, ref, "link", day, json_, to=to)


@item.command(name="assign")
@click.argument("ref", metavar="ID")
@click.option("--lead", help="主办部门（编号或名称）")
@click.option("--co", multiple=True, help="协办部门（可重复）")
@click.option("--person", help="负责人（用于会议工作任务等，不指定部门时）")
@date_option()
@json_option
@pass_root
def item_assign(root: Root, ref, lead, co, person, day, json_) -> None:
    """交办：指定主办和协办部门（或任务负责人）。"""
    if not lead and not person:
        raise InputError("--lead", "缺少必填参数（或用 --person 指定任务负责人）")
    _act(root, ref, "assign", day, json_, lead=lead, co=list(co), person=person)


@item.command(name="contact")
@click.argument("ref", metavar="ID")
@click.option("--mode", required=True, help="meet（见面）|phone（电话）|visit（走访）|letter（信函）")
@click.option("--note", default="", help="沟通情况")
@date_option()
@json_option
@pass_root
def item_contact(root: Root, ref, mode, note, day, json_) -> None:
    """记录与代表的联系沟通。"""
    _act(root, ref, "contact", day, json_, mode=mode, note=note)


@item.command(name="reply")
@click.argument("ref", metavar="ID")
@click.option("--category", required=True, help="答复类别：A 已解决|B 正在解决或列入计划|C 留作参考")
@click.option("--text", required=True, help="答复内容或文号")
@click.option("--dept", help="答复部门；协办部门给主办部门的意见时必填")
@click.option("--approved-by", "approved_by", help="答复文稿的审批领导")
@date_option()
@json_option
@pass_root
def item_reply(root: Root, ref, category, text, dept, approved_by, day, json_) -> None:
    """答复（主办部门答复代表，或协办部门答复主办部门）。"""
    _act(root, ref, "reply", day, json_, category=category, text=text, dept=dept, approved_by=approved_by)


@item.command(name="feedback")
@click.argument("ref", metavar="ID")
@click.option("--rating", required=True, help="satisfied（满意）|basic（基本满意）|unsatisfied（不满意）")
@click.option("--deputy", help="联名事项中给出反馈的代表编号（默认全体）")
@date_option()
@json_option
@pass_root
def item_feedback(root: Root, ref, rating, deputy, day, json_) -> None:
    """记录代表的反馈意见；不满意的重新办理。"""
    _act(root, ref, "feedback", day, json_, rating=rating, deputy=deputy)


@item.command(name="extend")
@click.argument("ref", metavar="ID")
@click.option("--to", "to", required=True, type=DATE, help="新的到期日")
@click.option("--reason", required=True, help="延期理由")
@click.option("--clock", default="reply", show_default=True, help="延期的期限名")
@date_option()
@json_option
@pass_root
def item_extend(root: Root, ref, to, reason, clock, day, json_) -> None:
    """延期（不超过规则允许的最长期限）。"""
    _act(root, ref, "extend", day, json_, to=to.isoformat(), reason=reason, clock=clock)


@item.command(name="show")
@click.argument("ref", metavar="ID")
@json_option
@pass_root
def item_show(root: Root, ref: str, json_: bool) -> None:
    """查看一件事项：状态、期限、留痕。"""
    app = root.app()
    with app.store.reader() as tx:
        found = load_item(tx, ref)
        lines = _show_lines(app, tx, found)
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
    kind = app.kinds.get(found.kind)
    labels = kind.workflow.action_labels if kind else {}
    lines = [f"第 {found.id} 号《{found.title}》留痕："]
    for n, e in enumerate(found.events, 1):
        detail = "；".join(f"{k}={v}" for k, v in e.detail.items() if v not in (None, "", [], {}))
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
    with app.store.reader() as tx:
        rows = [Item.from_doc(d) for d in tx.all("items")]
    if status:
        rows = [i for i in rows if i.status == status]
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
            elif entry["what"] == "started":
                text = f"自 {entry['start']} 起算 {Period.parse(entry['period']).zh}（首日不计），期满日 {entry['raw']}"
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
