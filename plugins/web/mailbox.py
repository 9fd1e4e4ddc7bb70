"""代表委员专邮 (/mailbox/TOKEN): the page a deputy opens from their personal link — no login, the link is the
credential. It greets the deputy, takes a letter to the court (registered as an item of channel `online`,
acknowledged to the deputy by the notice machinery, so the e-mail or SMS channel sends it) and lists that
deputy's own matters with where each stands. docs/web.md, "代表委员专邮", gives the reasons.

What keeps the token secret and the page honest:
- an unknown, revoked or expired link gets one and the same 404 page, and every such request counts against
  the address (`[web] mailbox_bad_limit` in `mailbox_bad_minutes`), which is then refused for a while — no
  oracle, no brute force;
- a link may write `[web] mailbox_per_hour` letters an hour (default 5);
- the store holds the token's hash only; the audit trail names the link (M3), never the token; Flask's error
  log is given the path without it (app.py `DeskFlask.log_exception`); the answers carry `Referrer-Policy:
  no-referrer` and `Cache-Control: no-store` (app.py) and are not indexed.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

import attrs
import flask

from lianluo.kernel import (TITLE_MAX, App, Body, Delivery, Deputy, Desk, InputError, Item, Notice, clean_text,
                            day_or_today, deliver_pending, deputy_contact, mask_text, post_routed)

from . import mailbox_tokens as tokens

PREFIX = "/mailbox/"
NOTICE_TYPE = "mailbox"
NATURES = ["建议", "意见", "批评"]
CONTENT_MAX = 5000
LOG = logging.getLogger("lianluo.web.mailbox")


def redact(path: str) -> str:
    """A request path fit for a log line: a mailbox link loses its token."""
    return PREFIX + "…" if path.startswith(PREFIX) else path


@attrs.frozen
class Limits:
    per_hour: int
    bad: int
    bad_window: dt.timedelta

    @classmethod
    def of(cls, params) -> "Limits":
        return cls(params.int("mailbox_per_hour", 5), params.int("mailbox_bad_limit", 20),
                   dt.timedelta(minutes=params.int("mailbox_bad_minutes", 15)))


def _web():
    return flask.current_app.extensions["lianluo"]


def _answer(template: str, code: int = 200, **context):
    response = flask.make_response(flask.render_template(template, title="代表委员专邮", **context), code)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def gone():
    """The one answer for a link that opens nothing: unknown, revoked and expired look alike."""
    return _answer("mailbox_gone.html", 404)


def refused_form():
    """A form without a valid CSRF token (forged, or from a page left open past the session): said on the
    mailbox's own page, not the desk's error page with its way back to the 工作台."""
    return _answer("mailbox_message.html", 400,
                   message="表单已过期或来源不明（CSRF 校验失败），本次内容未提交；请刷新本页后重新填写")


def _wait(until: dt.datetime) -> int:
    return max(1, int((until - dt.datetime.now(dt.timezone.utc)).total_seconds() // 60) + 1)


def mailbox(token: str):
    web = _web()
    store, limits = web.app.store, Limits.of(web.params)
    address = f"addr:{flask.request.remote_addr or '?'}"
    today = day_or_today(None)
    with store.reader() as tx:
        blocked = tokens.spent(tx, address, limits.bad, limits.bad_window)
        row = tokens.opened(tx, token, today)
    if blocked is not None:
        return _answer("mailbox_message.html", 429, message=f"无效链接的访问次数过多，请 {_wait(blocked)} 分钟后再试")
    if row is None:
        with store.transaction() as tx:
            tokens.count(tx, address, limits.bad_window)
        return gone()
    if flask.request.method == "POST":
        return _submit(web, row, today, limits)
    with store.transaction() as tx:
        still = tokens.used(tx, row, today)
    return _page(web, row, today) if still else gone()


def _kinds(web) -> dict[str, str]:
    """The kinds a deputy may write as (`[web] mailbox_kinds`, default: suggestion), those registered here."""
    found = {name: web.app.kinds.get(name) for name in map(str, web.params.list("mailbox_kinds", ["suggestion"]))}
    return {name: kind.label for name, kind in found.items()
            if kind is not None and kind.registrable and kind.table == "items"}


def _natures(web) -> list[str]:
    return [str(n) for n in web.params.list("mailbox_natures", NATURES)]


def _page(web, row: dict, today: dt.date, values: dict | None = None, error: str = "", code: int = 200):
    show_dept = web.params.bool("mailbox_show_dept", True)
    with web.app.store.reader() as tx:
        directory = web.app.context(tx, today).directory
        deputy = directory.deputy(row["deputy"])
        matters = []
        for doc in tx.all("items"):
            if deputy.id not in doc.get("deputies", ()):
                continue
            item = Item.from_doc(doc)
            kind = web.app.kinds.get(item.kind)
            lead = directory.department_by_id(item.lead) if item.lead is not None else None
            matters.append({"id": item.id, "title": mask_text(item.title), "received": item.received,
                            "kind": kind.label if kind else item.kind,
                            "status": kind.workflow.states.get(item.status, item.status) if kind else item.status,
                            "dept": (lead.name if lead else "待交办") if show_dept else "",
                            "reply": item.reply.get("date") if item.reply else None})
    matters.sort(key=lambda m: m["id"], reverse=True)
    return _answer("mailbox.html", code, deputy=deputy, honorific=_honorific(deputy), matters=matters,
                   kinds=_kinds(web), natures=_natures(web), values=values or {}, error=error, show_dept=show_dept,
                   title_max=TITLE_MAX, content_max=_content_max(web), expires=row["expires"])


def _honorific(deputy: Deputy) -> str:
    return "委员" if deputy.body is Body.CPPCC else "代表"


def _content_max(web) -> int:
    return min(web.params.int("mailbox_content_max", CONTENT_MAX), 20000)


def _checked(web, form) -> dict:
    """The posted letter, each field checked as the page names it (nothing is written when one fails)."""
    kinds, natures = _kinds(web), _natures(web)
    kind = (form.get("kind") or next(iter(kinds), "")).strip()
    if kind not in kinds:
        raise InputError("类型", "请选择列出的类型")
    nature = (form.get("nature") or "").strip()
    if natures and nature not in natures:
        raise InputError("性质", f"请选择{'、'.join(natures)}之一")
    return {"kind": kind, "nature": nature,
            "title": clean_text(form.get("title"), "标题", True, TITLE_MAX),
            "content": clean_text(form.get("content"), "内容", True, _content_max(web))}


def _submit(web, row: dict, today: dt.date, limits: Limits):
    form = flask.request.form
    values = {k: form.get(k) or "" for k in ("kind", "nature", "title", "content")}
    try:
        letter = _checked(web, form)
    except InputError as exc:
        return _page(web, row, today, values, f"{exc.field}：{exc.message}；本次内容未提交", 400)
    with web.app.store.reader() as tx:
        deputy = web.app.context(tx, today).directory.deputy(row["deputy"])
    app = attrs.evolve(web.app, user=f"{deputy.name}（代表委员专邮）")
    key, hour = f"link:{row['id']}", dt.timedelta(hours=1)
    item, posted = None, False
    with app.store.transaction() as tx:  # the limit and the link are checked where the letter is written
        until = tokens.spent(tx, key, limits.per_hour, hour)
        if until is None and tokens.used(tx, row, today):
            extra = {"mailbox": tokens.link_name(row), **({"nature": letter["nature"]} if letter["nature"] else {})}
            item = Desk(app, tx).register(letter["kind"], letter["title"], [str(deputy.id)], today, "online",
                                          None, letter["content"], extra=extra)
            posted = _acknowledge(app, tx, deputy, item, today)
            tokens.count(tx, key, hour)
            tx.insert("audit", {"who": app.user, "account": f"web {flask.request.remote_addr or ''}".strip(),
                                "when": dt.datetime.now().isoformat(timespec="seconds"), "what": "mailbox submit",
                                "link": tokens.link_name(row), "deputy": deputy.id, "item": item.id})
    if until is not None:
        return _page(web, row, today, values, f"提交过于频繁（每小时至多 {limits.per_hour} 件），请 {_wait(until)} 分钟后再试；"
                     "本次内容未提交", 429)
    if item is None:  # revoked or expired while the letter was being written
        return gone()
    if posted:
        _send_soon(web.app, today)
    flask.flash(f"已收到您的来信，登记编号第 {item.id} 号" + ("；登记回执将通过电子邮件或短信发送给您" if posted else ""))
    return flask.redirect(flask.request.path, code=303)


def _acknowledge(app: App, tx, deputy: Deputy, item: Item, today: dt.date) -> bool:
    """The acknowledgement, posted through the profile's routing (`[delivery.routes] mailbox`; unrouted, the
    first channel that can reach the deputy takes it); none for a deputy who declined this kind of notice.
    Whether a channel will send it (else it waits in the outbox, as every notice without a channel does)."""
    if not deputy.wants(NOTICE_TYPE):
        return False
    org = app.context(tx, today).directory.organisation.get("name", "")
    text = (f"{deputy.name}{_honorific(deputy)}：您于{today.year}年{today.month}月{today.day}日通过代表委员专邮提交的"
            f"《{item.title}》已登记，编号第 {item.id} 号。我们将依规办理，并及时答复。{org}")
    notice = Notice(key=f"mailbox/item/{item.id}", type=NOTICE_TYPE, to=deputy.name, text=text, date=today,
                    item=item.id, deputy=deputy.id, subject=f"代表委员专邮来信登记回执（第 {item.id} 号）")
    posted = post_routed(app, tx, notice)
    contact = deputy_contact(deputy)
    return any(n.state is Delivery.PENDING for n in posted) and bool(contact.email or contact.mobile)


def _send_soon(app: App, today: dt.date) -> None:
    """Send the acknowledgement now, after the commit and beside the answer (`[web] mailbox_send_now`, default
    on); whatever this run does not send, the next tick does, with the same guarantees."""
    if not app.profile.params("web").bool("mailbox_send_now", True):
        return

    def run() -> None:
        try:
            deliver_pending(app, today)
        except Exception:  # noqa: BLE001 — the notice stays pending for the tick; the page has answered
            LOG.exception("代表委员专邮回执未能立即发送，将由下次 tick 发送")

    threading.Thread(target=run, name="mailbox-ack", daemon=True).start()


def add_routes(flask_app: flask.Flask) -> None:
    flask_app.add_url_rule(PREFIX + "<path:token>", endpoint="mailbox", view_func=mailbox, methods=["GET", "POST"])
