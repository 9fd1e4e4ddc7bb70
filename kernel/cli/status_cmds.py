"""`lianluo status`: the home's state in a few lines, exiting NEEDS_ATTENTION (3) when a person must act, so
that a monitoring check (Nagios, a systemd OnFailure= unit, a cron line) can run it as it is."""

from __future__ import annotations

import click

from ..health import Health, check
from ..today import today as system_today
from .common import DATE, Root, emit, json_option, pass_root
from .failures import NEEDS_ATTENTION


def status_lines(health: Health) -> list[str]:
    last = str(health.last_tick) if health.last_tick else "从未运行"
    lines = [f"上次每日运行：{last}" + ("（已超过一天未运行，请检查定时任务）" if health.stale else "")]
    lines.append(f"待重试的插件错误：{len(health.failures)} 项")
    lines += [f"  [插件出错] {f['plugin']}：{f['key']}（{f['date']}，已尝试 {f['attempts']} 次）：{f['error']}"
              for f in health.failures]
    lines.append(f"发送失败的通知：{health.failed} 条" + ("（lianluo notices --state failed）" if health.failed else ""))
    lines.append(f"可能已发送但未确认的通知：{health.uncertain} 条"
                 + ("，请人工核实（lianluo notices --state uncertain）" if health.uncertain else ""))
    lines.append(f"逾期未办：事项 {health.overdue_items} 件，工作任务 {health.overdue_tasks} 项")
    lines.append("状态：需要人工处理" if health.needs_attention else "状态：正常")
    return lines


@click.command(name="status")
@click.option("--today", type=DATE, help="按哪一天检查，默认今天")
@json_option
@pass_root
def status(root: Root, today, json_: bool) -> None:
    """运行状况：上次每日运行、待重试的错误、发送失败或未确认的通知、逾期数；需要人工处理时退出码 3。"""
    with root.app().store.reader() as tx:
        health = check(tx, today or system_today())
    emit(json_, health.to_json(), status_lines(health))
    if health.needs_attention:
        click.get_current_context().exit(NEEDS_ATTENTION)


COMMANDS = (status,)
