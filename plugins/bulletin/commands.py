"""`lianluo bulletin new|send|list`: the court's work bulletin (工作信息) to every deputy."""

from __future__ import annotations

from pathlib import Path

import click

from lianluo.kernel import (PathType, Root, clean_text, date_option, day_or_today, deliver_pending, emit, json_option,
                            pass_root, require_plugin)

from . import issues, source


@click.group(name="bulletin")
def bulletin() -> None:
    """工作信息：编期、发送给每位代表（可退订）、查看每位代表的发送状态。"""


def _app(root: Root):
    app = root.app()
    require_plugin(app, "bulletin")
    return app


@bulletin.command(name="new")
@click.option("--title", required=True, help="标题")
@click.option("--file", "file_", required=True, type=PathType(), help="正文：Markdown（.md）或 Word（.docx）文件")
@date_option("编发日期，默认今天")
@json_option
@pass_root
def bulletin_new(root: Root, title: str, file_: str, day, json_: bool) -> None:
    """新编一期工作信息（按年编期：某年第 N 期）。"""
    title = clean_text(title, "--title", True)
    text = source.read(Path(file_))
    app = _app(root)
    day = day_or_today(day)
    with app.store.transaction() as tx:
        doc = issues.create(tx, title, text, day, Path(file_).name)
    emit(json_, {k: v for k, v in doc.items() if k != "text"},
         f"已编发工作信息 {doc['id']}：{issues.label(doc)}《{title}》（正文 {len(text)} 字；用 lianluo bulletin send {doc['id']} 发送）")


@bulletin.command(name="send")
@click.argument("issue_id", metavar="ID")
@date_option("发送日期，默认今天")
@json_option
@pass_root
def bulletin_send(root: Root, issue_id: str, day, json_: bool) -> None:
    """发送给每位未退订的代表；中断后再次运行只补发未发的，不会重复发送。"""
    app = _app(root)
    day = day_or_today(day)
    with app.store.transaction() as tx:
        doc = issues.find(tx, issue_id)
        organisation = app.context(tx, day).directory.organisation.get("name", "")
        posted, declined = issues.post(app, tx, doc, day, organisation)
    sent = deliver_pending(app, day)
    with app.store.reader() as tx:
        everyone = issues.recipients(tx, doc)
    counts = issues.tally(everyone)
    lines = [f"{issues.label(doc)}《{doc['title']}》：本次新登记 {posted} 份，本次发出 {len(sent.delivered)} 份"]
    lines += [f"  {word}：{n} 份" for word, n in counts.items()]
    if declined:
        lines.append(f"  已退订、未发送：{len(declined)} 位")
    lines += [f"  [发送失败] {f['to']}：{f['error']}（下次运行 lianluo tick 或本命令时重试）" for f in sent.failed]
    uncertain = [n for n in everyone if n.state.value == "uncertain"]
    lines += [f"  [待核实] 第 {n.id} 号通知 → {n.to}：可能已发送（lianluo notice settle {n.id} --sent 或 --resend）"
              for n in uncertain]
    if sent.stopped:
        lines.append(f"  发送未完成：{sent.stopped}；再次运行本命令继续")
    emit(json_, {"id": doc["id"], "issue": issues.label(doc), "posted": posted, "declined": declined,
                 "delivery": sent.to_json(), "states": counts,
                 "uncertain": [{"id": n.id, "to": n.to, "deputy": n.deputy} for n in uncertain]}, lines)


@bulletin.command(name="list")
@click.argument("issue_id", metavar="[ID]", required=False)
@json_option
@pass_root
def bulletin_list(root: Root, issue_id: str | None, json_: bool) -> None:
    """列出各期工作信息；给出编号时列出该期每位代表的发送状态。"""
    app = _app(root)
    with app.store.reader() as tx:
        if issue_id is not None:
            doc = issues.find(tx, issue_id)
            rows = [{"notice": n.id, "deputy": n.deputy, "to": n.to, "route": n.route, "channel": n.channel,
                     "state": n.state.value, "shown": issues.state_of(n)} for n in issues.recipients(tx, doc)]
            emit(json_, rows, [f"{issues.label(doc)}《{doc['title']}》"] +
                 [f"  {r['to']}（代表 {r['deputy']}）{('［' + r['channel'] + '］') if r['channel'] else ''}：{r['shown']}"
                  for r in rows])
            return
        docs = sorted(tx.all(issues.TABLE), key=lambda d: (d["year"], d["number"]))
        rows = [{**{k: v for k, v in d.items() if k != "text"}, "issue": issues.label(d),
                 "states": issues.tally(issues.recipients(tx, d))} for d in docs]
    emit(json_, rows, [f"{r['id']:>4}  {r['issue']}《{r['title']}》 {r['date']} "
                       + ("，".join(f"{w} {n}" for w, n in r["states"].items()) or "未发送") for r in rows]
         or ["（还没有工作信息）"])
