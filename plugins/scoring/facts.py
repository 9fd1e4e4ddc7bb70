"""What an item's trail says on a given day: answered, how, within its deadline, met before, rated.

Read from the dated events, so a score as of an earlier day ignores what came after it. The answer is the
`reply` to the deputy — or, for a case, telling the deputy the result (`notify`). Its deadline is the
item's first `reply` clock, else the first clock the profile's rules stop on the answer (a complaint's or
a letter's report clock, a case's result clock); re-handling clocks never count, so a reopened item is
judged on its first deadline.
"""

from __future__ import annotations

import datetime as dt

import attrs

from lianluo.kernel import Clock, clock_rule_of, ClockStatus, Item, load_clock_rules

ANSWER_ACTION = {"case": "notify", "supervision": "notify"}
DEADLINE = "reply"


@attrs.frozen
class Feedback:
    """One feedback form: from one deputy (None: from all the item's deputies), its rating, its day, and
    the day of the answer it rates."""

    deputy: int | None
    rating: str
    at: dt.date
    answered: dt.date | None


@attrs.frozen
class Facts:
    """One item as of a day; `deadline` is met, missed, pending (not yet due) or none (no deadline)."""

    item: Item
    answered: bool
    category: str | None
    deadline: str
    met_before: bool
    rated: bool
    feedback: tuple[Feedback, ...]


class Reader:
    """Reads items as of `as_of`, with the profile's clock rules of each kind's plugin."""

    def __init__(self, ctx, as_of: dt.date):
        self.ctx = ctx
        self.as_of = as_of
        self._rules: dict[str, list] = {}

    def facts(self, item: Item) -> Facts:
        events = [e for e in item.events if e.at <= self.as_of]
        action = ANSWER_ACTION.get(item.kind, "reply")
        answers = [n for n, e in enumerate(events) if e.action == action]
        last = answers[-1] if answers else None
        feedback = []
        for n, e in enumerate(events):
            if e.action == "feedback":
                before = [events[a].at for a in answers if a < n]
                feedback.append(Feedback(e.detail.get("deputy"), e.detail.get("rating"), e.at,
                                         before[-1] if before else None))
        kind = self.ctx.kinds.get(item.kind)
        return Facts(
            item=item,
            answered=last is not None,
            category=events[last].detail.get("category") if last is not None else None,
            deadline=self._deadline(item, kind, action),
            met_before=last is not None and any(
                e.action == "contact" and e.detail.get("mode") == "meet" for e in events[:last]),
            rated=kind is not None and "feedback" in kind.workflow.transitions,
            feedback=tuple(feedback),
        )

    def _deadline(self, item: Item, kind, action: str) -> str:
        clock = item.clock(DEADLINE) or next((c for c in item.clocks if self._stops(item, kind, c, action)), None)
        if clock is None:
            return "none"
        if clock.stopped is not None and clock.stopped <= self.as_of:
            return "met" if clock.status is ClockStatus.MET else "missed"
        return "missed" if clock.due < self.as_of else "pending"

    def _stops(self, item: Item, kind, clock: Clock, action: str) -> bool:
        section = kind.plugin if kind is not None else ""
        if section not in self._rules:
            self._rules[section] = load_clock_rules(self.ctx, section) if section else []
        rule = clock_rule_of(self._rules[section], clock.name, item)
        return rule is not None and rule.stops_on(action) and not rule.start.startswith("feedback")
