"""Deadlines as data: each `[SECTION.clocks.NAME]` table in a profile is one rule (SECTION is the plugin's).

A rule says which items it applies to (kinds, channels), the event that starts it (``register``, an
action such as ``approve`` or ``assign``, or ``feedback:unsatisfied``), its period and optional extension
limit (both counted from the start), whom the tick chases (``office`` before assignment, the ``lead``
department, or one clock per ``co`` department), and the actions that stop it. Hand-over and reply
periods, a same-day proposal and an N-day report, a statutory reply period with an extension limit, and
working-day steps are all rules of this shape; a deadline of another shape is a plugin.
"""

from __future__ import annotations

import datetime as dt

import attrs

from .errors import ProfileError
from .models import Clock, Item

OWNERS = ("office", "lead", "co")
FIELDS = {"clock", "label", "start", "period", "limit", "owner", "stop", "kinds", "channels"}


@attrs.frozen
class ClockRule:
    """One deadline rule; `name` is the clock's name (several rules may share one, e.g. "reply")."""

    key: str
    name: str
    label: str
    start: str
    period: str  # the profile key of the period, e.g. "suggestions.clocks.reply.period"
    limit: str | None = None
    owner: str = "lead"
    stop: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()

    def applies(self, item: Item) -> bool:
        return (not self.kinds or item.kind in self.kinds) and (not self.channels or item.channel.value in self.channels)

    def stops_on(self, trigger: str) -> bool:
        """`stop = ["feedback"]` stops on any feedback; `["feedback:unsatisfied"]` on that rating only."""
        return trigger in self.stop or trigger.split(":", 1)[0] in self.stop


def load_rules(ctx, section: str) -> list[ClockRule]:
    """The clock rules in `[SECTION.clocks.*]` of the profile, checked."""
    params = ctx.params(section)
    rules = []
    for name, table in params.table("clocks", {}).items():
        where = f"{section}.clocks.{name}"
        if not isinstance(table, dict):
            raise ProfileError(f"配置参数 {where} 应为表")
        owner = table.get("owner", "lead")
        if owner not in OWNERS:
            raise ProfileError(f"配置参数 {where}.owner 应为 {'、'.join(OWNERS)} 之一，实为 {owner!r}")
        if "start" not in table or "period" not in table:
            raise ProfileError(f"配置参数 {where} 须有 start 和 period")
        params.period(f"clocks.{name}.period")
        if not set(table) <= FIELDS:
            raise ProfileError(f"配置参数 {where} 有未知的键：{'、'.join(sorted(set(table) - FIELDS))}")
        if "limit" in table:
            params.period(f"clocks.{name}.limit")
        rules.append(ClockRule(
            key=name,
            name=table.get("clock", name),
            label=table.get("label", name),
            start=table["start"],
            period=f"{where}.period",
            limit=f"{where}.limit" if "limit" in table else None,
            owner=owner,
            stop=tuple(table.get("stop", ())),
            kinds=tuple(table.get("kinds", ())),
            channels=tuple(table.get("channels", ())),
        ))
    return rules


def _owner(rule: ClockRule, item: Item) -> int | None:
    return item.lead if rule.owner == "lead" else None


def _fresh_name(item: Item, name: str) -> str:
    """The rule's name, or name-2, name-3 … when an earlier round of the same rule has stopped."""
    if item.clock(name) is None:
        return name
    n = 2
    while item.clock(f"{name}-{n}") is not None:
        n += 1
    return f"{name}-{n}"


def started(rules: list[ClockRule], item: Item, trigger: str, day: dt.date, ctx) -> list[Clock]:
    """New clocks the trigger starts; a rule whose clock is still open does not start twice."""
    clocks = []
    for rule in rules:
        if rule.start != trigger or not rule.applies(item):
            continue
        if rule.owner == "co":
            for dept in item.co:
                name = f"{rule.name}:{dept}"
                if item.clock(name) is None:
                    clocks.append(ctx.new_clock(item, name, rule.label, day, rule.period, owner=dept,
                                                limit_param=rule.limit))
            continue
        open_same = [c for c in item.clocks if c.is_open and (c.name == rule.name or c.name.startswith(rule.name + "-"))]
        if open_same:
            continue
        clocks.append(ctx.new_clock(item, _fresh_name(item, rule.name), rule.label, day, rule.period,
                                    owner=_owner(rule, item), limit_param=rule.limit))
    return clocks


def rule_of(rules: list[ClockRule], clock_name: str, item: Item) -> ClockRule | None:
    """The rule that made this clock of this item (rounds `name-2` and co clocks `name:dept` included)."""
    base = clock_name.split(":", 1)[0]
    for rule in rules:
        if not rule.applies(item):
            continue
        if base == rule.name or (base.startswith(rule.name + "-") and base[len(rule.name) + 1:].isdigit()):
            return rule
    return None


def stopped(rules: list[ClockRule], item: Item, trigger: str, day: dt.date) -> list[Clock]:
    """Open clocks of these rules that the trigger stops (met or missed by the day)."""
    out = []
    for clock in item.clocks:
        rule = rule_of(rules, clock.name, item)
        if clock.is_open and rule is not None and rule.stops_on(trigger):
            out.append(clock.stop(day))
    return out


def reowned(rules: list[ClockRule], item: Item) -> list[Clock]:
    """After (re)assignment, open lead-owned clocks follow the new lead department."""
    out = []
    for clock in item.clocks:
        rule = rule_of(rules, clock.name, item)
        if clock.is_open and rule is not None and rule.owner == "lead" and clock.owner != item.lead:
            out.append(attrs.evolve(clock, owner=item.lead))
    return out
