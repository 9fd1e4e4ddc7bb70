"""The scoring plugin's page on the web desk (`register_web_pages`): 考核 (/scoring) — a period under one rule
set or several side by side, as `lianluo score` computes them (`commands.scored`): each rule set's department
table, and with several, the ranks next to each other and where the rule sets disagree."""

from __future__ import annotations

from pathlib import Path

from lianluo.kernel import FORMS_HINT, report_period

from .assess import UNITS
from .commands import scored
from .compare import LISTS, differences, units
from .registry import RuleRegistry
from .render import _columns, _difference_line, _rank_cell

ROLES = ("clerk", "leader")


def scoring(page):
    period = (page.args.get("period") or str(page.today.year)).strip()
    registry = RuleRegistry.load(page.app)
    picked = [r for r in page.args.getlist("rules") if r.strip()]
    span = report_period(page.app, period, "期间")
    results, ledger = scored(page.app, span, ",".join(picked) if picked else None, page.today)
    diffs = differences(results)
    labels = {a.rules.name: a.rules.label for a in results}
    moved = {(d["unit"], d["name"]) for d in diffs if d["type"] == "rank"}
    side = {kind: [(name, [_rank_cell(a, kind, name) for a in results], (kind, name) in moved)
                   for k, name in units(results) if k == kind] for kind in UNITS} if len(results) > 1 else {}
    tables = [{"rules": a.rules, "columns": _columns(a.rules, False),
               "rows": [(u.name, u.items, [f.text for f in u.figures.values()], u.score.text, u.rank)
                        for u in a.departments],
               "commend": a.commend, "named": a.named} for a in results]
    return page.render("scoring/page.html", title="考核", period=period, span=span, ledger=ledger,
                       available=registry.rules, picked=[a.rules.name for a in results], tables=tables, side=side,
                       units=UNITS, labels=labels, lists=LISTS, hint=FORMS_HINT,
                       differences=[_difference_line(d, labels).strip() for d in diffs])


def register(register) -> None:
    register.templates(Path(__file__).resolve().parent / "templates")
    register.page("/scoring", scoring, roles=ROLES, nav="考核", order=55)
