"""`lianluo greeting list|confirm`: the drafted holiday greetings, and sending one after the office's check."""

from __future__ import annotations

import click

from lianluo.kernel import (Root, clean_text, date_option, day_or_today, deliver_pending, emit, json_option, pass_root,
                            require_plugin)

from . import drafts


@click.group(name="greeting")
def greeting() -> None:
    """节日问候：节前自动拟稿，联络办确认后发送给各位代表（每个节日只发一次）。"""


@greeting.command(name="list")
@json_option
@pass_root
def greeting_list(root: Root, json_: bool) -> None:
    """列出已拟的节日问候及其状态。"""
    app = root.app()
    require_plugin(app, "greetings")
    with app.store.reader() as tx:
        rows = sorted(tx.all(drafts.TABLE), key=lambda d: d["id"])
    emit(json_, rows, [f"{r['id']:>4}  {r['name']}（{r['first']}）"
                       f"{'待确认' if r['state'] == 'draft' else '已于 ' + r['confirmed'] + ' 确认发送'}：{r['text']}"
                       for r in rows] or ["（还没有节日问候）"])


@greeting.command(name="confirm")
@click.argument("greeting_id", metavar="ID")
@click.option("--text", help="修改后的问候语（不给则用拟稿）")
@date_option("确认日期，默认今天")
@json_option
@pass_root
def greeting_confirm(root: Root, greeting_id: str, text: str | None, day, json_: bool) -> None:
    """确认并发送给每位未退订的代表。"""
    app = root.app()
    require_plugin(app, "greetings")
    text = clean_text(text, "--text", True) if text is not None else None
    day = day_or_today(day)
    with app.store.transaction() as tx:
        doc = drafts.find(tx, greeting_id)
        posted, declined = drafts.confirm(app, tx, doc, text, app.user, day)
    sent = deliver_pending(app, day)
    lines = [f"{doc['name']}问候已确认：登记 {posted} 份，发出 {len(sent.delivered)} 份，失败 {len(sent.failed)} 份"
             + (f"，{len(declined)} 位已退订" if declined else "")]
    lines += [f"  [发送失败] {f['to']}：{f['error']}（下次运行 lianluo tick 时重试）" for f in sent.failed]
    emit(json_, {"id": doc["id"], "posted": posted, "declined": declined, "delivery": sent.to_json()}, lines)
