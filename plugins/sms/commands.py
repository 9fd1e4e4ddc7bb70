"""`lianluo sms receipts`: fetch the gateway's delivery receipts and record each once."""

from __future__ import annotations

import click

from lianluo.kernel import InputError, RefusedError, Root, emit, json_option, now_stamp, pass_root, require_plugin

from . import gateway, settings


@click.group(name="sms")
def sms() -> None:
    """短信渠道（内置 sms 插件）。"""


def record(tx, rows: list[dict[str, str]]) -> tuple[list[dict], int]:
    """Store receipts not seen before (same message id and status); the count of repeats ignored."""
    sent = {}
    for doc in tx.all("notices"):
        for msgid in (doc.get("ref") or "").split(","):
            if msgid and doc.get("channel") == "sms":
                sent[msgid] = doc["id"]
    new, repeats = [], 0
    for row in rows:
        if tx.find("sms_receipts", msgid=row["msgid"], status=row["status"]):
            repeats += 1
            continue
        doc = {**row, "notice": sent.get(row["msgid"]), "recorded": now_stamp()}
        doc["id"] = tx.insert("sms_receipts", doc)
        new.append(doc)
    return new, repeats


@sms.command(name="receipts")
@json_option
@pass_root
def sms_receipts(root: Root, json_: bool) -> None:
    """取回短信网关的送达回执并记录（同一回执只记一次）。"""
    app = root.app()
    require_plugin(app, "sms")
    found = settings.load(app.profile.params("sms"))
    if found is None or not found.receipts_url:
        raise InputError("sms.receipts_url", "配置中没有短信网关的回执地址")
    try:
        rows = gateway.receipts(found)
    except gateway.Refused as exc:
        raise RefusedError(f"{exc}；数据未作修改") from None
    with app.store.transaction() as tx:
        new, repeats = record(tx, rows)
    lines = [f"通知 {r['notice'] or '（未知）'}  短信 {r['msgid']}：{r['status']}" for r in new]
    lines.append(f"新回执 {len(new)} 条，重复回执 {repeats} 条（已忽略）")
    emit(json_, {"recorded": new, "repeats": repeats}, lines)
