"""The organisations of a network report ranked under this organisation's rule sets (`rank_organisations`),
side by side when the profile names several — as the departments are ranked in its own report.

Each organisation is read in its own home, under its own clocks and kinds (so "on time" means its own
deadlines), and judged as one unit by the rule sets of the organisation that reports: the same indicators,
guards, weights or item points that score its departments. A matter handed down counts once, below."""

from __future__ import annotations

from lianluo.kernel import OrganisationRanking, OrganisationScore, paused_gc

from .assess import whole
from .composite import ranks
from .ledger import read_ledger
from .registry import RuleRegistry


def rank(period, organisations, ctx) -> list[OrganisationRanking] | None:
    """One ranking per rule set of the profile's `scoring.rules`; none when it names none."""
    value = ctx.params("scoring").get("rules", None)
    if value is None or not organisations:
        return None
    chosen = RuleRegistry.load(ctx.app).chosen(None, value)
    units: dict[str, list] = {rules.name: [] for rules in chosen}
    with paused_gc():  # every organisation's year of facts: many small objects, no cycles — paused once, not per
        for member in organisations:  # organisation: each resume walked the facts still held (~10 ms each)
            with member.app.store.reader() as tx:
                own = member.app.context(tx, ctx.today)
                ledger = read_ledger(own, period, ctx.today, keep=member.counts)
                for rules in chosen:
                    units[rules.name].append(whole(rules, ledger, member.app.calendar, own.roll_forward, member.name))
    out = []
    for rules in chosen:
        found = units[rules.name]
        places = ranks([u.score for u in found])
        out.append(OrganisationRanking(rules.name, rules.label, {
            member.code: OrganisationScore(unit.score.to_doc(), unit.score.text, place)
            for member, unit, place in zip(organisations, found, places)}))
    return out
