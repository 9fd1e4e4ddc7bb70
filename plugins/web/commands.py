"""`lianluo user …` (the people who log in to the web desk) and `lianluo serve` (the web server)."""

from __future__ import annotations

import gc
import ipaddress
import re
import sys

import click

from lianluo.kernel import InputError, RefusedError, Root, emit, json_option, pass_root, require_plugin

from . import users
from .roles import ROLES


@click.group(name="user")
def user() -> None:
    """网页端用户：添加、列出、停用、重设密码。"""


def _password(from_stdin: bool) -> str:
    """The password from the first line of stdin, or typed twice at a hidden prompt."""
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
    else:
        password = click.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码", err=True)
    return users.check_password(password, "密码")


def _dept_id(app, tx, dept: str | None) -> int | None:
    if dept is None:
        return None
    return app.context(tx, _today()).directory.department(dept, "--dept").id


def _line(app, tx, person: users.WebUser) -> str:
    dept = app.context(tx, _today()).directory.department_by_id(person.dept) if person.dept else None
    state = "已停用" if person.disabled else "有效"
    return f"{person.name}  {person.role_label}" + (f"（{dept.name}）" if dept else "") + f"  {state}"


def _today():
    import datetime as dt

    return dt.date.today()


def _doc(person: users.WebUser) -> dict:
    return {"name": person.name, "role": person.role, "dept": person.dept, "disabled": person.disabled}


@user.command(name="add")
@click.argument("name")
@click.option("--role", required=True, help="角色：" + "|".join(f"{k}（{v}）" for k, v in ROLES.labels.items()))
@click.option("--dept", help="所属承办部门（名称或编号；department 角色必填）")
@click.option("--password-stdin", is_flag=True, help="从标准输入的第一行读取密码（不提示）")
@json_option
@pass_root
def user_add(root: Root, name: str, role: str, dept: str | None, password_stdin: bool, json_: bool) -> None:
    """添加一名网页端用户（密码用 argon2 加密保存）。"""
    name = users.check_name(name)
    users.check_role(role, dept)
    app = root.app()
    require_plugin(app, "web")
    with app.store.reader() as tx:
        _dept_id(app, tx, dept)  # an unknown department is refused before the password is asked
        if users.find(tx, name) is not None:
            raise click.ClickException(f"用户 {name} 已存在")
    password = _password(password_stdin)
    with app.store.transaction() as tx:
        person = users.add(tx, name, role, _dept_id(app, tx, dept), password)
        line = _line(app, tx, person)
    emit(json_, _doc(person), [f"已添加用户 {line}"])


@user.command(name="list")
@json_option
@pass_root
def user_list(root: Root, json_: bool) -> None:
    """列出网页端用户。"""
    app = root.app()
    require_plugin(app, "web")
    with app.store.reader() as tx:
        people = users.all_users(tx)
        lines = [_line(app, tx, p) for p in people]
    emit(json_, [_doc(p) for p in people], lines or ["（尚无用户；用 lianluo user add 添加）"])


@user.command(name="disable")
@click.argument("name")
@json_option
@pass_root
def user_disable(root: Root, name: str, json_: bool) -> None:
    """停用一名用户（立即退出其所有登录；重设密码即恢复）。"""
    app = root.app()
    require_plugin(app, "web")
    with app.store.transaction() as tx:
        person = users.disable(tx, name)
    emit(json_, _doc(person), [f"已停用用户 {person.name}"])


