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

from lianluo.kernel import clock_rule_of, ClockStatus, Fact, load_clock_rules

ANSWER_ACTION = {"case": "notify", "supervision": "notify"}
DEADLINE = "reply"
MET = ClockStatus.MET.value


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

    item: Fact
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
        self.iso = as_of.isoformat()
        self._rules: dict[str, list] = {}
        self._kinds: dict[str, tuple] = {}  # kind name -> (kind, whether it takes feedback)

    def facts(self, item: Fact) -> Facts:
        """One pass over the trail up to `as_of`, as the report facts keep it (days as ISO text, which compare as
        the dates do): a year's score reads tens of thousands of items."""
        action = ANSWER_ACTION.get(item.kind, "reply")
        as_of = self.iso
        answered, category, last_at = False, None, None
        met_so_far = met_before = False  # a meeting before any answer so far / before the latest answer
        feedback = []
        for act, at, detail in item.raw_events:
            if at > as_of:
                continue
            if act == action:
                answered, category, last_at, met_before = True, detail.get("category"), at, met_so_far
            elif act == "contact":
                met_so_far = met_so_far or detail.get("mode") == "meet"
            elif act == "feedback":  # rates the latest answer before it
                feedback.append(Feedback(detail.get("deputy"), detail.get("rating"), dt.date.fromisoformat(at),
                                         dt.date.fromisoformat(last_at) if last_at else None))
        if item.kind not in self._kinds:
            kind = self.ctx.kinds.get(item.kind)
            self._kinds[item.kind] = (kind, kind is not None and "feedback" in kind.workflow.transitions)
        kind, rated = self._kinds[item.kind]
        return Facts(
            item=item,
            answered=answered,
            category=category,
            deadline=self._deadline(item, kind, action),
            met_before=met_before,
            rated=rated,
            feedback=tuple(feedback),
        )

    def _deadline(self, item: Fact, kind, action: str) -> str:
        """On the clocks as the facts keep them: [name, label, owner, start, due, status, stopped], ISO days."""
        for clock in item.raw_clocks:  # loops, not next(generator): once per matter of a year's ranking
            if clock[0] == DEADLINE:
                break
        else:
            for clock in item.raw_clocks:
                if self._stops(item, kind, clock[0], action):
                    break
            else:
                return "none"
        due, status, stopped = clock[4], clock[5], clock[6]
        if stopped and stopped <= self.iso:
            return "met" if status == MET else "missed"
        return "missed" if due < self.iso else "pending"

    def _stops(self, item: Fact, kind, name: str, action: str) -> bool:
        section = kind.plugin if kind is not None else ""
        if section not in self._rules:
            self._rules[section] = load_clock_rules(self.ctx, section) if section else []
        rule = clock_rule_of(self._rules[section], name, item)
        return rule is not None and rule.stops_on(action) and not rule.start.startswith("feedback")
