"""Issue 18 (rules and dates): each test drives the CLI through the issue's scenario and names the clause.

Liwan = 荔法办〔2018〕3号; dates counted per 民事诉讼法第八十五条 as the profile chooses."""

from __future__ import annotations

import pytest

from conftest import Clerk
from fixtures import unfold


def clock(doc: dict, name: str) -> dict:
    return {c["name"]: c for c in doc["clocks"]}[name]


def interim(clerk: Clerk, day: str, lead: str = "立案庭", deputy: str = "1") -> str:
    """An interim suggestion approved and handed to `lead` on `day` (Liwan art. 15)."""
    ref = str(clerk.json("item", "register", "--kind", "suggestion", "--title", "关于诉讼服务的建议",
                         "--deputy", deputy, "--channel", "interim", "--date", day)["id"])
    clerk.run("item", "approve", ref, "--date", day)
    clerk.run("item", "assign", ref, "--lead", lead, "--date", day)
    return ref


# --- point 4: a partial holidays.toml year corrects chinesecalendar date by date -------------------------------

def test_partial_holidays_year_keeps_chinesecalendar_national_day_liwan_art16(liwan, tmp_path):
    """`[2026] holidays = ["2026-12-31"]` adds one rest day; National Day 2026-10-01..07 stays: a spot opinion
    of 09-29 (三日内答复, art. 16) lands on 10-02 and rolls to 10-08."""
    (liwan.home / "holidays.toml").write_text('[2026]\nholidays = ["2026-12-31"]\n', encoding="utf-8")
    spot = liwan.json("item", "register", "--kind", "suggestion", "--title", "当场意见", "--deputy", "1",
                      "--channel", "spot", "--date", "2026-09-29")
    assert clock(spot, "reply")["due"] == "2026-10-08"
    year_end = liwan.json("item", "register", "--kind", "suggestion", "--title", "当场意见二", "--deputy", "1",
                          "--channel", "spot", "--date", "2026-12-28")
    assert clock(year_end, "reply")["raw"] == "2026-12-31" and clock(year_end, "reply")["due"] != "2026-12-31"


def test_holidays_year_with_replace_true_is_the_whole_year_liwan_art16(liwan):
    (liwan.home / "holidays.toml").write_text('[2026]\nreplace = true\nholidays = ["2026-12-31"]\n',
                                              encoding="utf-8")
    spot = liwan.json("item", "register", "--kind", "suggestion", "--title", "当场意见", "--deputy", "1",
                      "--channel", "spot", "--date", "2026-09-29")
    assert clock(spot, "reply")["due"] == "2026-10-02"


def test_holidays_replace_must_be_a_boolean(liwan):
    (liwan.home / "holidays.toml").write_text('[2026]\nreplace = "yes"\n', encoding="utf-8")
    line = liwan.fails("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1",
                       "--channel", "spot", "--date", "2026-09-29")
    assert "replace" in line


# --- point 5: extension limits re-dated with the holiday data -------------------------------------------------

def test_extension_limit_redated_when_holidays_change_liwan_art15(liwan):
    """至迟不超过四个月 (art. 15): assigned 2026-10-12, limit 2027-02-12; once 2027-02-08..12 are published as
    Spring Festival the limit moves with the due date, as a new identical item's would."""
    ref = interim(liwan, "2026-10-12")
    assert clock(liwan.json("item", "show", ref), "reply")["limit"] == "2027-02-12"
    liwan.run("tick", "--today", "2026-10-13")
    (liwan.home / "holidays.toml").write_text(
        '[2027]\nholidays = ["2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"]\n', encoding="utf-8")
    liwan.run("tick", "--today", "2026-10-14")
    fresh = interim(liwan, "2026-10-12")
    assert clock(liwan.json("item", "show", fresh), "reply")["limit"] == "2027-02-15"
    assert clock(liwan.json("item", "show", ref), "reply")["limit"] == "2027-02-15"


# --- point 7: advance warnings never land on rest days --------------------------------------------------------

def test_advance_warning_moves_off_spring_festival_liwan_art20(liwan):
    """Reply due 2026-02-28 (a make-up Saturday): its 5-day warning would fall on 02-23, a Spring Festival rest
    day; it goes out on the last working day before, 02-14, and nothing is sent on 02-23."""
    ref = interim(liwan, "2025-12-28")
    assert clock(liwan.json("item", "show", ref), "reply")["due"] == "2026-02-28"
    liwan.run("tick", "--today", "2026-02-13")
    on_14 = [n for n in liwan.json("tick", "--today", "2026-02-14")["notices"] if n["item"] == int(ref)]
    assert [n["type"] for n in on_14] == ["due-soon"] and "还有 14 天到期" in on_14[0]["text"]
    assert [n for n in liwan.json("tick", "--today", "2026-02-23")["notices"] if n["item"] == int(ref)] == []


# --- point 12: a session move is recorded as a session move ----------------------------------------------------

