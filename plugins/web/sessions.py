"""Who is logged in: the signed session cookie (Flask's, HttpOnly, SameSite=Lax) holds the user's id, the
user's `version` at login and when the person was last seen (renewed at most once a minute); a cookie idle longer than `[web] idle_minutes`,
or signed before the user was disabled or given a new password, logs the person out."""

from __future__ import annotations

import time

import flask

from . import users

SEEN_STEP = 60  # seconds: "last seen" is renewed at most once a minute, so most answers re-sign no cookie


def _web():
    return flask.current_app.extensions["lianluo"]


def log_in(user: users.WebUser) -> None:
    flask.session.clear()  # nothing from before the login survives it
    flask.session.permanent = True
    flask.session.update({"uid": user.id, "ver": user.version, "seen": int(time.time())})


def log_out() -> None:
    flask.session.clear()


def current_user() -> users.WebUser | None:
    """The person of this request (also put in `flask.g.user`), or None when nobody is logged in."""
    session = flask.session
    uid = session.get("uid")
    if uid is None:
        return None
    web = _web()
    now = int(time.time())
    if now - int(session.get("seen", 0)) > web.idle.total_seconds():
        log_out()
        flask.flash("长时间未操作，已自动退出，请重新登录")
        return None
    with web.app.store.reader() as tx:
        user = users.get(tx, int(uid))
    if user is None or user.disabled or user.version != session.get("ver"):
        log_out()
        return None
    if now - int(session.get("seen", 0)) >= SEEN_STEP:
        session["seen"] = now
    flask.g.user = user
    return user
