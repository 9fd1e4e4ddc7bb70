"""The activity record (联络活动): who was invited, who came, the report, and the trail.

Stored in the "activities" table, which this plugin owns; other plugins (cases, scoring) see `id`, `kind`,
`date`, `case` and `attended` through the `activities.held` query (store.py), so those keys are a contract.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from lianluo.kernel.models import Event

TABLE = "activities"


class ActivityKind(enum.Enum):
    VISIT = "visit"
    HEARING = "hearing"
    INSPECTION = "inspection"
    SYMPOSIUM = "symposium"
    MEDIATION = "mediation"
    ENFORCEMENT = "enforcement"
    QA = "qa"
    PANEL = "panel"
    COMMITTEE = "committee"
    OTHER = "other"


KIND_LABELS = {
    ActivityKind.VISIT: "走访",
    ActivityKind.HEARING: "旁听庭审",
    ActivityKind.INSPECTION: "视察、评议",
    ActivityKind.SYMPOSIUM: "座谈会",
    ActivityKind.MEDIATION: "参与调解",
    ActivityKind.ENFORCEMENT: "见证执行",
    ActivityKind.QA: "释法答疑",
    ActivityKind.PANEL: "旁听合议庭评议",
    ActivityKind.COMMITTEE: "列席审判委员会会议",
    ActivityKind.OTHER: "其他",
}


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@attrs.frozen
class Activity:
    """One liaison activity. It counts as held once some deputy's attendance is recorded."""

    id: int
    kind: ActivityKind
    date: dt.date
    title: str
    notified: dt.date
    organizer: str = ""
    group: str = ""
    leader_led: bool = False
    invited: tuple[int, ...] = ()
    attended: tuple[int, ...] = ()
    case: int | None = None
    report: str | None = None
    reported: dt.date | None = None
    late: bool = False
    late_reason: str = ""
    approved_by: str = ""
    events: tuple[Event, ...] = ()

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def late_note(self) -> str:
        """What a clerk reads about a late notice to the office: 逾期告知, with the reason when one was given."""
        if not self.late:
            return ""
        return f"逾期告知（{self.late_reason}）" if self.late_reason else "逾期告知"

    @property
    def held(self) -> bool:
        return bool(self.attended)

    def noted(self, event: Event, **changes: Any) -> "Activity":
        """The activity changed as `changes` say, with the event that did it appended to its trail."""
        return attrs.evolve(self, events=self.events + (event,), **changes)

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "date": self.date.isoformat(),
            "title": self.title,
            "organizer": self.organizer,
            "group": self.group,
            "leader_led": self.leader_led,
            "invited": list(self.invited),
            "attended": list(self.attended),
            "case": self.case,
            "report": self.report,
            "reported": self.reported.isoformat() if self.reported else None,
            "notified": self.notified.isoformat(),
            "late": self.late,
            "late_reason": self.late_reason,
            "approved_by": self.approved_by,
            "events": [e.to_doc() for e in self.events],
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Activity":
        return cls(
            id=doc["id"],
            kind=ActivityKind(doc["kind"]),
            date=_d(doc["date"]),
            title=doc["title"],
            notified=_d(doc["notified"]),
            organizer=doc.get("organizer", ""),
            group=doc.get("group", ""),
            leader_led=doc.get("leader_led", False),
            invited=tuple(doc.get("invited", ())),
            attended=tuple(doc.get("attended", ())),
            case=doc.get("case"),
            report=doc.get("report"),
            reported=_d(doc.get("reported")),
            late=doc.get("late", False),
            late_reason=doc.get("late_reason", ""),
            approved_by=doc.get("approved_by", ""),
            events=tuple(Event.from_doc(e) for e in doc.get("events", ())),
        )
