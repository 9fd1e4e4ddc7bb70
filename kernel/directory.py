"""Read access to who is who: departments, deputies, sessions and the organisation."""

from __future__ import annotations

from typing import Any

from .errors import InputError
from .models import Department, Deputy, Session
from .profile import Profile
from .store.protocol import Tx
from .vocab import BODY_LABELS, level_name


class Directory:
    """Lookups over a transaction; every miss raises an InputError naming the field."""

    def __init__(self, tx: Tx, profile: Profile):
        self.tx = tx
        self.profile = profile

    @property
    def organisation(self) -> dict[str, Any]:
        """The organisation as recorded at init, over the profile's defaults (e.g. its head's title)."""
        return {**self.profile.values.get("organisation", {}), **self.tx.meta.get("organisation", {})}

    def departments(self) -> list[Department]:
        return [Department.from_doc(d) for d in self.tx.all("departments")]

    def _by_id(self, table: str, ref: str | int) -> dict | None:
        text = str(ref).strip()
        return self.tx.get(table, int(text)) if (text.isascii() and text.isdigit()) else None

    def department(self, ref: str | int, field: str = "--dept") -> Department:
        """By id, by name, or by a part of the name that only one department's has (第一 → 第一业务部)."""
        text = str(ref).strip()
        doc = self._by_id("departments", text)
        if doc is None:
            named = _squash(text)
            docs = self.tx.all("departments") if named else []
            found = [d for d in docs if _squash(d["name"]) == named] or [d for d in docs if named in _squash(d["name"])]
            doc = _only(found, field, f"{text!r} 可指 {len(found)} 个部门", lambda d: f"{d['id']}（{d['name']}）")
        if doc is None:
            raise InputError(field, f"部门 {text!r} 不存在（用 lianluo dept list 查看编号和名称，或先用 lianluo dept add 添加）")
        return Department.from_doc(doc)

    def department_by_id(self, dept_id: int | None) -> Department | None:
        doc = self.tx.get("departments", dept_id) if dept_id else None
        return Department.from_doc(doc) if doc else None

    def deputy(self, ref: str | int, field: str = "--deputy") -> Deputy:
        """By id or by name (spaces in a name do not count: 张　三 is 张三); two deputies of one name are
        refused with both listed, so that the clerk picks one by its number."""
        text = str(ref).strip()
        doc = self._by_id("deputies", text)
        if doc is None and text and not (text.isascii() and text.isdigit()):
            named = _squash(text)
            found = [d for d in self.tx.all("deputies") if _squash(d["name"]) == named]
            doc = _only(found, field, f"名册中有 {len(found)} 位名为 {text} 的代表或委员", _who)
        if doc is None:
            raise InputError(field, f"代表 {text!r} 不存在（用 lianluo deputy list 查看编号和姓名）")
        return Deputy.from_doc(doc)

    def deputies(self) -> list[Deputy]:
        return [Deputy.from_doc(d) for d in self.tx.all("deputies")]

    def session(self, ref: str | int, field: str = "--session") -> Session:
        """By id or by its exact name."""
        text = str(ref).strip()
        doc = self._by_id("sessions", text)
        if doc is None and text and not (text.isascii() and text.isdigit()):
            found = [d for d in self.tx.all("sessions") if _squash(d["name"]) == _squash(text)]
            doc = _only(found, field, f"有 {len(found)} 次会议名为 {text}", lambda d: f"{d['id']}（{d['opens']} 开幕）")
        if doc is None:
            raise InputError(field, f"会议 {text!r} 不存在（用 lianluo session list 查看编号和名称）")
        return Session.from_doc(doc)

    def sessions(self) -> list[Session]:
        return [Session.from_doc(d) for d in self.tx.all("sessions")]


def _squash(text: str) -> str:
    return "".join(str(text).split())


def _only(found: list[dict], field: str, several: str, describe) -> dict | None:
    """The one record a name found, None for none; several are refused with each listed, so the clerk can
    give its number instead."""
    if len(found) > 1:
        listed = "、".join(describe(d) for d in sorted(found, key=lambda d: d["id"]))
        raise InputError(field, f"{several}，请用编号指明：{listed}")
    return found[0] if found else None


def _who(doc: dict) -> str:
    body = BODY_LABELS.get(doc.get("body", "npc"), "")
    group = f"，{doc['group']}" if doc.get("group") else ""
    return f"{doc['id']}（{level_name(doc['level'])}{body}{group}）"
