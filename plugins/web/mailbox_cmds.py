"""`lianluo mailbox issue|revoke|list`: the liaison office hands each deputy a personal link to the 代表委员专邮
page (mailbox.py), withdraws it, and sees who holds a live one — never the token, which is printed once."""

from __future__ import annotations

import datetime as dt
import json
import re

import click

from lianluo.kernel import InputError, Root, Tx, day_or_today, emit, json_option, os_account, pass_root, require_plugin

from . import mailbox_tokens as tokens

BASE_URL = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~\-/]*)?")


@click.group(name="mailbox")
def mailbox() -> None:
    """代表委员专邮：为代表委员签发、撤销个人专邮链接，查看链接情况。"""


def _base_url(value: str | None, params) -> str:
    """The web desk's public address (scheme, host, optional path): --base-url, else `[web] base_url`."""
    field = "--base-url" if value is not None else "web.base_url"
    text = (value if value is not None else params.str("base_url", "")).strip().rstrip("/")
    if not text:
        raise InputError("--base-url", "未配置网页端对外地址：请用 --base-url https://… 指明，或在配置文件 [web] 中写 base_url")
    if not BASE_URL.fullmatch(text):
        raise InputError(field, f"{text!r} 不是有效的网址（应形如 https://lianluo.court.example 或 http://10.0.0.5:8080）")
    return text


def _audit(app, tx: Tx, what: str, row: dict) -> None:
    tx.insert("audit", {"who": app.user, "account": os_account(),
                        "when": dt.datetime.now().isoformat(timespec="seconds"), "what": what,
                        "link": tokens.link_name(row), "deputy": row["deputy"]})


def _doc(row: dict, name: str, today: dt.date) -> dict:
    """A link as listed: never its token nor its hash."""
    return {"link": tokens.link_name(row), "deputy": row["deputy"], "deputy_name": name, "issued": row["issued"],
            "expires": row["expires"], "revoked": row.get("revoked", ""), "last_used": row.get("last_used", ""),
            "live": tokens.live(row, today), "by": row.get("by", "")}


@mailbox.command(name="issue")
@click.argument("deputy")
@click.option("--days", type=int, help=f"有效期天数（默认取配置文件 [web] mailbox_days，未配置为 {tokens.DEFAULT_DAYS} 天）")
@click.option("--base-url", help="网页端对外地址（默认取配置文件 [web] base_url）")
@json_option
@pass_root
def mailbox_issue(root: Root, deputy: str, days: int | None, base_url: str | None, json_: bool) -> None:
    """为一位代表委员签发个人专邮链接（链接只显示这一次；原有链接同时作废）。"""
    app = root.app()
    require_plugin(app, "web")
    params = app.profile.params("web")
    days = tokens.check_days(days, params.int("mailbox_days", tokens.DEFAULT_DAYS))
    base = _base_url(base_url, params)
    today = day_or_today(None)
    with app.store.transaction() as tx:
        person = app.context(tx, today).directory.deputy(deputy, "DEPUTY")
        token, row, replaced = tokens.issue(tx, person.id, days, today, app.user)
        for old in replaced:
            _audit(app, tx, "mailbox revoke (replaced)", old)
        _audit(app, tx, "mailbox issue", row)
    url = f"{base}/mailbox/{token}"
    if json_:  # printed as it is: the output masking must not touch the token
        click.echo(json.dumps({**_doc(row, person.name, today), "url": url}, ensure_ascii=False, indent=2))
        return
    lines = [f"已为{person.name}签发专邮链接 {tokens.link_name(row)}，有效期至 {row['expires']}："
             + (f"（原链接 {'、'.join(tokens.link_name(r) for r in replaced)} 已作废）" if replaced else ""),
             url, "该链接只显示这一次，请通过安全途径交给本人；遗失或泄露时重新签发或撤销。"]
    click.echo("\n".join(lines))


@mailbox.command(name="revoke")
@click.argument("ref", metavar="DEPUTY|LINK")
@json_option
@pass_root
def mailbox_revoke(root: Root, ref: str, json_: bool) -> None:
    """撤销专邮链接：给代表委员编号或姓名则撤销其链接，给链接编号（如 M3）则撤销该链接。"""
    app = root.app()
    require_plugin(app, "web")
    today = day_or_today(None)
    with app.store.transaction() as tx:
        directory = app.context(tx, today).directory
        row = tokens.link_row(tx, ref)
        if row is None:
            person = directory.deputy(ref, "DEPUTY|LINK")
            rows = tx.find(tokens.MAILBOX, deputy=person.id)
        else:
            person, rows = directory.deputy(row["deputy"], "DEPUTY|LINK"), [row]
        done = tokens.revoke_rows(tx, rows)
        for old in done:
            _audit(app, tx, "mailbox revoke", old)
    docs = [_doc(r, person.name, today) for r in done]
    if done:
        lines = [f"已撤销{person.name}的专邮链接 {'、'.join(tokens.link_name(r) for r in done)}"]
    elif row is not None:
        lines = [f"专邮链接 {tokens.link_name(row)}（{person.name}）已撤销或已过期，未作修改"]
    else:
        lines = [f"{person.name}没有有效的专邮链接，未作修改"]
    emit(json_, docs, lines)


@mailbox.command(name="list")
@click.option("--all", "every", is_flag=True, help="包括已撤销、已过期的链接")
@json_option
@pass_root
def mailbox_list(root: Root, every: bool, json_: bool) -> None:
    """列出持有有效专邮链接的代表委员：签发、到期、最近使用时间（不显示链接本身）。"""
    app = root.app()
    require_plugin(app, "web")
    today = day_or_today(None)
    with app.store.reader() as tx:
        directory = app.context(tx, today).directory
        names = {d.id: d.name for d in directory.deputies()}
        rows = [r for r in tx.all(tokens.MAILBOX) if every or tokens.live(r, today)]
    docs = [_doc(r, names.get(r["deputy"], str(r["deputy"])), today) for r in rows]
    lines = [f"{d['link']}  {d['deputy_name']}  签发 {d['issued'][:16].replace('T', ' ')}  有效期至 {d['expires']}  "
             f"最近使用 {d['last_used'][:16].replace('T', ' ') or '未使用'}"
             + ("" if d["live"] else ("  已撤销" if d["revoked"] else "  已过期")) for d in docs]
    emit(json_, docs, lines or ["（没有有效的专邮链接；用 lianluo mailbox issue 代表 签发）"])
