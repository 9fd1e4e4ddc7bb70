"""Guarantee 4, catch-up: the same Liwan home built twice — one ticked every day for fifteen months, the other
with gaps of 1, 7, 40 and 400 days, repeated ticks and two processes ticking the same day at once — ends with
the same ledger (every threshold, chase, escalation and job occurrence), each key once; notices differ only by
the due-soon warnings a catch-up records as overtaken instead of sending; a person owed several caught-up points
gets them in one digest; and each tick posts in date order."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter

from fixtures import Clerk, set_up_liwan, unfold

from lianluo.kernel.store.factory import open_store

START = dt.date(2026, 1, 5)
GAPS = (1, 7, 40, 400)
REPLY = ("--category", "A", "--text", "已答复", "--approved-by", "王副院长")

# The clerk's work, done after the tick on days both homes tick (a clerk cannot work while the server is down,
# and an action before a catch-up tick would rightly stop clocks whose missed chases then never fire).
ACTIONS = {
    dt.date(2026, 1, 5): [
        *[("item", "register", "--kind", "suggestion", "--title", f"建议{n}", "--deputy", "1",
           "--channel", "interim") for n in range(1, 6)],
        *[("item", "approve", str(n)) for n in range(1, 6)],
    ],
    dt.date(2026, 1, 6): [("item", "assign", str(n), "--lead", lead)
                          for n, lead in ((1, "立案庭"), (2, "民一庭"), (3, "立案庭"), (4, "民一庭"))],
    dt.date(2026, 1, 13): [("item", "accept", "2"), ("item", "reply", "2", *REPLY)],
    dt.date(2026, 2, 22): [
        ("item", "feedback", "2", "--rating", "unsatisfied"),
        ("item", "extend", "3", "--to", "2026-04-20", "--reason", "案情复杂"),
        ("item", "assign", "5", "--lead", "立案庭"),
    ],
}


def gapped_days() -> list[dt.date]:
    days = [START]
    for gap in GAPS:
        days.append(days[-1] + dt.timedelta(days=gap))
    return days


class Home:
    """One of the two homes: its clerk, and every tick's JSON output in order."""

    def __init__(self, clerk: Clerk):
        self.clerk = set_up_liwan(clerk)
        self.outputs: list[dict] = []

    def work(self, day: dt.date) -> None:
        for action in ACTIONS.get(day, ()):
            self.clerk.run(*action, "--date", day.isoformat())

    def tick(self, day: dt.date) -> dict:
        out = self.clerk.json("tick", "--today", day.isoformat())
        self.outputs.append(out)
        return out

    def tick_twice_at_once(self, day: dt.date) -> list[dict]:
        """Two `lianluo tick` processes started together: one waits for the other's lock."""
        command = [sys.executable, "-c", "from lianluo.kernel.cli.main import main; main()",
                   "--home", str(self.clerk.home), "tick", "--today", day.isoformat(), "--json"]
        procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=dict(os.environ)) for _ in range(2)]
        outs = []
        for proc in procs:
            stdout, stderr = proc.communicate(timeout=300)
            assert proc.returncode == 0, stderr
            outs.append(json.loads(stdout))
        self.outputs.extend(outs)
        return outs

    def table(self, name: str) -> list[dict]:
        with open_store(self.clerk.home).reader() as tx:
            return tx.all(name)


def test_daily_and_gapped_ticks_fire_the_same_events_once_each_in_order(tmp_path):
    daily = Home(Clerk(tmp_path / "daily"))
    gapped = Home(Clerk(tmp_path / "gapped"))
    days = gapped_days()
    day = START
    while day <= days[-1]:
        daily.tick(day)
        if day.day == 1:  # a repeated tick does nothing new
            assert daily.tick(day)["notices"] == [] and daily.outputs[-1]["jobs"] == []
        daily.work(day)
        day += dt.timedelta(days=1)

    for day in days:
        if day == days[2]:
            first, second = gapped.tick_twice_at_once(day)
            quiet = [o for o in (first, second) if not o["notices"] and not o["jobs"]]
            assert len(quiet) == 1, "exactly one of two overlapping ticks does the day's work"
        else:
            gapped.tick(day)
        again = gapped.tick(day)
        assert again["notices"] == [] and again["jobs"] == [] and again["retried"] == 0
        gapped.work(day)

    ledgers = {name: [d["key"] for d in home.table("ledger")] for name, home in (("daily", daily), ("gapped", gapped))}
    runs = {name: [d["key"] for d in home.table("job_runs")] for name, home in (("daily", daily), ("gapped", gapped))}
    notices = {name: [p["key"] for p in unfold(home.table("notices"))] for name, home in (("daily", daily), ("gapped", gapped))}
    digests = [d for d in gapped.table("notices") if d["type"] == "digest"]
    assert digests and all(len(d["parts"]) > 1 and d["text"].startswith("【补发汇总】") for d in digests)
    for name in ("daily", "gapped"):
        for keys in (ledgers[name], runs[name], notices[name]):
            assert not [k for k, n in Counter(keys).items() if n > 1], f"{name}: a key recorded twice"
    assert set(ledgers["daily"]) == set(ledgers["gapped"])
    assert set(runs["daily"]) == set(runs["gapped"])
    assert set(notices["gapped"]) <= set(notices["daily"])
    overtaken = {d["key"] for d in gapped.table("ledger") if d["suppressed"] == "overtaken"}
    missing = set(notices["daily"]) - set(notices["gapped"])
    assert {k.rsplit("/", 2)[0] for k in missing} == overtaken
    assert all(k.split("/")[-1].startswith("due-soon") for k in overtaken)

    for home in (daily, gapped):
        for out in home.outputs:
            dates = [min((p["date"] for p in n.get("parts", ())), default=n["date"]) for n in out["notices"]]
            assert dates == sorted(dates), f"a tick on {out['today']} posted out of date order"  # a digest: its first day
            assert all(n["date"] <= out["today"] for n in out["notices"])
    kinds = Counter(d["kind"] for d in gapped.table("ledger"))
    print(f"\ncatch-up: {len(daily.outputs)} daily ticks vs {len(gapped.outputs)} gapped ticks "
          f"(gaps {', '.join(map(str, GAPS))} days, each repeated, one pair overlapping)")
    print(f"  ledger keys: {len(ledgers['daily'])} daily = {len(ledgers['gapped'])} gapped, duplicates 0 "
          f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    print(f"  job runs: {len(runs['daily'])} = {len(runs['gapped'])}; notices: {len(notices['daily'])} daily, "
          f"{len(notices['gapped'])} gapped, difference {len(missing)} = warnings overtaken in catch-up "
          f"{len(overtaken)}")
    biggest = max(gapped.outputs, key=lambda o: len(o["notices"]))
    print(f"  largest catch-up: {biggest['today']} posted {len(biggest['notices'])} notices "
          f"and ran {len(biggest['jobs'])} jobs, in date order")
