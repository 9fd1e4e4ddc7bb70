"""Reporting periods as clerks name them: 2026, 2026-H1, 2026-Q3, 2026-B2 (two-month), 2026-05, and a
congress session (session:3, or the session's name), which needs the data home's sessions to resolve."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re

import attrs

from .errors import InputError

_FORMS = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-H([12])$"), "half"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-B([1-6])$"), "bimonth"),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "month"),
)
_MONTHS = {"year": 12, "half": 6, "quarter": 3, "bimonth": 2, "month": 1}
_NAME = {"year": "{y}", "half": "{y}-H{n}", "quarter": "{y}-Q{n}", "bimonth": "{y}-B{n}", "month": "{y}-{n:02d}"}
_LABEL = {"year": "{y} 年", "half": "{y} 年{n}半年", "quarter": "{y} 年第 {n} 季度", "bimonth": "{y} 年第 {n} 个双月",
          "month": "{y} 年 {n} 月"}


@attrs.frozen
class ReportPeriod:
    """A closed range of days with the name it was asked by."""

    name: str
    kind: str
    start: dt.date
    end: dt.date
    session: int | None = None  # a session period: the session's id
    title: str = ""  # a session period: the session's name

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def covers(self, day: dt.date, session: int | None = None) -> bool:
        """Whether a matter received on `day` (raised at `session`, if any) belongs to this period. A session
        period holds the matters raised at that session, and those raised at no session from its opening until
        the next session opens; a matter of another session never belongs to it."""
        if self.session is not None and session is not None:
            return session == self.session
        return self.contains(day)

    @classmethod
    def for_session(cls, session, later_opens: dt.date | None) -> "ReportPeriod":
        """The period of `session` (anything with id, name, opens): from its opening to the day before the
        next session opens, or one year when no later session is known."""
        end = (later_opens - dt.timedelta(days=1) if later_opens
               else dt.date(session.opens.year + 1, session.opens.month, 1) - dt.timedelta(days=1))
        return cls(f"session-{session.id}", "session", session.opens, max(end, session.opens), session.id,
                   session.name)

    @property
    def label(self) -> str:
        if self.kind == "session":
            return self.title
        year, n = self.start.year, (self.start.month - 1) // _MONTHS[self.kind] + 1
        if self.kind == "half":
            return _LABEL["half"].format(y=year, n="上" if n == 1 else "下")
        return _LABEL[self.kind].format(y=year, n=self.start.month if self.kind == "month" else n)

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> "ReportPeriod":
        """The `kind` period (year, half, quarter, bimonth, month) that `day` falls in."""
        return cls.parse(_NAME[kind].format(y=day.year, n=(day.month - 1) // _MONTHS[kind] + 1))

    def previous(self) -> "ReportPeriod":
        """The period of the same kind just before this one."""
        return ReportPeriod.containing(self.kind, self.start - dt.timedelta(days=1))

    @classmethod
    def parse(cls, text: str, field: str = "--period") -> "ReportPeriod":
        for pattern, kind in _FORMS:
            match = pattern.match(str(text).strip())
            if match:
                year = int(match.group(1))
                n = 1 if kind == "year" else int(match.group(2))
                months = _MONTHS[kind]
                first = 1 if kind == "year" else (n if kind == "month" else (n - 1) * months + 1)
                last = first + months - 1
                if not 1900 <= year <= 2199:
                    break
                end = dt.date(year, last, _cal.monthrange(year, last)[1])
                return cls(str(text).strip(), kind, dt.date(year, first, 1), end)
        raise InputError(field, f"期间格式无效 {text!r}；{FORMS_HINT}")


FORMS_HINT = "可用如 2026、2026-H1、2026-Q3、2026-B2（双月）、2026-05，或会议 session:编号、会议名称"
_SESSION = re.compile(r"^session[:-](\S+)$", re.IGNORECASE)


def resolve(text: str, sessions, field: str = "--period") -> ReportPeriod:
    """A period as typed, where a session may be named by `session:ID` or by its name; `sessions` are the
    data home's sessions (objects with id, name, opens)."""
    text = str(text).strip()
    match = _SESSION.match(text)
    wanted = [s for s in sessions if (str(s.id) == match.group(1) if match else s.name == text)]
    if not wanted:
        if match:
            raise InputError(field, f"没有编号为 {match.group(1)} 的会议（lianluo session list 可查）")
        return ReportPeriod.parse(text, field)
    session = wanted[0]
    later = sorted(s.opens for s in sessions if s.opens > session.opens)
    return ReportPeriod.for_session(session, later[0] if later else None)
