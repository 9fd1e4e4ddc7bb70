"""One daily tick for the network: each organisation's own `tick`, one after another, each isolated.

Why in-process and one by one rather than one process per organisation: twenty homes on one server tick in
seconds, and a systemd timer wants one unit with one exit code. Isolation is per organisation: whatever one
organisation's tick raises (a broken profile, a missing plugin, the server refusing its schema) is caught,
named and counted, and the next organisation ticks all the same; its own plugin failures stay inside its own
tick as always (recorded there and retried by its next run).

After an organisation has ticked, its figures are reported up (上报) for every scheduled report of its profile
that fell since its previous tick (`[reports.schedules.*]`: two-monthly, half-yearly, yearly …; days missed
while the machine was off are caught up as the tick catches up), as data in the network's `figures` table,
where the upper organisation reads them."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import click

from ..context import App
from ..errors import LianluoError
from ..jobs import due_days
from ..report_schedule import job as schedule_job, load as load_schedules
from .figures import org_figures
from .member import open_org
from .mirror import mirror
from .registry import Org, Registry, report_up


def tick_org(org: Org, user: str, extra: dict, day: dt.date) -> dict[str, Any]:
    """Run `lianluo tick --today DAY` for one organisation; what happened, never an exception."""
    from ..cli.main import cli

    out = io.StringIO()
    code, error = 0, ""
    argv = ["--home", org.home, "--as", user, "tick", "--today", day.isoformat(), "--json"]
    try:
        with contextlib.redirect_stdout(out):
            with cli.make_context("lianluo", argv, obj=dict(extra)) as ctx:
                cli.invoke(ctx)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except LianluoError as exc:
        code, error = exc.exit_code or 1, str(exc)
    except Exception as exc:  # one organisation's bug must not stop the others
        code, error = 1, f"内部错误 {type(exc).__name__}：{exc}"
    result: dict[str, Any] = {"org": org.code, "name": org.name, "code": code, "error": error,
                              "notices": 0, "reported": []}
    with contextlib.suppress(ValueError):
        result["notices"] = len(json.loads(out.getvalue()).get("notices", []))
    return result


def last_tick(org: Org, user: str, extra: dict, managers: dict | None = None) -> dt.date | None:
    """The day this organisation last ticked (None before its first tick, or when its home does not open)."""
    try:
        app = open_org(org, user, extra, managers)
        with app.store.reader() as tx:
            last = tx.meta.get("last_tick")
    except LianluoError:
        return None
    return dt.date.fromisoformat(last) if last else None


def report_up_on_schedule(registry: Registry, org: Org, app: App, since: dt.date, day: dt.date) -> list[str]:
    """Report this organisation's figures for each of its scheduled reports falling in (since, day]."""
    done = []
    for spec in load_schedules(app.profile):
        for occurrence, _ in due_days(schedule_job(spec), app.calendar, since, day):
            period = spec.covers(occurrence)
            if period.name not in done:
                report_up(registry, org.code, period.name, day, org_figures(app, period, day))
                done.append(period.name)
    return done


def tick_all(registry: Registry, orgs: list[Org], user: str, extra: dict, day: dt.date) -> list[dict[str, Any]]:
    results = []
    managers: dict = {}  # each home is opened three times here: the homes on the same plugins share (App.open)
    for org in orgs:
        result_mirror: list = []
        try:  # the lower's replies recorded upstairs first, so the upper's clocks do not chase what is answered
            result_mirror = mirror(registry, open_org(org, user, extra, managers), user, extra, day, managers)
        except LianluoError:
            pass  # the organisation's own tick below says what is wrong with its home
        since = min(last_tick(org, user, extra, managers) or day - dt.timedelta(days=1), day - dt.timedelta(days=1))
        result = tick_org(org, user, extra, day)
        if not result["error"]:
            try:
                result["reported"] = report_up_on_schedule(registry, org, open_org(org, user, extra, managers),
                                                           since, day)
            except LianluoError as exc:
                result["code"], result["error"] = 3, f"数据上报未完成：{exc}"
        result["mirrored"] = result_mirror
        results.append(result)
    return results


def home_of(org: Org) -> Path:
    return Path(org.home)
