"""Coverage gaps against the profile's yearly targets, computed once for the command and the job.

An activity counts once it has been held (some deputy's attendance is recorded) on or before the day
of the check. Targets (each off at 0):
- every deputy (NPC and CPPCC) attends ≥ `deputy_min_activities` activities (Liwan art. 8(6) says "during
  their term": the calendar year is used unless the profile gives `term_start`);
- every liaison group — a roster group of the levels in `group_levels` — holds ≥ `group_min_events`
  activities of `group_kinds`, counted by the activity's `group` (art. 9(2));
- ≥ `leader_visits_min` leader-led visits a year (SPC decision §5);
- every liaison officer makes ≥ `liaison_visits_min` visits to each paired deputy (Deputy.liaison): a
  visit counts when its organizer is that officer and the deputy attended (Liaoning, seed 004).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from lianluo.kernel import BODY_LABELS

from . import store
from .model import KIND_LABELS, Activity, ActivityKind
from .settings import Settings, cite


@attrs.frozen
class Gap:
    """One target not met: which rule, about whom, the target, the count so far, and the sentence."""

    rule: str
    target: int
    count: int
    text: str
    clause: str = ""
    deputy: int | None = None
    group: str = ""
    liaison: str = ""

    def to_doc(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Coverage:
    year: int
    as_of: dt.date
    since: dt.date
    gaps: tuple[Gap, ...]

    def to_doc(self) -> dict[str, Any]:
        return {"year": self.year, "as_of": self.as_of.isoformat(), "since": self.since.isoformat(),
                "gaps": [g.to_doc() for g in self.gaps]}

    def lines(self) -> list[str]:
        head = f"{self.year} 年度联络活动覆盖情况（截至 {self.as_of}）："
        if not self.gaps:
            return [head, "  各项目标均已达到。"]
        return [head] + [f"  {n}. {g.text}" for n, g in enumerate(self.gaps, 1)]


def _say(times: int, target: int, none: str, some: str) -> str:
    """The "尚未…" sentence when nothing was held, else "… N 次，少于 M 次"."""
    if times == 0:
        return none + (f"（须不少于 {target} 次）" if target > 1 else "")
    return f"{some} {times} 次，少于 {target} 次"


def _ref(settings: Settings, key: str) -> str:
    """The clause number in brackets, e.g. "（第九条（二））"; "（选定）" stays as it is."""
    number = cite(settings.clause(key))
    if not number or (number.startswith("（") and number.endswith("）")):
        return number
    return f"（{number}）"


def _deputies(settings: Settings, deputies, held: list[Activity], since: dt.date, start: dt.date) -> list[Gap]:
    period = "本年度" if since == start else f"本届任期内（自 {since} 起）"
    gaps = []
    for deputy in deputies:
        who = f"{BODY_LABELS[deputy.body.value]}{deputy.name}（{deputy.id}）{period}"
        times = sum(1 for a in held if a.date >= since and deputy.id in a.attended)
        if times < settings.deputy_min:
            text = _say(times, settings.deputy_min, f"{who}尚未参加联络活动", f"{who}参加联络活动")
            gaps.append(Gap("deputy", settings.deputy_min, times, text + _ref(settings, "deputy_min_activities"),
                            settings.clause("deputy_min_activities"), deputy=deputy.id))
    return gaps


def _groups(settings: Settings, deputies, in_year: list[Activity]) -> list[Gap]:
    kinds = "、".join(KIND_LABELS[k] for k in ActivityKind if k in settings.group_kinds)
    gaps = []
    for group in sorted({d.group for d in deputies if d.group and d.level in settings.group_levels}):
        times = sum(1 for a in in_year if a.group == group and a.kind in settings.group_kinds)
        if times < settings.group_min:
            text = _say(times, settings.group_min, f"{group}本年度尚未组织{kinds}等活动", f"{group}本年度组织{kinds}等活动")
            gaps.append(Gap("group", settings.group_min, times, text + _ref(settings, "group_min_events"),
                            settings.clause("group_min_events"), group=group))
    return gaps


def _leader(settings: Settings, in_year: list[Activity]) -> list[Gap]:
    times = sum(1 for a in in_year if a.kind is ActivityKind.VISIT and a.leader_led)
    if times >= settings.leader_min:
        return []
    text = _say(times, settings.leader_min, "本年度尚无院领导带队走访代表的活动", "本年度院领导带队走访代表")
    return [Gap("leader", settings.leader_min, times, text + _ref(settings, "leader_visits_min"),
                settings.clause("leader_visits_min"))]


def _liaisons(settings: Settings, deputies, in_year: list[Activity]) -> list[Gap]:
    gaps = []
    for deputy in (d for d in deputies if d.liaison):
        times = sum(1 for a in in_year if a.kind is ActivityKind.VISIT and a.organizer == deputy.liaison
                    and deputy.id in a.attended)
        if times < settings.liaison_min:
            pair = f"结对代表{deputy.name}（{deputy.id}）"
            text = _say(times, settings.liaison_min, f"联络员{deputy.liaison}本年度尚未走访{pair}",
                        f"联络员{deputy.liaison}本年度走访{pair}")
            gaps.append(Gap("liaison", settings.liaison_min, times, text + _ref(settings, "liaison_visits_min"),
                            settings.clause("liaison_visits_min"), deputy=deputy.id, liaison=deputy.liaison))
    return gaps


def compute(ctx, year: int, as_of: dt.date) -> Coverage:
    """The gaps for `year`, counting activities held up to `as_of` (clamped to the year's end)."""
    settings = Settings.load(ctx)
    as_of = min(as_of, dt.date(year, 12, 31))
    start = dt.date(year, 1, 1)
    since = settings.term_start if settings.term_start and settings.term_start <= as_of else start
    held = [a for a in store.every(ctx.tx) if a.held and a.date <= as_of]
    in_year = [a for a in held if a.date >= start]
    deputies = sorted(ctx.directory.deputies(), key=lambda d: d.id)
    gaps = []
    if settings.deputy_min:
        gaps += _deputies(settings, deputies, held, since, start)
    if settings.group_min:
        gaps += _groups(settings, deputies, in_year)
    if settings.leader_min:
        gaps += _leader(settings, in_year)
    if settings.liaison_min:
        gaps += _liaisons(settings, deputies, in_year)
    return Coverage(year, as_of, since, tuple(gaps))
