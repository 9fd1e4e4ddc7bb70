"""/login and /logout: the only pages without a session. Failed logins are counted in the store (logins.py)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import flask

from . import logins, sessions, users


def _safe_next(target: str | None) -> str:
    """Where to go after login: a path on this site only (never another host)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def login():
    web = flask.current_app.extensions["lianluo"]
    if flask.request.method == "GET":
        if sessions.current_user() is not None:
            return flask.redirect("/", code=303)
        return flask.render_template("login.html", next=_safe_next(flask.request.args.get("next")))
    name = (flask.request.form.get("username") or "").strip()[:users.NAME_MAX]
    password = flask.request.form.get("password") or ""
    address = flask.request.remote_addr or "?"
    target = _safe_next(flask.request.form.get("next"))
    if not name or not password:
        return _refused("请填写用户名和密码", target, 400)
    with web.app.store.reader() as tx:
        until = logins.refused_until(tx, web.params, name, address)
        doc = users.find(tx, name)
    if until is not None:
        wait = max(1, int((until - dt.datetime.now(dt.timezone.utc)).total_seconds() // 60) + 1)
        return _refused(f"登录失败次数过多，已暂时锁定，请 {wait} 分钟后再试", target, 429)
    good = users.verify(doc, password) and not doc.get("disabled")
    with web.app.store.transaction() as tx:
        if good:
            logins.succeeded(tx, name)
        else:
            logins.failed(tx, web.params, name, address)
    if not good:
        return _refused("用户名或密码错误，或该用户已停用", target, 401)
    sessions.log_in(users.WebUser.from_doc(doc))
    return flask.redirect(target, code=303)


def _refused(message: str, target: str, code: int):
    return flask.render_template("login.html", error=message, next=target), code


def logout():
    """GET asks (a link cannot log anyone out behind their back); POST, with its CSRF token, logs out."""
    if flask.request.method == "GET":
        return flask.render_template("logout.html")
    sessions.log_out()
    flask.flash("已退出登录")
    return flask.redirect("/login", code=303)


def add_routes(app: flask.Flask) -> None:
    app.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    app.add_url_rule("/logout", "logout", logout, methods=["GET", "POST"])
