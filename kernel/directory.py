"""Read access to who is who: departments, deputies, sessions and the organisation."""

from __future__ import annotations

from typing import Any

from .errors import InputError
from .models import Department, Deputy, Session
from .profile import Profile
from .store.protocol import Tx


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

    def _lookup(self, table: str, ref: str | int, field: str, noun: str, hint: str) -> dict:
        doc = self._by_id(table, ref)
        if doc is None:
            raise InputError(field, f"{noun} {str(ref).strip()!r} 不存在（{hint}）")
        return doc

    def department(self, ref: str | int, field: str = "--dept") -> Department:
        """By id or by exact name."""
        text = str(ref).strip()
        doc = self._by_id("departments", text)
        if doc is None:
            found = self.tx.find("departments", name=text)
            doc = found[0] if found else None
        if doc is None:
            raise InputError(field, f"部门 {text!r} 不存在（先用 lianluo dept add 添加）")
        return Department.from_doc(doc)

    def department_by_id(self, dept_id: int | None) -> Department | None:
        doc = self.tx.get("departments", dept_id) if dept_id else None
        return Department.from_doc(doc) if doc else None

    def deputy(self, ref: str | int, field: str = "--deputy") -> Deputy:
        return Deputy.from_doc(self._lookup("deputies", ref, field, "代表", "用 lianluo deputy list 查看编号"))

    def deputies(self) -> list[Deputy]:
        return [Deputy.from_doc(d) for d in self.tx.all("deputies")]

    def session(self, ref: str | int, field: str = "--session") -> Session:
        return Session.from_doc(self._lookup("sessions", ref, field, "会议", "用 lianluo session list 查看编号"))

    def sessions(self) -> list[Session]:
        return [Session.from_doc(d) for d in self.tx.all("sessions")]
