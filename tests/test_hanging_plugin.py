"""Guarantee 6, a hanging plugin: a tick call that runs over its time limit is recorded as a failure, named,
like a raising plugin; the other plugins and items are handled, and the call is retried at the next tick."""

from __future__ import annotations

import json
import time
from pathlib import Path

from fixtures import Clerk
from test_plugin_isolation import home_with

from lianluo.kernel.hooks import hookimpl

LIWAN = Path(__file__).resolve().parent.parent / "plugins" / "profiles" / "liwan-court.toml"


class Hanging:
    """A third-party-style plugin whose gateway hangs on item 1 (and swallows ordinary errors while it waits)."""

    def __init__(self):
        self.hanging = True
        self.seen = []

    @hookimpl
    def on_due(self, item, clock, point, ctx):
        self.seen.append((item.id, point.name))
        if item.id == 1 and self.hanging:
            try:
                time.sleep(30)
            except Exception:  # a plugin's own blanket handler must not defeat the limit
                pass
        return [ctx.draft("短信网关", f"短信已发：第 {item.id} 号")]


def test_a_hanging_plugin_is_recorded_as_timed_out_and_retried_at_the_next_tick(tmp_path, monkeypatch):
    """The other plugins handle every item; the hanging one is not called again in that tick (one time limit
    per run, not one per item), and at the next tick each of its missed calls is made once."""
    monkeypatch.setenv("LIANLUO_HOOK_TIMEOUT", "1")
    plugin = Hanging()
    clerk = home_with(tmp_path, plugin, name="gateway")
    started = time.monotonic()
    first = clerk.run("tick", "--today", "2026-06-18", "--json", expect=3)
    assert time.monotonic() - started < 25, "the 30-second sleep was not cut short"
    out = json.loads(first.stdout)
    assert [(f["plugin"], f["item"], f["error"]) for f in out["failures"]] == [
        ("gateway", 1, "超时（1 秒）"), ("gateway", 2, "本次运行中已超时（1 秒），其余调用跳过")]
    assert plugin.seen == [(1, "due")]
    assert "gateway" in first.stderr and "超时（1 秒）" in first.stderr
    # the built-in reminders plugin still notified both items
    assert sorted((n["item"], n["to"]) for n in out["notices"]) == [(1, "联络办"), (2, "联络办")]

    plugin.hanging = False
    plugin.seen.clear()
    again = clerk.json("tick", "--today", "2026-06-19")
    assert again["retried"] == 2 and again["failures"] == []
    assert plugin.seen == [(1, "due"), (2, "due")]
    assert [(n["item"], n["to"], n["date"]) for n in again["notices"]] == [
        (1, "短信网关", "2026-06-18"), (2, "短信网关", "2026-06-18")]
    assert clerk.json("tick", "--today", "2026-06-19")["retried"] == 0


class SlowJob:
    """A plugin whose scheduled job hangs the first time it runs."""

    def __init__(self):
        self.runs = 0

    @hookimpl
    def register_jobs(self, register, ctx):
        from lianluo.kernel.jobs import CronSchedule, Job

        def run(day, c):
            self.runs += 1
            if self.runs == 1:
                time.sleep(30)
            return [c.draft("联络办", f"日报 {day}")]

        register(Job(name="daily", label="日报", schedule=CronSchedule("0 8 * * *"), run=run))


def test_a_hanging_job_is_recorded_and_run_once_at_the_next_tick(tmp_path, monkeypatch):
    """The profile's [tick] hook_timeout sets the limit; the job's occurrence is retried, once."""
    profile = tmp_path / "our-court.toml"
    profile.write_text(LIWAN.read_text(encoding="utf-8") + "\n[tick]\nhook_timeout = 1\n", encoding="utf-8")
    job = SlowJob()
    clerk = Clerk(tmp_path / "home", plugins={"slow": job})
    clerk.run("init", "--profile", str(profile))
    first = clerk.json("tick", "--today", "2026-06-18", expect=3)
    assert [(f["plugin"], f["key"], f["error"]) for f in first["failures"]] == [
        ("slow", "job/daily/2026-06-18", "超时（1 秒）")]
    assert first["jobs"] == []
    second = clerk.json("tick", "--today", "2026-06-19")
    assert second["retried"] == 1
    # 06-19 is the Dragon Boat Festival: that day's occurrence waits for the next working day
    assert [n["text"] for n in second["notices"]] == ["日报 2026-06-18"]
    assert clerk.json("tick", "--today", "2026-06-19")["notices"] == []
    # 06-22 (Mon): the holiday's and the weekend's occurrences roll onto that day's own, which runs once
    assert [n["text"] for n in clerk.json("tick", "--today", "2026-06-22")["notices"]] == ["日报 2026-06-22"]


def test_a_bad_time_limit_in_the_profile_is_named_at_init(clerk, tmp_path):
    profile = tmp_path / "our-court.toml"
    profile.write_text(LIWAN.read_text(encoding="utf-8") + '\n[tick]\nhook_timeout = "fast"\n', encoding="utf-8")
    line = clerk.fails("init", "--profile", str(profile))
    assert "tick.hook_timeout" in line and "'fast'" in line
    assert not clerk.has_data()


def test_a_bad_time_limit_in_the_environment_is_named_and_nothing_is_written(liwan, monkeypatch):
    monkeypatch.setenv("LIANLUO_HOOK_TIMEOUT", "-3")
    before = liwan.data_bytes()
    line = liwan.fails("tick", "--today", "2026-02-01")
    assert "LIANLUO_HOOK_TIMEOUT" in line and "-3" in line
    assert liwan.data_bytes() == before