@user.command(name="reset-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="从标准输入的第一行读取新密码（不提示）")
@json_option
@pass_root
def user_reset_password(root: Root, name: str, password_stdin: bool, json_: bool) -> None:
    """为用户设置新密码（同时恢复已停用的用户，并使其原有登录失效）。"""
    app = root.app()
    require_plugin(app, "web")
    with app.store.reader() as tx:
        if users.find(tx, name) is None:
            raise InputError("NAME", f"用户 {name!r} 不存在（用 lianluo user list 查看）")
    password = _password(password_stdin)
    with app.store.transaction() as tx:
        person = users.reset_password(tx, name, password)
    emit(json_, _doc(person), [f"已为用户 {person.name} 设置新密码"])


def _address(field: str, value: str | None) -> str | None:
    """An IP address or a host name (letters, digits, hyphens, dots): anything else is bad input, named."""
    if value is None:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        pass
    if not HOST_NAME.fullmatch(value) or len(value) > 253:
        raise InputError(field, f"{value!r} 不是有效的 IP 地址或主机名（如 127.0.0.1、0.0.0.0、localhost）")
    return value


HOST_NAME = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*")


def settle_gc() -> None:
    """Keep Python's full cycle collections off the pages. Why: the server holds every decoded matter (10k
    matters: about a million objects); a full collection walks them all (0.5–0.7 s with every thread
    stopped), and the segments a write hands to the read cache started one every few writes. The decoded data
    are plain JSON, never a cycle, so what is alive now is frozen out of the collector's sight, full
    collections wait 100 times longer than by default, and what survives each one is frozen in turn (the
    garbage is gone by then, so nothing collectable is frozen). Young collections run as before."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(700, 10, 1000)
    gc.callbacks.append(lambda phase, info: gc.freeze() if phase == "stop" and info["generation"] == 2 else None)


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；默认只接受本机连接（对外服务请置于 nginx 等 TLS 反向代理之后）")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="端口")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="每个进程处理请求的线程数")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32),
              help="处理请求的进程数（共用一个端口；多核服务器上可设为核数；Windows 上只能为 1）")
@click.option("--trusted-proxy", help="反向代理（如本机 nginx 的 127.0.0.1）的地址：信任其 X-Forwarded-For/-Proto 头，"
                                     "登录锁定按真实客户端地址计数")
@pass_root
def serve(root: Root, host: str, port: int, threads: int, workers: int, trusted_proxy: str | None) -> None:
    """启动网页端（waitress 服务器）：联络办、承办部门、院领导凭账号登录使用。"""
    host = _address("--host", host)
    trusted_proxy = _address("--trusted-proxy", trusted_proxy)
    from waitress.server import create_server

    from . import workers as forking
    from .app import create_app

    if workers > 1 and not forking.can_fork():
        click.echo("注意：本系统不支持多进程（--workers），网页端以单个进程运行", err=True)
        workers = 1
    flask_app = create_app(root)
    options = {"threads": threads, "ident": "lianluo", "clear_untrusted_proxy_headers": True}
    if trusted_proxy:
        options.update(trusted_proxy=trusted_proxy, trusted_proxy_count=1,
                       trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"})
    shared = forking.listening(host, port) if workers > 1 else None
    try:
        server = None if shared else create_server(flask_app, host=host, port=port, **options)
    except OSError as exc:  # the port is taken, the address is not this machine's, the name does not resolve
        raise RefusedError(f"无法在 {host}:{port} 上监听：{exc.strerror or exc}") from exc
    try:
        with flask_app.extensions["lianluo"].app.store.reader() as tx:  # the first page views find them decoded
            tx.all("items")
        settle_gc()
        bound = shared.getsockname()[1] if shared else server.effective_port
        more = f"，{workers} 个进程" if shared else ""
        click.echo(f"网页端已启动：http://{host}:{bound}/{more}（按 Ctrl+C 停止）", err=True)
        if shared:  # each process makes its own server (waitress starts its threads at once) on the shared socket

            def start(child: bool):
                """A worker opens the home again (a store's file lock and connections are never shared across
                a fork); the decoded matters it inherited are what its cache starts with."""
                if child:
                    forked = create_app(root)
                    gc.freeze()
                return create_server(forked if child else flask_app, sockets=[shared], **options)

            forking.run(start, workers)
        else:
            server.run()
    except KeyboardInterrupt:
        click.echo("网页端已停止", err=True)
    finally:
        if server is not None:
            server.close()
        if shared is not None:
            shared.close()