def test_session_move_is_recorded_as_session_move_liwan_art14(liwan):
    ref = str(liwan.json("item", "register", "--kind", "suggestion", "--title", "会上建议", "--deputy", "1",
                         "--date", "2026-01-07")["id"])
    liwan.run("session", "move", "1", "--closes", "2026-01-12", "--date", "2026-01-08")
    shown = liwan.run("item", "show", ref).stdout
    assert "会议改期" in shown and "节假日" not in shown
    history = liwan.run("item", "history", ref).stdout
    assert "会议改期" in history and "节假日" not in history


# --- point 2: overlapping sessions matched by the deputy's body ------------------------------------------------

@pytest.fixture
def overlapping(clerk: Clerk) -> Clerk:
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    clerk.run("deputy", "add", "--name", "林委员", "--level", "district", "--body", "cppcc")
    return clerk


@pytest.mark.parametrize("cppcc_first", [True, False], ids=["cppcc-added-first", "npc-added-first"])
def test_overlapping_sessions_matched_by_body_liwan_art14(overlapping, cppcc_first):
    """CPPCC 01-25…01-29 and NPC 01-27…01-31: an NPC deputy's suggestion of 01-28 belongs to the NPC session
    (三个月 from 01-31 → 04-30), a CPPCC member's proposal to the CPPCC session, whichever was entered first."""
    sessions = [("区政协会议", "2026-01-25", "2026-01-29", "cppcc"), ("区人大会议", "2026-01-27", "2026-01-31", "npc")]
    for name, opens, closes, body in sessions if cppcc_first else reversed(sessions):
        overlapping.run("session", "add", "--name", name, "--opens", opens, "--closes", closes, "--body", body)
    ids = {s["name"]: s["id"] for s in overlapping.json("session", "list")}
    npc = overlapping.json("item", "register", "--kind", "suggestion", "--title", "人大建议", "--deputy", "1",
                           "--date", "2026-01-28")
    assert npc["session"] == ids["区人大会议"] and clock(npc, "reply")["due"] == "2026-04-30"
    cppcc = overlapping.json("item", "register", "--kind", "proposal", "--title", "政协提案", "--deputy", "2",
                             "--date", "2026-01-28")
    assert cppcc["session"] == ids["区政协会议"]


def test_overlapping_sessions_of_one_body_are_refused_as_ambiguous_liwan_art14(overlapping):
    overlapping.run("session", "add", "--name", "区人大会议", "--opens", "2026-01-25", "--closes", "2026-01-29")
    overlapping.run("session", "add", "--name", "区人大临时会议", "--opens", "2026-01-27", "--closes", "2026-01-31")
    before = overlapping.data_bytes()
    line = overlapping.fails("item", "register", "--kind", "suggestion", "--title", "人大建议", "--deputy", "1",
                             "--date", "2026-01-28")
    assert "--session" in line and "区人大会议" in line and "区人大临时会议" in line
    assert overlapping.data_bytes() == before
    chosen = overlapping.json("item", "register", "--kind", "suggestion", "--title", "人大建议", "--deputy", "1",
                              "--date", "2026-01-28", "--session", "2")
    assert chosen["session"] == 2


# --- point 15: future dates refused beyond the profile's window unless --force ---------------------------------

def test_future_registration_date_refused_unless_forced_liwan_art13(liwan, monkeypatch):
    """收到当日登记 (art. 13): a date far ahead of today is a typing error; the window is a profile value."""
    monkeypatch.setenv("LIANLUO_TODAY", "2026-03-01")
    before = liwan.data_bytes()
    line = liwan.fails("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1",
                       "--channel", "interim", "--date", "2062-01-05")
    assert line.startswith("错误：--date") or "--date" in line
    assert "2062-01-05" in line and "--force" in line
    assert liwan.data_bytes() == before
    liwan.run("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1",
              "--channel", "interim", "--date", "2026-03-20")
    forced = liwan.json("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1",
                        "--channel", "interim", "--date", "2062-01-05", "--force")
    assert forced["received"] == "2062-01-05"
    assert "calendar.future_days" in liwan.run("profile", "show", "liwan-court").stdout


# --- point 6: scheduled jobs sent to people roll to the next working day ---------------------------------------

def jobs_on(clerk: Clerk, day: str) -> list[tuple[str, str]]:
    return [(j["name"], j["date"]) for j in clerk.json("tick", "--today", day)["jobs"]]


def test_monthly_briefing_rolls_off_spring_festival_seed000_s7(liwan):
    """每月15日后第一个星期二 falls on 2026-02-17, a Spring Festival rest day: the briefing goes out on the
    first working day after (02-24), once."""
    liwan.run("tick", "--today", "2026-02-16")
    assert ("reports.briefing", "2026-02-17") not in jobs_on(liwan, "2026-02-17")
    assert jobs_on(liwan, "2026-02-23") == []
    assert ("reports.briefing", "2026-02-24") in jobs_on(liwan, "2026-02-24")
    assert jobs_on(liwan, "2026-02-25") == []


