"""The `[activities]` section of a profile, read and checked in one place; errors name `activities.key`."""

from __future__ import annotations

import datetime as dt

import attrs

from lianluo.kernel.calendar import parse_date
from lianluo.kernel.errors import InputError, ProfileError
from lianluo.kernel.models import Level

from .model import ActivityKind

SECTION = "activities"
POLICIES = ("refuse", "warn")
GROUP_KINDS = ("hearing", "enforcement", "mediation", "qa")


def cite(clause: str) -> str:
    """The clause's number without its quotation: "第九条（二）：须提前五天…" → "第九条（二）"."""
    return clause.split("：", 1)[0]


def _kinds(params, key: str, default: list[str]) -> frozenset[ActivityKind]:
    values = params.list(key, default)
    try:
        return frozenset(ActivityKind(v) for v in values)
    except ValueError:
        choices = "、".join(k.value for k in ActivityKind)
        raise ProfileError(f"配置文件 {params.origin} 参数 {SECTION}.{key} 含未知活动类型（可用：{choices}）") from None


def _levels(params, key: str) -> frozenset[Level]:
    values = params.list(key, [level.value for level in Level])
    try:
        return frozenset(Level(v) for v in values)
    except ValueError:
        choices = "、".join(level.value for level in Level)
        raise ProfileError(f"配置文件 {params.origin} 参数 {SECTION}.{key} 含未知层级（可用：{choices}）") from None


def _date(params, key: str) -> dt.date | None:
    value = params.get(key, None)
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    try:
        return parse_date(value, f"{SECTION}.{key}")
    except InputError:
        raise ProfileError(f"配置文件 {params.origin} 参数 {SECTION}.{key} 应为日期（YYYY-MM-DD），实为 {value!r}") from None


@attrs.frozen
class Settings:
    """Notice rule for invitations (Liwan art. 9(2)) and the yearly coverage targets (arts. 8(6), 9(2); SPC §5)."""

    notice_days: int
    notice_kinds: frozenset[ActivityKind]
    late_policy: str
    deputy_min: int
    term_start: dt.date | None
    group_min: int
    group_kinds: frozenset[ActivityKind]
    group_levels: frozenset[Level]
    leader_min: int
    liaison_min: int
    approval_kinds: frozenset[ActivityKind]
    clauses: dict[str, str]

    def clause(self, key: str) -> str:
        return self.clauses.get(f"{SECTION}.{key}", "")

    @classmethod
    def load(cls, ctx) -> "Settings":
        params = ctx.params(SECTION)
        policy = params.str("late_hearing")
        if policy not in POLICIES:
            raise ProfileError(f"配置文件 {params.origin} 参数 {SECTION}.late_hearing 应为 refuse 或 warn，实为 {policy!r}")
        return cls(
            notice_days=params.int("hearing_notice_days"),
            notice_kinds=_kinds(params, "notice_kinds", ["hearing"]),
            late_policy=policy,
            deputy_min=params.int("deputy_min_activities", 1),
            term_start=_date(params, "term_start"),
            group_min=params.int("group_min_events"),
            group_kinds=_kinds(params, "group_kinds", list(GROUP_KINDS)),
            group_levels=_levels(params, "group_levels"),
            leader_min=params.int("leader_visits_min"),
            liaison_min=params.int("liaison_visits_min"),
            approval_kinds=_kinds(params, "approval_kinds", []),
            clauses=dict(ctx.profile.clauses),
        )
