"""The people who log in to the web desk: the `web_users` table this plugin owns, argon2 password hashes.

A user is {name, role, dept (department id, departments only), hash, disabled, version, created}. `version`
grows when the password is reset or the user disabled, so that a session cookie signed before that stops
working at its next request (sessions.py compares it).
"""

from __future__ import annotations

import datetime as dt
import secrets

import attrs

from lianluo.kernel import InputError, RefusedError, Tx, check_text, now_stamp

from .roles import ROLES

USERS = "web_users"
STATE = "web_state"  # one row: the key that signs session cookies, made once per home
PASSWORD_MIN = 8
PASSWORD_MAX = 256
NAME_MAX = 50


@attrs.frozen
class WebUser:
    """A person as the web desk knows them (never carries the hash out of this module's functions)."""

    id: int
    name: str
    role: str
    dept: int | None = None
    disabled: bool = False
    version: int = 1

    @property
    def role_label(self) -> str:
        return ROLES.label(self.role)

    @classmethod
    def from_doc(cls, doc: dict) -> "WebUser":
        return cls(doc["id"], doc["name"], doc["role"], doc.get("dept"), bool(doc.get("disabled")),
                   int(doc.get("version", 1)))


def _hasher():
    from argon2 import PasswordHasher  # imported when used: every CLI start imports this plugin

    return PasswordHasher()


def check_name(name: str, field: str = "NAME") -> str:
    text = (name or "").strip()
    check_text(text, field)
    if not text:
        raise InputError(field, "用户名不能为空")
    if len(text) > NAME_MAX or any(c.isspace() for c in text):
        raise InputError(field, f"用户名不能含空白，且不超过 {NAME_MAX} 字")
    return text


def check_password(password: str, field: str = "密码") -> str:
    if len(password) < PASSWORD_MIN:
        raise InputError(field, f"至少 {PASSWORD_MIN} 个字符")
    if len(password) > PASSWORD_MAX:
        raise InputError(field, f"不超过 {PASSWORD_MAX} 个字符")
    check_text(password, field)
    return password


def find(tx: Tx, name: str) -> dict | None:
    found = tx.find(USERS, name=name)
    return found[0] if found else None


def get(tx: Tx, user_id: int) -> WebUser | None:
    doc = tx.get(USERS, user_id)
    return WebUser.from_doc(doc) if doc else None


def check_role(role: str, dept: object) -> str:
    """The role, and a department exactly when the role is `department`."""
    ROLES.check(role, "--role")
    if role == "department" and dept is None:
        raise InputError("--dept", "承办部门用户须用 --dept 指明所属部门")
    if role != "department" and dept is not None:
        raise InputError("--dept", "只有承办部门（department）用户才有所属部门")
    return role


def add(tx: Tx, name: str, role: str, dept: int | None, password: str) -> WebUser:
    name = check_name(name)
    check_role(role, dept)
    check_password(password)
    if find(tx, name) is not None:
        raise RefusedError(f"用户 {name} 已存在")
    doc = {"name": name, "role": role, "dept": dept, "hash": _hasher().hash(password), "disabled": False,
           "version": 1, "created": now_stamp()}
    doc["id"] = tx.insert(USERS, doc)
    return WebUser.from_doc(doc)


def _existing(tx: Tx, name: str) -> dict:
    doc = find(tx, name)
    if doc is None:
        raise InputError("NAME", f"用户 {name!r} 不存在（用 lianluo user list 查看）")
    return doc


def disable(tx: Tx, name: str) -> WebUser:
    doc = _existing(tx, name)
    doc = {**doc, "disabled": True, "version": int(doc.get("version", 1)) + 1}
    tx.put(USERS, doc)
    return WebUser.from_doc(doc)


def reset_password(tx: Tx, name: str, password: str) -> WebUser:
    """A new password; the user is enabled again and logged out everywhere."""
    doc = _existing(tx, name)
    check_password(password)
    doc = {**doc, "hash": _hasher().hash(password), "disabled": False, "version": int(doc.get("version", 1)) + 1}
    tx.put(USERS, doc)
    return WebUser.from_doc(doc)


_DUMMY: list[str] = []


def verify(doc: dict | None, password: str) -> bool:
    """Whether `password` is the user's; an unknown name costs the same hashing time (no name probing)."""
    from argon2.exceptions import VerificationError, InvalidHashError

    hasher = _hasher()
    if doc is None:
        if not _DUMMY:
            _DUMMY.append(hasher.hash(secrets.token_hex(16)))
        stored = _DUMMY[0]
    else:
        stored = doc["hash"]
    try:
        return hasher.verify(stored, password) and doc is not None
    except (VerificationError, InvalidHashError):
        return False


def all_users(tx: Tx) -> list[WebUser]:
    return [WebUser.from_doc(d) for d in tx.all(USERS)]


def secret_key(store) -> str:
    """The key that signs this home's session cookies: made once and kept in the store, so every server
    process of the home (and a restart) accepts the same cookies."""
    with store.reader() as tx:
        rows = tx.all(STATE)
    if rows and rows[0].get("secret"):
        return rows[0]["secret"]
    with store.transaction() as tx:
        rows = tx.all(STATE)
        if rows and rows[0].get("secret"):
            return rows[0]["secret"]
        secret = secrets.token_hex(32)
        tx.insert(STATE, {"secret": secret, "made": dt.datetime.now().isoformat(timespec="seconds")})
        return secret
