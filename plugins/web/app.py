"""`create_app(root)`: the web desk as a Flask application over a data home (TinyDB or PostgreSQL).

The application is built from the pages every enabled plugin registers (`register_web_pages`, the web plugin's
own included) and wraps each view with the same checks: a person logged in (else /login), not idle too long,
of a role the page admits (else 403); CSRF on every POST (Flask-WTF); security headers on every answer.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import attrs
import flask
import jinja2
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import Forbidden, HTTPException

from lianluo.kernel import App, InputError, LianluoError, RefusedError, call_registration

from . import users
from .pages import Pages, PageDecl

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
MAX_UPLOAD = 10 * 1024 * 1024


@attrs.define
class Web:
    """The web desk's state, shared by every request: the home opened once, the registered pages, the limits."""

    app: App
    pages: Pages
    idle: dt.timedelta

    @property
    def params(self):
        return self.app.profile.params("web")


class DeskFlask(flask.Flask):
    """Flask, whose error log names the path without a mailbox link's token (mailbox.redact)."""

    def log_exception(self, exc_info) -> None:
        from .mailbox import redact

        self.logger.error("Exception on %s [%s]", redact(flask.request.path), flask.request.method, exc_info=exc_info)


def web_state() -> Web:
    return flask.current_app.extensions["lianluo"]


def open_home(root) -> App:
    """The home as the web server sees it (the actor is set per request); refused where `web` is not enabled."""
    app = App.open(Path(root.home), "web", getattr(root, "extra", None) or None)
    if "web" not in app.profile.enable:
        raise RefusedError(f"本数据目录的配置 {app.profile.name} 未启用插件 web：请在 profile.toml 的 "
                           "[plugins] enable 中加入 \"web\"")
    app.kinds, app.actions, app.tables  # built once, shared by every request's copy of the App
    return app


def create_app(root, testing: bool = False) -> flask.Flask:
    """The Flask application for `root`'s home (a kernel `Root`, or anything with `home` and `extra`)."""
    app = open_home(root)
    pages = Pages()
    call_registration(app.pm, "register_web_pages", pages.for_plugin)
    params = app.profile.params("web")
    web = Web(app, pages, dt.timedelta(minutes=params.int("idle_minutes", 30)))

    flask_app = DeskFlask(__name__, static_folder=str(HERE / "static"), template_folder=str(HERE / "templates"))
    flask_app.jinja_loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(HERE / "templates")),
        jinja2.PrefixLoader({name: jinja2.FileSystemLoader(str(folder)) for name, folder in pages.template_dirs.items()}),
    ])
    flask_app.config.update(
        SECRET_KEY=users.secret_key(app.store),
        SESSION_COOKIE_NAME="lianluo_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=params.bool("secure_cookies", False),
        PERMANENT_SESSION_LIFETIME=web.idle,
        SESSION_REFRESH_EACH_REQUEST=False,  # the cookie is sent again when "last seen" moves (sessions.py)
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session, which the idle timeout ends
        TESTING=testing,
    )
    flask_app.extensions["lianluo"] = web
    CSRFProtect(flask_app)

    from . import auth, mailbox

    auth.add_routes(flask_app)
    mailbox.add_routes(flask_app)
    for decl in pages.pages.values():
        flask_app.add_url_rule(decl.path, endpoint=decl.endpoint, view_func=_guarded(decl), methods=list(decl.methods))
    org = _org_name(app)
    flask_app.context_processor(lambda: {"nav": _nav(), "me": flask.g.get("user"), "org": org})
    flask_app.after_request(_security_headers)
    _error_pages(flask_app)
    return flask_app


def _org_name(app: App) -> str:
    """The organisation's name as recorded at init, for the page header."""
    with app.store.reader() as tx:
        return str(app.context(tx, dt.date.today()).directory.organisation.get("name") or app.profile.name)


def _nav():
    user = flask.g.get("user")
    if user is None:
        return []
    return [(decl.path, decl.nav) for decl in web_state().pages.nav(user.role)]


def _guarded(decl: PageDecl):
    """The view of a registered page behind login, idle timeout and the page's roles."""

    @functools.wraps(decl.view)
    def view(**values):
        from . import sessions
        from .helper import Page

        user = sessions.current_user()
        if user is None:
            return flask.redirect(flask.url_for("login", next=flask.request.full_path.rstrip("?")), code=303)
        if user.role not in decl.roles:
            raise Forbidden()
        return decl.view(Page(web_state(), user, decl), **values)

    return view


def _security_headers(response: flask.Response) -> flask.Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    if not flask.request.path.startswith("/static/"):  # every page may carry personal data
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


MESSAGES = {
    400: "请求无效",
    403: "您的角色无权访问此页面",
    404: "页面不存在，或您无权查看",
    405: "不支持此请求方式",
    409: "操作未执行",
    413: "上传的文件过大（上限 10 MB），未作任何修改；请把名册分成几个文件上传",
    500: "服务器内部错误，操作未保存",
}


def _error(code: int, message: str):
    return flask.render_template("error.html", code=code, message=message), code


def _error_pages(flask_app: flask.Flask) -> None:
    @flask_app.errorhandler(CSRFError)
    def csrf_failed(exc):
        from . import mailbox

        if flask.request.path.startswith(mailbox.PREFIX):
            return mailbox.refused_form()
        return _error(400, "表单已过期或来源不明（CSRF 校验失败），未作任何修改；请返回刷新页面后重试")

    @flask_app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _error(exc.code or 500, MESSAGES.get(exc.code or 500, exc.name))

    @flask_app.errorhandler(InputError)
    def bad_input(exc: InputError):
        return _error(400, f"{exc.field}：{exc.message}；未作任何修改")

    @flask_app.errorhandler(LianluoError)
    def refused(exc: LianluoError):
        return _error(409, f"{exc}；未作任何修改")
