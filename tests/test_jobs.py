"""Scheduled jobs (croniter): each occurrence since the last tick runs once, caught up in order."""

from __future__ import annotations

import datetime as dt

import pytest

from lianluo.kernel.errors import ProfileError
from lianluo.kernel.jobs import CronSchedule


def job_days(result):
    """Days the two-monthly status report (the profile's `[reports.schedules.status]`) ran in this tick."""
    return [j["date"] for j in result["jobs"] if j["name"] == "reports.status"]


def test_two_monthly_status_report_runs_on_its_days_only_liwan_art8_4(liwan):
    """Liwan art. 8(4): daily ticks through 2026 run the status report on the 1st of odd months, once each; a
    1st that is a rest day (New Year, a Sunday, May Day, National Day week's eve) rolls to the next working day
    (issue 18 point 6)."""
    day, ran = dt.date(2026, 1, 1), []
    while day <= dt.date(2026, 12, 31):
        ran += job_days(liwan.json("tick", "--today", day.isoformat()))
        day += dt.timedelta(days=1)
    assert ran == ["2026-01-04", "2026-03-02", "2026-05-06", "2026-07-01", "2026-09-01", "2026-11-02"]
    jobs = [n for n in liwan.json("notices") if n["type"] == "job" and "办理情况专项报告" in n["text"]]
    assert len(jobs) == 6 and all(n["to"] == "院领导" for n in jobs)


def test_catch_up_runs_each_missed_occurrence_once_in_order(liwan):
    liwan.json("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--date", "2026-01-08")
    assert job_days(liwan.json("tick", "--today", "2026-01-02")) == []
    caught = liwan.json("tick", "--today", "2026-06-15")
    # the 01-01 occurrence runs on 01-04, the first working day (after the first tick of 01-02)
    assert job_days(caught) == ["2026-01-04", "2026-03-02", "2026-05-06"]
    texts = [n["text"] for n in caught["notices"] if n["type"] == "job" and "办理情况专项报告" in n["text"]]
    assert len(texts) == 3 and "2026 年第 1 个双月" in texts[1] and "2026 年第 2 个双月" in texts[2]
    assert job_days(liwan.json("tick", "--today", "2026-06-15")) == []
    assert job_days(liwan.json("tick", "--today", "2026-07-01")) == ["2026-07-01"]


def test_first_tick_does_not_replay_history(liwan):
    """A home's first tick runs today's occurrences, not every one since the epoch."""
    assert job_days(liwan.json("tick", "--today", "2026-09-01")) == ["2026-09-01"]


def test_cron_schedule_collapses_several_firings_a_day_and_rejects_bad_expressions():
    hourly = CronSchedule("0 * * * *")
    assert hourly.occurrences(dt.date(2026, 1, 1), dt.date(2026, 1, 3)) == [dt.date(2026, 1, 2), dt.date(2026, 1, 3)]
    with pytest.raises(ProfileError):
        CronSchedule("61 * * * *")
