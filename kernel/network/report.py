"""The network report (`lianluo network report`, the web desk's 联络网络 page): this organisation and every one
below it, each row its own counts for the period, the total the plain sum of the rows, and the rankings the
organisation's plugins give under its own rules (ranking.py). One function, so the CLI and the web show the
same figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from ..context import App
from ..periods import ReportPeriod
from ..report import scrubber
from .ranking import NetworkMember, rankings
from .reading import ReadOnlyView

DEFAULT_TOTAL = "全网合计"


def network_report(app: App, period: ReportPeriod, day: dt.date) -> dict[str, Any]:
    """{period, start, end, orgs, total, rankings, notes}: each org row carries its counts, rates, the day it
    last reported the period, and `scores` {rule set: {score, text, rank}} for each ranking. psycopg is imported
    only here, when a network is asked for."""
    from .figures import org_figures, rates, total
    from .member import me, open_org
    from .registry import reported, subtree

    registry, mine = me(app.home)
    sent = reported(registry, period.name)
    members, rows = [], []
    managers: dict = {}  # the organisations on the same plugins share one plugin manager (App.open)
    for org in subtree(registry.orgs(), mine.code):
        other = app if org.code == mine.code else open_org(org, app.user, app.extra, managers)
        figures = org_figures(other, period, day)
        members.append(NetworkMember(org.code, org.name, _read_only(other, org.name), figures))
        rows.append({"org": org.code, "name": org.name, **figures, **rates(figures),
                     "reported": sent[org.code][0].isoformat() if org.code in sent else None})
    with app.store.reader() as tx:
        found, notes = rankings(app, period, members, app.context(tx, day))
        scrub = scrubber(tx)  # an error's text may quote a phone or an address, masked as in a period report
        notes = [scrub(note) for note in notes]
    for row in rows:
        row["scores"] = {r.name: r.scores[row["org"]].to_doc() for r in found if row["org"] in r.scores}
    summed = total(rows)
    label = app.profile.params("network").str("total_label", DEFAULT_TOTAL)
    return {"period": period.name, "label": period.label, "start": period.start.isoformat(),
            "end": period.end.isoformat(), "date": day.isoformat(), "orgs": rows,
            "total": {"org": "", "name": label, **summed, **rates(summed)},
            "rankings": [{"name": r.name, "label": r.label, "plugin": r.plugin} for r in found], "notes": notes}


def rate_text(value: float | None) -> str:
    """A rate of the report as printed (CLI and web): a percentage to one decimal, — over nothing."""
    return "—" if value is None else f"{value * 100:.1f}%"


def _read_only(other: App, name: str) -> App:
    return attrs.evolve(other, store=ReadOnlyView(other.store, name))
