"""The daily tick and the notice outbox."""

from __future__ import annotations

import click

from .. import outbox
from ..delivery import DeliveryResult, deliver_pending, settle
from ..errors import InputError
from ..health import check
from ..models import Delivery, Notice
from ..tick import Tick
from ..privacy import mask_output
from ..today import today as system_today
from .choices import LabelChoice
from .common import DATE, Root, date_option, day_or_today, emit, json_option, pass_root, warn_calendar
from .failures import NEEDS_ATTENTION


@click.command(name="tick")
@click.option("--today", type=DATE, help="按哪一天运行，默认今天；补跑停机期间的日子时给出")
@click.option("--force", is_flag=True, help="允许早于上次运行日期（慎用）")
@json_option
@pass_root
def tick(root: Root, today, force: bool, json_: bool) -> None:
    """每日运行：到期提醒、催办、督办和定期任务，每件事只做一次。"""
    app = root.app()
    day = today or system_today()
    with app.store.transaction() as tx:
        ticked = Tick(app, tx, day)
        result = ticked.run(force=force)
    sent = deliver_pending(app, day, ticked.limit)  # after the commit: a notice is recorded before it is sent
    warn_calendar(app)
    lines = [f"{day}：发出通知 {len(result.notices)} 条，定期任务 {len(result.jobs)} 项"]
    lines += [f"  {n.date} → {n.to}：{_lines(n.text)}" for n in result.notices]
    lines += [f"  [任务] {j['label']}（{j['date']}）" for j in result.jobs]
    lines += [f"  [节假日变更] 第 {r['item']} 号期限重新计算：" + "、".join(f"{k} → {v}" for k, v in r["clocks"].items())
              for r in result.redated]
    lines += [f"  [插件出错] {f['plugin']}：{f['key']}：{f['error']}（下次运行重试）" for f in result.failures]
    lines += [f"  [需人工处理] {r['label']}（{r['date']}）已连续 {r['attempts']} 次未能完成：{r['error']}"
              for r in result.raised]
    lines += delivery_lines(sent)
    emit(json_, {**result.to_json(), "delivery": sent.to_json()}, lines)
    for failure in result.failures:
        click.echo(mask_output(f"警告：插件 {failure['plugin']} 处理 {failure['key']} 时出错：{failure['error']}"),
                   err=True)
    with app.store.reader() as tx:  # what is still waiting after this run, the same answer `status` gives
        waiting = check(tx, day)
    if sent.stopped or waiting.failures or waiting.failed or waiting.uncertain:
        click.echo("每日运行已完成并保存，但有未成功或待核实的事项（退出码 3；详见 lianluo status）", err=True)
        click.get_current_context().exit(NEEDS_ATTENTION)


def delivery_lines(sent: DeliveryResult) -> list[str]:
    """What the clerk reads about sending; nothing at all when the outbox is the only channel."""
    if not sent.channel:
        return []
    lines = [f"通知发送：成功 {len(sent.delivered)} 条，失败 {len(sent.failed)} 条"]
    if sent.stopped:
        lines.append(f"  发送未完成：{sent.stopped}；未发的通知下次运行时发送")
    lines += [f"  [发送失败] 第 {f['id']} 号通知 → {f['to']}：{f['error']}（第 {f['attempts']} 次，下次运行重试）"
              for f in sent.failed]
    if sent.uncertain:
        lines.append(f"可能已发送但未确认：{sent.uncertain} 条，请人工核实（lianluo notices --state uncertain）")
    return lines


def _lines(text: str) -> str:
    """A digest's numbered lines, indented under the notice they belong to."""
    return text.replace("\n", "\n      ")


STATE_WORDS = {Delivery.PENDING: "待发送", Delivery.SENDING: "发送中", Delivery.FAILED: "发送失败",
               Delivery.UNCERTAIN: "可能已发送但未确认，请人工核实"}


DELIVERY_LABELS = {Delivery.PENDING.value: "待发送", Delivery.SENDING.value: "发送中",
                   Delivery.DELIVERED.value: "已发送", Delivery.FAILED.value: "发送失败",
                   Delivery.UNCERTAIN.value: "待核实"}


def _notice_line(n: Notice) -> str:
    line = f"{n.id:>5} {n.date} → {n.to}" + (f"［{n.route}］" if n.route else "") + f"：{_lines(n.text)}"
    if n.state in STATE_WORDS:
        line += f"［{STATE_WORDS[n.state]}" + (f"：{n.error}" if n.error and n.state is Delivery.FAILED else "") + "］"
    if n.checked:
        line += f"［{n.checked}］"
    return line


@click.command(name="notices")
@click.option("--since", type=DATE, help="只列此日及以后的通知")
@click.option("--state", type=LabelChoice(DELIVERY_LABELS),
              help="只列某一发送状态的通知：待发送（pending）、发送中（sending）、已发送（delivered）、"
                   "发送失败（failed）、待核实（uncertain，可能已发送但未确认）")
@json_option
@pass_root
def notices(root: Root, since, state: str | None, json_: bool) -> None:
    """列出通知及其发送状态。"""
    with root.app().store.reader() as tx:
        rows = outbox.listing(tx, since, Delivery(state) if state else None)
    emit(json_, [n.to_doc() for n in rows], [_notice_line(n) for n in rows] or ["（没有通知）"])


@click.group(name="notice")
def notice() -> None:
    """处理单条通知：人工核实可能已发送但未确认的通知。"""


@notice.command(name="settle")
@click.argument("ref", metavar="ID")
@click.option("--sent", "outcome", flag_value="sent", help="已向收件人核实：通知确已发出")
@click.option("--resend", "outcome", flag_value="resend", help="通知未发出：下次每日运行时重新发送")
@date_option("核实的日期（YYYY-MM-DD），默认今天")
@json_option
@pass_root
def notice_settle(root: Root, ref: str, outcome: str | None, day, json_: bool) -> None:
    """核实一条“可能已发送但未确认”的通知（或重发一条发送失败的通知）；核实人和日期记入该通知。"""
    if outcome is None:
        raise InputError("--sent/--resend", "请给出其中之一：--sent 确已发出，--resend 下次重新发送")
    settled = settle(root.app(), ref, outcome == "sent", day_or_today(day))
    emit(json_, settled.to_doc(), f"第 {settled.id} 号通知：{settled.checked}")


COMMANDS = (tick, notices, notice)
