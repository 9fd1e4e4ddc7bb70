"""The admin's pages: 用户 (/users — add, disable and reset passwords through forms, each audited under the
admin's login name; the same functions as `lianluo user`) and 系统 (/system — what `lianluo status` says: the
last daily tick, failures, notices to check; and the newest backups in the home's backups/ folder)."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel import InputError, check_health, status_lines

from . import users
from .roles import ROLES

ADMIN = ("admin",)
BACKUPS_SHOWN = 5


def _password(form) -> str:
    password = form.get("password") or ""
    if password != (form.get("confirm") or ""):
        raise InputError("确认密码", "两次输入的密码不一致")
    return users.check_password(password, "密码")


def user_list(page):
    with page.reader() as tx:
        people = users.all_users(tx)
        departments = page.context(tx).directory.departments()
    return page.render("users.html", title="用户", people=people, depts={d.id: d.name for d in departments},
                       departments=departments, roles=ROLES.labels)


def user_add(page):
    form = page.form
    name = users.check_name(form.get("name") or "", "用户名")
    role = form.get("role") or ""
    if role not in ROLES.labels:
        raise InputError("角色", f"无效值 {role!r}；可用：{'、'.join(ROLES.labels.values())}")
    dept_text = (form.get("dept") or "").strip()
    password = _password(form)
    with page.transaction() as tx:
        dept = page.context(tx).directory.department(dept_text, "所属部门").id if dept_text else None
        if role == "department" and dept is None:
            raise InputError("所属部门", "承办部门用户须选择所属部门")
        if role != "department":
            dept = None
        person = users.add(tx, name, role, dept, password)
        page.audit(tx, "web user add", name=person.name, role=person.role, dept=person.dept)
    return page.redirect("/users", f"已添加用户 {person.name}（{person.role_label}）")


def _named(page, tx, user_id: int) -> users.WebUser:
    person = users.get(tx, user_id)
    if person is None:
        page.not_found()
    return person


def user_disable(page, user_id: int):
    with page.transaction() as tx:
        person = _named(page, tx, user_id)
        if person.name == page.user.name:
            page.refuse("不能停用自己的账号")
        users.disable(tx, person.name)
        page.audit(tx, "web user disable", name=person.name)
    return page.redirect("/users", f"已停用用户 {person.name}（其登录即时失效）")


def user_reset(page, user_id: int):
    password = _password(page.form)
    with page.transaction() as tx:
        person = _named(page, tx, user_id)
        users.reset_password(tx, person.name, password)
        page.audit(tx, "web user reset-password", name=person.name)
    return page.redirect("/users", f"已为用户 {person.name} 设置新密码（原有登录已失效）")


def _backups(home) -> list[dict]:
    folder = home / "backups"
    found = sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.stat().st_mtime, reverse=True) \
        if folder.is_dir() else []
    return [{"name": p.name, "size": p.stat().st_size,
             "when": dt.datetime.fromtimestamp(p.stat().st_mtime).isoformat(sep=" ", timespec="minutes")}
            for p in found[:BACKUPS_SHOWN]]


def system(page):
    with page.reader() as tx:
        health = check_health(tx, page.today)
    backups = _backups(page.app.home)
    age = (page.today - dt.date.fromisoformat(backups[0]["when"][:10])).days if backups else None
    return page.render("system.html", title="系统", health=health, lines=status_lines(health), backups=backups,
                       backup_age=age, store=type(page.app.store).__name__, profile=page.app.profile.name)


def register(register) -> None:
    register.page("/users", user_list, roles=ADMIN, nav="用户", order=90)
    register.page("/users/new", user_add, roles=ADMIN, methods=("POST",))
    register.page("/users/<int:user_id>/disable", user_disable, roles=ADMIN, methods=("POST",))
    register.page("/users/<int:user_id>/password", user_reset, roles=ADMIN, methods=("POST",))
    register.page("/system", system, roles=ADMIN, nav="系统", order=95)
