"""The daily tick and the notice outbox."""

from __future__ import annotations

import click

from .. import outbox
from ..tick import Tick
from ..privacy import mask_numbers
from ..today import today as system_today
from .common import DATE, Root, emit, json_option, pass_root, warn_calendar


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
        result = Tick(app, tx, day).run(force=force)
    warn_calendar(app)
    lines = [f"{day}：发出通知 {len(result.notices)} 条，定期任务 {len(result.jobs)} 项"]
    lines += [f"  {n.date} → {n.to}：{n.text}" for n in result.notices]
    lines += [f"  [任务] {j['label']}（{j['date']}）" for j in result.jobs]
    lines += [f"  [节假日变更] 第 {r['item']} 号期限重新计算：" + "、".join(f"{k} → {v}" for k, v in r["clocks"].items())
              for r in result.redated]
    lines += [f"  [插件出错] {f['plugin']}：{f['key']}：{f['error']}（下次运行重试）" for f in result.failures]
    emit(json_, result.to_json(), lines)
    for failure in result.failures:
        click.echo(mask_numbers(f"警告：插件 {failure['plugin']} 处理 {failure['key']} 时出错：{failure['error']}"),
                   err=True)


@click.command(name="notices")
@click.option("--since", type=DATE, help="只列此日及以后的通知")
@json_option
@pass_root
def notices(root: Root, since, json_: bool) -> None:
    """列出已发出的通知。"""
    with root.app().store.reader() as tx:
        rows = outbox.listing(tx, since)
    emit(json_, [n.to_doc() for n in rows],
         [f"{n.id:>5} {n.date} → {n.to}：{n.text}" for n in rows] or ["（没有通知）"])


COMMANDS = (tick, notices)
