"""The advance-notice rule for invitations (Liwan art. 9(2)): the plan and the deputy list reach the
liaison office N days before a hearing (mediation, enforcement …) — refused or accepted-as-late by profile."""

from __future__ import annotations

import datetime as dt

from lianluo.kernel.errors import InputError, RefusedError

from .model import KIND_LABELS, ActivityKind
from .settings import Settings


def lateness(settings: Settings, kind: ActivityKind, day: dt.date, notified: dt.date) -> str | None:
    """Why the notice was too late, or None when it was in time or the kind needs no advance notice."""
    if kind not in settings.notice_kinds:
        return None
    ahead = (day - notified).days
    if ahead >= settings.notice_days:
        return None
    when = f"晚于活动日 {day}" if ahead < 0 else f"距活动日 {day} 仅 {ahead} 日"
    clause = settings.clause("hearing_notice_days")
    return (f"{KIND_LABELS[kind]}活动于 {notified} 告知联络办，{when}，应至少提前 {settings.notice_days} 日"
            + (f"（{clause}）" if clause else ""))


def check(settings: Settings, kind: ActivityKind, day: dt.date, notified: dt.date, late_reason: str = "") -> str | None:
    """Raise under the "refuse" policy unless a reason for recording it late is given (the activity really
    took place and must count); otherwise return the warning line for stderr."""
    reason = lateness(settings, kind, day, notified)
    if reason is None:
        return None
    if settings.late_policy == "refuse" and not late_reason:
        raise InputError("--notified", reason + "；确已举行的，请用 --late-reason 说明逾期告知的原因后补登")
    why = f"（逾期原因：{late_reason}）" if late_reason else ""
    return f"警告：--notified：{reason}；已登记，标记为逾期告知{why}"


def check_approval(settings: Settings, kind: ActivityKind, approved_by: str) -> None:
    """Sitting in on panel deliberation or the judicial committee is arranged only with the leader in charge's
    consent (Liwan art. 9(2)): refused (exit 1) until it is recorded who agreed."""
    if kind in settings.approval_kinds and not approved_by:
        clause = settings.clause("approval_kinds")
        raise RefusedError(f"邀请代表{KIND_LABELS[kind]}须报分管院领导同意方可安排，请用 --approved-by 写明同意的领导"
                           + (f"（{clause.split('：', 1)[0]}）" if clause else ""))