def test_two_monthly_report_rolls_off_new_year_and_may_day_liwan_art8_4(liwan):
    liwan.run("tick", "--today", "2026-04-29")
    ran = [j for d in ("2026-05-01", "2026-05-05", "2026-05-06") for j in jobs_on(liwan, d)]
    assert ("reports.status", "2026-05-06") in ran and all(name != "reports.status" or day == "2026-05-06"
                                                           for name, day in ran)


# --- point 3: session-phase jobs caught up whenever the first tick comes ---------------------------------------

def letter_tasks(clerk: Clerk, session: str = "1") -> list[dict]:
    return [r for r in clerk.json("session", "tasks", session) if r["task"] == "letter"]


def test_reply_letter_tasks_made_on_a_late_first_tick_liwan_art27_3(clerk):
    """Session 01-27…01-31, item of 01-29, first tick ever on 02-02: the 函复 task (art. 27(3)) exists."""
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    clerk.run("session", "add", "--name", "区人大会议", "--opens", "2026-01-27", "--closes", "2026-01-31",
              "--date", "2026-01-20")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "会上建议", "--deputy", "1", "--date", "2026-01-29")
    assert letter_tasks(clerk) == []
    clerk.run("tick", "--today", "2026-02-02")
    assert len(letter_tasks(clerk)) == 1
    clerk.run("tick", "--today", "2026-03-31")
    assert len(letter_tasks(clerk)) == 1


def test_reply_letter_tasks_made_when_session_entered_after_it_closed_liwan_art27_3(clerk):
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    clerk.run("session", "add", "--name", "区人大会议", "--opens", "2026-01-27", "--closes", "2026-01-31",
              "--date", "2026-02-10")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "会上建议", "--deputy", "1", "--date", "2026-01-29",
              "--session", "1")
    clerk.run("tick", "--today", "2026-02-11")
    assert len(letter_tasks(clerk)) == 1


def test_caught_up_letter_tasks_send_their_fallen_points_in_the_same_tick_once_liwan_art27_3(clerk):
    """The letter tasks a late first tick makes are due already: their points go out in that tick, and the
    same tick again sends nothing and changes nothing (no notice twice)."""
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    clerk.run("session", "add", "--name", "区人大会议", "--opens", "2026-01-27", "--closes", "2026-01-31",
              "--date", "2026-01-20")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "会上建议", "--deputy", "1", "--date", "2026-01-29")
    first = clerk.json("tick", "--today", "2026-04-10")
    first["notices"] = unfold(first["notices"])
    (letter,) = letter_tasks(clerk)
    assert any(n["task"] == letter["id"] and n["type"] == "due" for n in first["notices"])
    before = clerk.data_bytes()
    assert clerk.json("tick", "--today", "2026-04-10")["notices"] == []
    assert clerk.data_bytes() == before


def test_reply_letter_tasks_made_the_day_after_closing_even_a_saturday_liwan_art27_3(clerk):
    """Closing 2026-01-09 (Fri): the 函复 tasks are records, not a reminder — made on Saturday 01-10; their
    reminders go out on working days."""
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    clerk.run("session", "add", "--name", "区人大会议", "--opens", "2026-01-06", "--closes", "2026-01-09",
              "--date", "2026-01-02")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "会上建议", "--deputy", "1", "--date", "2026-01-08")
    clerk.run("tick", "--today", "2026-01-09")
    assert ("session.1.letters", "2026-01-10") in jobs_on(clerk, "2026-01-10")
    assert len(letter_tasks(clerk)) == 1


# --- point 8 (part): a point caught up after its day is worded as overdue, never "今日" -------------------------

def test_session_entered_late_words_caught_up_due_notices_as_overdue_liwan_art20(clerk):
    """Session 01-06…01-09 entered on 02-10, first tick 02-11: the session tasks' due days have passed, so
    their notices say when they fell due and that they are overdue — "今日到期" only on the day itself."""
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("dept", "add", "调研科", "--head", "孙科长", "--leader", "吴副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district", "--group", "沙面街联组")
    clerk.run("session", "add", "--name", "区人大会议", "--opens", "2026-01-06", "--closes", "2026-01-09",
              "--date", "2026-02-10")
    notices = unfold(clerk.json("tick", "--today", "2026-02-11")["notices"])
    due = [n for n in notices if n["type"] == "due"]
    assert due and not [n for n in notices if "今日" in n["text"]]
    solicit = next(n for n in due if n["date"] == "2025-12-26")
    assert "已于 2025-12-26 到期" in solicit["text"] and "逾期" in solicit["text"]
    clerk.run("session", "add", "--name", "区政协会议", "--opens", "2026-03-16", "--closes", "2026-03-19",
              "--date", "2026-02-11")  # its solicitation task falls due 03-06 (opening − 10 days)
    on_the_day = [n["text"] for n in clerk.json("tick", "--today", "2026-03-06")["notices"] if n["type"] == "due"]
    assert len(on_the_day) == 1 and "今日到期" in on_the_day[0]
