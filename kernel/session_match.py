"""Which congress session a matter raised on a day belongs to, when sessions overlap.

An NPC session and a CPPCC session often meet in the same weeks (两会). A matter belongs to the session of
its deputies' body (NPC deputy ↔ 人大 session, CPPCC member ↔ 政协 session), then of their level; when
that still leaves more than one session, the clerk must name it.
"""

from __future__ import annotations

import datetime as dt

from .errors import InputError
from .models import Session


def _narrowed(sessions: list[Session], field: str, values: set) -> list[Session]:
    """The sessions whose `field` (body, level) is the deputies' one; all of them when the deputies differ in
    it or no session has it (a CPPCC member speaking at an NPC session still belongs to it)."""
    if len(values) != 1:
        return sessions
    kept = [s for s in sessions if getattr(s, field) in values]
    return kept or sessions


def session_on(directory, day: dt.date, deputy_ids: list[int]) -> Session | None:
    """The one session open on `day` for these deputies, None if no session is open; refused if ambiguous."""
    sessions = [s for s in directory.sessions() if s.contains(day)]
    if len(sessions) <= 1:
        return sessions[0] if sessions else None
    deputies = [directory.deputy(str(d)) for d in deputy_ids]
    for field in ("body", "level"):
        sessions = _narrowed(sessions, field, {getattr(d, field) for d in deputies})
    if len(sessions) > 1:
        names = "、".join(f"{s.id}「{s.name}」" for s in sessions)
        raise InputError("--session", f"{day} 同时在会议 {names} 期间，无法按代表所属判定，请用 --session 指明会议")
    return sessions[0]
