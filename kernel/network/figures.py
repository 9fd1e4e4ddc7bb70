"""Each organisation's figures for a period, as data the upper organisation adds up (reported up).

A matter handed down is counted once, by the organisation that handles it (the lower); the upper counts it
only as `handed_down`, so the network's total (its label is the profile's `[network] total_label`) counts every matter once and is still the sum of its rows.

Only counts are reported (matters received, finished, replied, clocks met, ratings, activities, deputies met):
a rate is computed from the summed counts, so the network's total is the sum of its parts by construction and
a rate of the total is never an average of averages. The figures come from each organisation's report facts
(kernel/facts.py) in its own read-only snapshot, through the public queries of the plugins it enables
(`activities.held`), so each organisation counts under its own rules."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from .. import facts
from . import figures_sql
from ..context import App
from ..models import ClockStatus
from ..periods import ReportPeriod

COUNTS = ("items", "handed_down", "finished", "replied", "clocks_met", "clocks_missed", "overdue_open", "rated", "satisfied",
          "handed_from_above", "activities", "deputies_met", "deputies")
RATES = {"finish_rate": ("finished", "items"), "on_time_rate": ("clocks_met", "clocks_closed"),
         "satisfaction_rate": ("satisfied", "rated"), "coverage": ("deputies_met", "deputies")}  # (numerator, denominator)
# Which ratings count as satisfied is the rating plugin's vocabulary, named by the profile; the default is the
# code the built-in suggestions plugin records for its highest rating.
DEFAULT_SATISFIED = ("satisfied",)


def org_figures(app: App, period: ReportPeriod, day: dt.date) -> dict[str, Any]:
    """The counts of one organisation for `period`, from one snapshot of its home: the items' counts from
    the report facts (in SQL when the store can, figures_sql.py), the activities through `activities.held`."""
    cutoff = min(day, period.end).isoformat()
    finished = {name: kind.workflow.finished for name, kind in app.kinds.kinds.items()}
    satisfied = tuple(app.profile.params("network").list("satisfied_ratings", list(DEFAULT_SATISFIED)))
    with app.store.reader() as tx:
        ctx = app.context(tx, day)
        if not facts.from_documents() and figures_sql.usable(app.store, tx):
            out, kinds = figures_sql.item_counts(
                tx, app.store.facts, period.start.isoformat(), period.end.isoformat(), cutoff,
                [f"{name}:{status}" for name, states in finished.items() for status in states], list(satisfied))
        else:
            out, kinds = _item_counts(tx.facts("items", facts.selection(period, False, ())), period, cutoff, finished,
                                      satisfied)
        held = [a for a in ctx.query("activities.held")
                if a.get("attended") and period.start.isoformat() <= str(a.get("date")) <= period.end.isoformat()]
        out["activities"] = len(held)
        out["deputies_met"] = len({d for a in held for d in a["attended"]})
        out["deputies"] = tx.count("deputies")
    return {**{key: out.get(key, 0) for key in COUNTS}, "kinds": dict(sorted(kinds.items()))}


def _item_counts(summaries, period: ReportPeriod, cutoff: str, finished: dict,
                 satisfied: tuple[str, ...]) -> tuple[dict, dict]:
    """The reference count, in Python over the summaries (what figures_sql.py computes in the server)."""
    met, missed, running = ClockStatus.MET.value, ClockStatus.MISSED.value, ClockStatus.OPEN.value
    kinds: Counter[str] = Counter()
    out: Counter[str] = Counter()
    for fact in summaries:
        if not facts.chosen(facts.packed(fact), period, False, frozenset()):  # chosen reads packed rows
            continue
        extra = fact.get("extra") or {}
        if extra.get("handed_to_org"):  # handled below: counted once, by the organisation handling it
            out["handed_down"] += 1
            continue
        kinds[fact["kind"]] += 1
        out["items"] += 1
        out["finished"] += fact["status"] in finished.get(fact["kind"], ())
        out["replied"] += bool(fact.get("reply"))
        if fact.get("feedback"):
            out["rated"] += 1
            out["satisfied"] += fact["feedback"] in satisfied
        out["handed_from_above"] += bool(extra.get("handed_from_org"))
        for _name, _label, _owner, _start, due, status, _stopped in fact["clocks"]:
            out["clocks_met"] += status == met
            out["clocks_missed"] += status == missed
            out["overdue_open"] += status == running and due < cutoff
    return dict(out), dict(kinds)


def total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The sum of organisations' figures (kinds summed kind by kind)."""
    out: dict[str, Any] = {key: sum(row[key] for row in rows) for key in COUNTS}
    kinds: Counter[str] = Counter()
    for row in rows:
        kinds.update(row["kinds"])
    out["kinds"] = dict(sorted(kinds.items()))
    return out


def rates(row: dict[str, Any]) -> dict[str, float | None]:
    counts = {**row, "clocks_closed": row["clocks_met"] + row["clocks_missed"]}
    return {name: (round(counts[num] / counts[den], 4) if counts[den] else None)
            for name, (num, den) in RATES.items()}
