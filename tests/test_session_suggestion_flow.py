"""The first slice end to end (issue 2): a session suggestion's clocks, warnings, chases and escalation
under the Liwan profile (arts. 14 and 20), driven through the CLI."""

from __future__ import annotations

from fixtures import unfold


def register_session_suggestion(clerk, session="1", date="2026-01-08"):
    item = clerk.json("item", "register", "--kind", "suggestion", "--title", "关于优化诉讼服务的建议",
                      "--deputy", "1", "--date", date, "--session", session)
    clerk.run("item", "approve", str(item["id"]), "--date", date)
    return clerk.json("item", "assign", str(item["id"]), "--lead", "立案庭", "--co", "民一庭", "--date", date)


def clocks(item):
    return {c["name"]: c for c in item["clocks"]}


def test_art14_january_session_lead_due_3_months_co_due_1_month_after_closing(liwan):
    """Liwan art. 14: session closes 2026-01-09 → lead due 2026-04-09, co due 2026-02-09."""
    item = register_session_suggestion(liwan)
    assert item["channel"] == "session" and item["session"] == 1
    assert clocks(item)["reply"]["due"] == "2026-04-09"
    assert clocks(item)["co:2"]["due"] == "2026-02-09"
    assert clocks(item)["reply"]["start"] == "2026-01-09"
    assert {c["status"] for c in item["clocks"] if c["name"] != "approval"} == {"open"}
    assert clocks(item)["approval"]["status"] == "met"  # approved on the day (arts. 14/15's own clock)


def test_art14_july_session_due_rolls_past_national_day_holiday(liwan):
    """A session closing 2026-07-03: 10-03 is a Saturday in the National Day holiday → 10-08; co 08-03."""
    liwan.run("session", "add", "--name", "临时会议", "--opens", "2026-07-01", "--closes", "2026-07-03")
    item = register_session_suggestion(liwan, session="2", date="2026-07-02")
    assert clocks(item)["reply"]["due"] == "2026-10-08"
    assert clocks(item)["co:2"]["due"] == "2026-08-03"


def test_item_json_carries_the_contract_keys(liwan):
    item = register_session_suggestion(liwan)
    for key in ("id", "kind", "title", "status", "deputies", "channel", "session", "received", "lead", "co",
                "clocks", "events"):
        assert key in item
    for key in ("name", "start", "due", "limit", "status", "chases", "level"):
        assert key in item["clocks"][0]
    assert item["lead"] == 1 and item["co"] == [2]
    assert [e["action"] for e in item["events"]] == ["register", "approve", "assign"]
    assert item["events"][0]["who"] == "测试书记员"


def tick(clerk, day):
    out = clerk.json("tick", "--today", day)
    return {**out, "notices": unfold(out["notices"])}


def test_art20_daily_ticks_warn_then_chase_twice_then_escalate_once_to_leader(liwan):
    """Daily ticks from registration to well past due: warnings, the due notice, two chases, and then
    exactly one escalation to the lead department's leader in charge (and later the president)."""
    register_session_suggestion(liwan)
    liwan.run("item", "reply", "1", "--dept", "民一庭", "--category", "A", "--text", "协办意见", "--date", "2026-02-01")
    import datetime as dt

    day, seen = dt.date(2026, 1, 9), []
    while day <= dt.date(2026, 6, 30):
        seen += [(n["date"], n["type"], n["to"], n["level"]) for n in tick(liwan, day.isoformat())["notices"]
                 if n["item"] == 1]
        day += dt.timedelta(days=1)
    lead = [s for s in seen if "立案庭" in s[2] or s[1] == "escalation"]
    assert [(d, t) for d, t, _, _ in lead] == [
        ("2026-03-25", "due-soon"),
        ("2026-04-03", "due-soon"),  # 5 days before is 04-04, in the Qingming holiday: the working day before
        ("2026-04-09", "due"),
        ("2026-04-10", "chase"),
        ("2026-04-17", "chase"),
        ("2026-04-24", "escalation"),
        ("2026-05-06", "escalation"),  # 05-01 falls in the May Day holiday
    ]
    escalations = [s for s in seen if s[1] == "escalation"]
    assert escalations[0][2].startswith("王副院长") and escalations[0][3] == 1
    assert escalations[1][2].startswith("周院长") and escalations[1][3] == 2
    assert sum(1 for s in seen if s[1] == "escalation" and s[3] == 1) == 1
    # the co-department replied in time: its clock never chased
    assert not [s for s in seen if "民一庭" in s[2] and s[1] in ("chase", "escalation")]
    shown = liwan.json("item", "show", "1")
    assert clocks(shown)["reply"]["chases"] == 2 and clocks(shown)["reply"]["level"] == 2
    assert clocks(shown)["co:2"]["status"] == "met"


def test_same_day_twice_sends_nothing_and_changes_nothing(liwan):
    register_session_suggestion(liwan)
    first = tick(liwan, "2026-04-10")
    assert first["notices"]
    before = liwan.data_bytes()
    again = tick(liwan, "2026-04-10")
    assert again["notices"] == [] and again["jobs"] == []
    assert liwan.data_bytes() == before


def test_catch_up_after_weeks_of_downtime_fires_each_point_once_in_order(liwan):
    """No tick between registration and 2026-05-10: every point fires once, in date order; the
    warnings a later point overtook are recorded, not sent."""
    register_session_suggestion(liwan)
    result = tick(liwan, "2026-05-10")
    lead = [(n["date"], n["type"]) for n in result["notices"] if n["clock"] == "reply"]
    assert lead == [("2026-04-09", "due"), ("2026-04-10", "chase"), ("2026-04-17", "chase"),
                    ("2026-04-24", "escalation"), ("2026-05-06", "escalation")]
    dates = [n["date"] for n in result["notices"]]
    assert dates == sorted(dates)
    assert tick(liwan, "2026-05-11")["notices"] == []
    keys = [n["key"] for n in liwan.json("notices")]
    assert len(keys) == len(set(keys))


def test_reply_stops_the_clock_met_on_time_missed_after(liwan):
    register_session_suggestion(liwan)
    on_time = liwan.json("item", "reply", "1", "--category", "A", "--text", "已解决", "--date", "2026-04-09")
    assert clocks(on_time)["reply"]["status"] == "met"
    assert on_time["status"] == "replied"
    register_session_suggestion(liwan)
    late = liwan.json("item", "reply", "2", "--category", "B", "--text", "列入计划", "--date", "2026-04-10")
    assert clocks(late)["reply"]["status"] == "missed"
    # a stopped clock is never chased
    assert [n for n in tick(liwan, "2026-06-30")["notices"] if n["item"] in (1, 2) and n["clock"] == "reply"] == []


def test_tick_before_the_last_one_is_refused_unless_forced(liwan):
    tick(liwan, "2026-03-01")
    line = liwan.fails("tick", "--today", "2026-02-01")
    assert "--today" in line and "2026-03-01" in line
    liwan.run("tick", "--today", "2026-02-01", "--force")


def test_item_history_lists_every_action_with_who_and_when(liwan):
    register_session_suggestion(liwan)
    liwan.run("--as", "张书记员", "item", "reply", "1", "--category", "A", "--text", "已解决", "--date", "2026-03-01")
    events = liwan.json("item", "history", "1")
    assert [e["action"] for e in events] == ["register", "approve", "assign", "reply"]
    assert events[-1]["who"] == "张书记员" and events[0]["who"] == "测试书记员"
    assert all(e["recorded"] for e in events)
    text = liwan.run("item", "history", "1").stdout
    assert "答复（张书记员" in text and "答复类别：已解决" in text
