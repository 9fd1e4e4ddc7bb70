"""Day counting (kernel/calendar.py) under the chosen rule of Civil Procedure Law art. 85: the first day
is not counted; "N months" lands on the same day of the month, clamped to the month's end; "N days" counts
calendar days; "N working days" counts working days (make-up working days 调休 count, holidays do not);
a due date on a rest day moves to the next working day when roll_forward is on.

Rest days come from the data home's `holidays.toml` first, then the `chinesecalendar` package
(2004–2026), else weekends only — and then the year is reported in `Calendar.warnings`, never raised.
"""

from __future__ import annotations

import datetime as dt
import json

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures import Clerk
from lianluo.kernel.calendar import Calendar, Counted, Duration, Unit, load_holidays_file
from lianluo.kernel.errors import InputError

D = dt.date.fromisoformat


def count(start: str, period: str, roll_forward: bool = True, calendar: Calendar | None = None) -> Counted:
    return (calendar or Calendar()).count(D(start), Duration.parse(period), roll_forward)


# --------------------------------------------------------------------------------------------------
# 2026, real holidays from chinesecalendar
# --------------------------------------------------------------------------------------------------

# (start, period, raw landing day, due after the art. 85 roll, why)
TABLE_2026 = [
    ("2026-01-09", "3 months", "2026-04-09", "2026-04-09", "Liwan art. 14 lead reply: same day three months on"),
    ("2026-01-09", "1 month", "2026-02-09", "2026-02-09", "Liwan art. 14 co reply: same day a month on"),
    ("2026-07-03", "3 months", "2026-10-03", "2026-10-08", "10-03 is a Saturday in the National Day holiday"),
    ("2026-07-03", "1 month", "2026-08-03", "2026-08-03", "a Monday: no roll"),
    ("2026-03-03", "2 months", "2026-05-03", "2026-05-06", "05-03 falls in the May Day holiday"),
    ("2026-06-15", "3 days", "2026-06-18", "2026-06-18", "calendar days, first day not counted"),
    ("2026-06-16", "3 days", "2026-06-19", "2026-06-22", "06-19 is the Dragon Boat holiday (a Friday)"),
    ("2026-02-05", "20 working days", "2026-03-11", "2026-03-11",
     "Spring Festival skipped; make-up working days 02-14 and 02-28 counted"),
    ("2026-01-31", "1 month", "2026-02-28", "2026-02-28",
     "clamped to February's end; 02-28 is a Saturday but a make-up working day, so it stays"),
    ("2026-01-30", "1 month", "2026-02-28", "2026-02-28", "clamped to February's end"),
    ("2026-03-31", "2 months", "2026-05-31", "2026-06-01", "05-31 is a Sunday: rolls to Monday"),
    ("2026-03-31", "1 month", "2026-04-30", "2026-04-30", "clamped to April's end, a Thursday"),
    ("2025-12-31", "1 day", "2026-01-01", "2026-01-04",
     "New Year holiday 01-01..01-03; 01-04 is a Sunday make-up working day"),
    ("2026-09-30", "1 day", "2026-10-01", "2026-10-08", "National Day holiday 10-01..10-07"),
    ("2026-10-09", "1 working day", "2026-10-10", "2026-10-10", "10-10 is a Saturday make-up working day"),
    ("2026-09-30", "3 working days", "2026-10-10", "2026-10-10", "the whole National Day week skipped"),
    ("2026-02-13", "2 days", "2026-02-15", "2026-02-24", "lands in the Spring Festival holiday 02-15..02-23"),
    ("2026-01-31", "0 days", "2026-01-31", "2026-02-02", "zero days from a Saturday still rolls"),
]


def test_table_facts_agree_with_chinesecalendar():
    """The rest/working-day facts the 2026 table relies on, checked against the package itself."""
    rest = ["2026-10-03", "2026-05-03", "2026-06-19", "2026-05-31", "2026-01-01", "2026-01-02", "2026-01-03",
            "2026-10-01", "2026-10-07", "2026-02-15", "2026-02-23"]
    work = ["2026-02-14", "2026-02-28", "2026-01-04", "2026-10-10", "2026-10-08", "2026-05-06", "2026-06-22",
            "2026-04-09", "2026-03-11", "2026-04-30", "2026-02-24"]
    assert not [d for d in rest if chinese_calendar.is_workday(D(d))]
    assert all(chinese_calendar.is_workday(D(d)) for d in work)


@pytest.mark.parametrize("start, period, raw, due, why", TABLE_2026, ids=[f"{r[0]}+{r[1]}" for r in TABLE_2026])
def test_art85_count_2026_with_real_holidays(start, period, raw, due, why):
    """Art. 85: first day not counted, months clamp, due on a rest day rolls to the next working day."""
    calendar = Calendar()
    counted = calendar.count(D(start), Duration.parse(period))
    assert (counted.raw, counted.due) == (D(raw), D(due)), why
    assert counted.rolled is (raw != due)
    assert counted.start == D(start) and counted.period == Duration.parse(period)
    assert calendar.add(D(start), period) == D(due)
    assert calendar.is_workday(counted.due)
    assert calendar.warnings == set(), "2025 and 2026 are covered by chinesecalendar"
    assert calendar.warning_lines() == []


@pytest.mark.parametrize("start, period, raw, due, why", TABLE_2026, ids=[f"{r[0]}+{r[1]}" for r in TABLE_2026])
def test_art85_roll_forward_off_leaves_the_raw_date(start, period, raw, due, why):
    """With roll_forward off (the profile's calendar.roll_forward = false) the raw landing day is due."""
    calendar = Calendar()
    counted = calendar.count(D(start), Duration.parse(period), roll_forward=False)
    assert counted.raw == counted.due == D(raw)
    assert counted.rolled is False
    assert calendar.add(D(start), period, roll_forward=False) == D(raw)


def test_add_accepts_a_period_object_as_well_as_text():
    calendar = Calendar()
    assert calendar.add(D("2026-07-03"), Duration(3, Unit.MONTHS)) == D("2026-10-08")
    assert calendar.add(D("2026-07-03"), "3 months") == D("2026-10-08")


def test_working_days_from_a_rest_day_do_not_count_the_first_day():
    """Art. 85, first day not counted: 1 working day from Saturday 2026-03-07 is Monday 03-09."""
    assert count("2026-03-07", "1 working day").raw == D("2026-03-09")
    assert count("2026-03-06", "1 working day").raw == D("2026-03-09")
    assert count("2026-03-09", "0 working days").due == D("2026-03-09")


# --------------------------------------------------------------------------------------------------
# Duration.parse
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, amount, unit", [
    ("3 months", 3, Unit.MONTHS),
    ("1 month", 1, Unit.MONTHS),
    ("2 days", 2, Unit.DAYS),
    ("1 day", 1, Unit.DAYS),
    ("20 working days", 20, Unit.WORKING_DAYS),
    ("1 working day", 1, Unit.WORKING_DAYS),
    ("0 days", 0, Unit.DAYS),
])
def test_period_parse_accepts_the_profile_forms(text, amount, unit):
    period = Duration.parse(text)
    assert period == Duration(amount, unit)
    assert str(period) == text
    assert Duration.parse(period) is period


@pytest.mark.parametrize("text", ["3 weeks", "-1 days", "three months", "", "3", "months", "1.5 months",
                                  "3 months later", "20 workdays"])
def test_period_parse_rejects_bad_text_with_input_error_naming_the_field(text):
    with pytest.raises(InputError) as caught:
        Duration.parse(text, "session.lead_reply")
    assert caught.value.field == "session.lead_reply"
    assert str(caught.value).startswith("session.lead_reply：")
    assert repr(text) in caught.value.message


def test_period_parse_default_field_name_is_period():
    with pytest.raises(InputError) as caught:
        Duration.parse("3 weeks")
    assert caught.value.field == "period"


def test_period_rejects_a_negative_amount_when_built_directly():
    with pytest.raises(ValueError):
        Duration(-1, Unit.DAYS)


# --------------------------------------------------------------------------------------------------
# Years without holiday data: weekends only, a warning, never an exception
# --------------------------------------------------------------------------------------------------


def test_2027_without_a_holidays_file_counts_weekends_only_and_warns():
    """2027 is beyond chinesecalendar: 2027-01-08 + 3 months = Thursday 2027-04-08; warnings == {2027}."""
    calendar = Calendar()
    assert calendar.source(2027) == "weekends"
    counted = calendar.count(D("2027-01-08"), Duration.parse("3 months"))
    assert (counted.raw, counted.due) == (D("2027-04-08"), D("2027-04-08"))
    assert calendar.warnings == {2027}
    lines = calendar.warning_lines()
    assert len(lines) == 1
    assert "2027" in lines[0] and "警告" in lines[0] and "周末" in lines[0] and "holidays.toml" in lines[0]


@pytest.mark.parametrize("start, period, due", [
    ("2027-01-08", "1 day", "2027-01-11"),            # Saturday 01-09 rolls to Monday
    ("2027-02-05", "20 working days", "2027-03-05"),  # four plain weeks, no Spring Festival known
    ("2027-01-01", "1 month", "2027-02-01"),          # 2027-01-01 itself is a Friday: a working day here
])
def test_2027_weekends_only_counting(start, period, due):
    calendar = Calendar()
    assert calendar.add(D(start), period) == D(due)
    assert calendar.warnings == {2027}


def test_crossing_into_2027_warns_for_2027_only():
    """From 2026-12-31 (covered) one day on lands in 2027 (not covered): only 2027 is reported."""
    calendar = Calendar()
    assert calendar.add(D("2026-12-31"), "1 day") == D("2027-01-01")
    assert calendar.warnings == {2027}


@pytest.mark.parametrize("year", [2003, 2031])
def test_other_uncovered_years_warn_too(year):
    calendar = Calendar()
    calendar.count(dt.date(year, 3, 2), Duration.parse("10 working days"))
    assert calendar.warnings == {year}
    assert str(year) in calendar.warning_lines()[0]


def test_warning_lines_are_sorted_by_year_one_line_each():
    calendar = Calendar()
    calendar.add(D("2031-05-05"), "1 day")
    calendar.add(D("2027-05-05"), "1 day")
    calendar.add(D("2027-06-05"), "1 day")
    assert calendar.warnings == {2027, 2031}
    lines = calendar.warning_lines()
    assert len(lines) == 2 and "2027" in lines[0] and "2031" in lines[1]


# --------------------------------------------------------------------------------------------------
# A local holidays.toml comes first
# --------------------------------------------------------------------------------------------------

HOLIDAYS_2027_QUOTED = """
[2027]
holidays = ["2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"]
workdays = ["2027-02-07"]
"""

HOLIDAYS_2027_BARE = """
[2027]
holidays = [2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11, 2027-02-12]
workdays = [2027-02-07]
"""


@pytest.mark.parametrize("text", [HOLIDAYS_2027_QUOTED, HOLIDAYS_2027_BARE], ids=["quoted", "toml-dates"])
def test_local_holidays_file_for_2027_is_honoured(tmp_path, text):
    """holidays.toml: 02-08..02-12 (Mon–Fri) are rest days, Sunday 02-07 a make-up working day."""
    (tmp_path / "holidays.toml").write_text(text, encoding="utf-8")
    calendar = Calendar.for_home(tmp_path)
    assert calendar.source(2027) == "local"
    assert calendar.is_workday(D("2027-02-07"))           # Sunday, 调休
    for day in range(8, 13):
        assert not calendar.is_workday(dt.date(2027, 2, day))
    assert not calendar.is_workday(D("2027-02-06"))       # plain Saturday
    assert not calendar.is_workday(D("2027-02-13"))       # plain Saturday
    assert calendar.is_workday(D("2027-02-15"))           # plain Monday
    # working days: the make-up Sunday counts, the holiday week does not
    assert calendar.add(D("2027-02-05"), "1 working day") == D("2027-02-07")
    assert calendar.add(D("2027-02-05"), "2 working days") == D("2027-02-15")
    assert calendar.add(D("2027-02-05"), "5 working days") == D("2027-02-18")
    # calendar days landing in the holiday roll past it
    counted = calendar.count(D("2027-02-05"), Duration.parse("3 days"))
    assert (counted.raw, counted.due, counted.rolled) == (D("2027-02-08"), D("2027-02-15"), True)
    assert calendar.count(D("2027-02-04"), Duration.parse("3 days")).due == D("2027-02-07")
    assert calendar.warnings == set() and calendar.warning_lines() == []


def test_local_file_replaces_chinesecalendar_for_a_year_only_with_replace_true(tmp_path):
    """`replace = true`: an (empty) [2026] table means weekends only for 2026, without a warning (issue 18 point 4)."""
    (tmp_path / "holidays.toml").write_text("[2026]\nreplace = true\nholidays = []\nworkdays = []\n", encoding="utf-8")
    calendar = Calendar.for_home(tmp_path)
    assert calendar.source(2026) == "local"
    assert calendar.is_workday(D("2026-10-01"))           # a Thursday, National Day in chinesecalendar
    assert calendar.add(D("2026-07-03"), "3 months") == D("2026-10-05")
    assert calendar.warnings == set()
    # other years still come from chinesecalendar
    assert calendar.source(2025) == "chinesecalendar"


def test_no_holidays_file_means_no_local_data(tmp_path):
    calendar = Calendar.for_home(tmp_path)
    assert calendar.local == {}
    assert calendar.source(2026) == "chinesecalendar"


@pytest.mark.parametrize("text, names", [
    ('[2027]\nholidays = ["2028-01-01"]\n', ["holidays.toml", "[2027].holidays", "2028-01-01"]),
    ('[2027]\nworkdays = [2026-12-27]\n', ["holidays.toml", "[2027].workdays", "2026-12-27"]),
    ('[2027]\nholidays = ["2027-02-30"]\n', ["holidays.toml", "[2027].holidays", "2027-02-30"]),
    ('[2027]\nholidays = ["next friday"]\n', ["holidays.toml", "[2027].holidays", "next friday"]),
    ('[2027]\nholidays = ["2027-2-8"]\n', ["holidays.toml", "[2027].holidays"]),
    ('[2027\nholidays = \n', ["holidays.toml"]),
    ('[next-year]\nholidays = []\n', ["holidays.toml", "[next-year]"]),
    ('2027 = "all of it"\n', ["holidays.toml", "[2027]"]),
    ('[2027]\nholidays = 2027\n', ["holidays.toml", "[2027].holidays"]),
    ('[2027]\nholidays = "2027-02-08"\n', ["holidays.toml", "[2027].holidays"]),
    ('[2027]\nholidays = [2027-02-08T00:00:00]\n', ["holidays.toml", "[2027].holidays"]),
    ('[2027]\nworkdays = [12]\n', ["holidays.toml", "[2027].workdays", "12"]),
], ids=["wrong-year", "wrong-year-workdays", "not-a-real-date", "not-a-date", "not-iso", "not-toml",
        "key-not-a-year", "year-not-a-table", "value-not-a-list", "value-a-string", "datetime-not-date",
        "number-not-date"])
def test_bad_holidays_file_raises_input_error_naming_file_and_key(tmp_path, text, names):
    path = tmp_path / "holidays.toml"
    path.write_text(text, encoding="utf-8")
    for load in (lambda: load_holidays_file(path), lambda: Calendar.for_home(tmp_path)):
        with pytest.raises(InputError) as caught:
            load()
        for name in names:
            assert name in str(caught.value), (name, str(caught.value))


@pytest.mark.parametrize("text, names", [
    ('[2027]\nholidays = ["2027-02-30"]\n', ["holidays.toml", "[2027].holidays", "2027-02-30"]),
    ('[2027]\nholidays = 2027\n', ["holidays.toml", "[2027].holidays"]),
], ids=["not-a-real-date", "value-not-a-list"])
def test_cli_refuses_a_broken_holidays_file_in_one_line(liwan, text, names):
    """The clerk's view of a broken file: one Chinese error line naming holidays.toml and the key, exit 2
    (not an internal error)."""
    (liwan.home / "holidays.toml").write_text(text, encoding="utf-8")
    line = liwan.fails("deputy", "list")
    assert line.startswith("错误：") and "内部错误" not in line
    for name in names:
        assert name in line, (name, line)


# --------------------------------------------------------------------------------------------------
# Through the CLI, the user's way
# --------------------------------------------------------------------------------------------------


def register_in_2027_session(clerk: Clerk):
    """Session 2 closes Friday 2027-01-08; a suggestion raised during it gets the art. 14 reply clock."""
    clerk.run("session", "add", "--name", "区人大六次会议", "--opens", "2027-01-05", "--closes", "2027-01-08")
    result = clerk.run("item", "register", "--kind", "suggestion", "--title", "关于延长诉讼服务时间的建议",
                       "--deputy", "1", "--date", "2027-01-06", "--session", "2", "--json", "--force")
    item = json.loads(result.stdout)
    return item, result.stderr


def reply_clock(item):
    return next(c for c in item["clocks"] if c["name"] == "reply")


def test_cli_2026_session_prints_no_calendar_warning(liwan):
    result = liwan.run("item", "register", "--kind", "suggestion", "--title", "关于优化诉讼服务的建议",
                       "--deputy", "1", "--date", "2026-01-08", "--session", "1", "--json")
    assert reply_clock(json.loads(result.stdout))["due"] == "2026-04-09"
    assert "警告" not in result.stderr


def test_cli_2027_session_counts_weekends_only_and_warns_on_stderr(liwan):
    """Art. 14 + art. 85 in 2027 without holiday data: due Thursday 2027-04-08, a Chinese warning on
    stderr naming 2027, and stdout stays clean JSON."""
    item, stderr = register_in_2027_session(liwan)
    clock = reply_clock(item)
    assert clock["start"] == "2027-01-08"
    assert clock["due"] == "2027-04-08"
    assert "警告" in stderr and "2027" in stderr and "holidays.toml" in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert "Traceback" not in stderr


def test_cli_holidays_file_in_the_home_rolls_the_due_date_and_silences_the_warning(tmp_path):
    """A second home whose holidays.toml makes Thursday 2027-04-08 a holiday: due rolls to Friday 04-09,
    and no warning is printed because 2027 now has local data."""
    clerk = Clerk(tmp_path / "home-with-holidays")
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district", "--phone", "13812345678")
    clerk.run("session", "add", "--name", "区人大五次会议", "--opens", "2026-01-06", "--closes", "2026-01-09")
    (clerk.home / "holidays.toml").write_text('[2027]\nholidays = ["2027-04-08"]\nworkdays = []\n',
                                              encoding="utf-8")
    item, stderr = register_in_2027_session(clerk)
    clock = reply_clock(item)
    assert clock["start"] == "2027-01-08"
    assert clock["due"] == "2027-04-09"
    assert "警告" not in stderr and "2027" not in stderr
    assert clerk.json("item", "show", str(item["id"]))["clocks"][0]["due"] == "2027-04-09"


# --------------------------------------------------------------------------------------------------
# Properties (Hypothesis)
# --------------------------------------------------------------------------------------------------

starts = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2030, 12, 31))
periods = st.one_of(
    st.builds(Duration, st.integers(0, 12), st.just(Unit.MONTHS)),
    st.builds(Duration, st.integers(0, 60), st.just(Unit.DAYS)),
    st.builds(Duration, st.integers(0, 40), st.just(Unit.WORKING_DAYS)),
)
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(start=starts, period=periods, roll=st.booleans())
def test_property_due_is_never_before_start(start, period, roll):
    counted = Calendar().count(start, period, roll)
    assert counted.start == start
    assert start <= counted.raw <= counted.due
    if not roll:
        assert counted.due == counted.raw and not counted.rolled


@PROPERTY
@given(start=starts, period=periods)
def test_property_art85_rolled_due_is_the_next_working_day_and_close_to_raw(start, period):
    """With roll_forward the due day is a working day (per the same calendar), every day skipped between
    raw and due is a rest day, and the roll never runs away (due - raw < 15 days)."""
    calendar = Calendar()
    counted = calendar.count(start, period, roll_forward=True)
    assert calendar.is_workday(counted.due)
    assert counted.due - counted.raw < dt.timedelta(days=15)
    day = counted.raw
    while day < counted.due:
        assert not calendar.is_workday(day)
        day += dt.timedelta(days=1)


@PROPERTY
@given(start=starts, n=st.integers(0, 40), roll=st.booleans())
def test_property_n_working_days_end_no_earlier_than_n_calendar_days(start, n, roll):
    calendar = Calendar()
    working = calendar.count(start, Duration(n, Unit.WORKING_DAYS), roll)
    days = calendar.count(start, Duration(n, Unit.DAYS), roll)
    assert working.raw >= days.raw
    assert working.due >= days.due


@PROPERTY
@given(start=starts, n=st.integers(0, 40))
def test_property_n_working_days_counts_exactly_n_working_days_after_the_first_day(start, n):
    calendar = Calendar()
    raw = calendar.count(start, Duration(n, Unit.WORKING_DAYS), roll_forward=False).raw
    span = [start + dt.timedelta(days=i) for i in range(1, (raw - start).days + 1)]
    assert sum(calendar.is_workday(day) for day in span) == n
    if n:
        assert calendar.is_workday(raw)


@PROPERTY
@given(start=starts, n=st.integers(0, 12))
def test_property_n_months_land_on_the_same_day_clamped_to_month_end(start, n):
    raw = Calendar().count(start, Duration(n, Unit.MONTHS), roll_forward=False).raw
    months = start.year * 12 + start.month - 1 + n
    year, month = divmod(months, 12)
    month += 1
    next_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    month_end = (next_first - dt.timedelta(days=1)).day
    assert raw == dt.date(year, month, min(start.day, month_end))


@PROPERTY
@given(start=starts, period=periods)
def test_property_warnings_only_name_years_without_data(start, period):
    """chinesecalendar covers 2004–2026: only later years may be warned about, and never when the whole
    count stays within covered years."""
    calendar = Calendar()
    counted = calendar.count(start, period)
    assert all(year > 2026 for year in calendar.warnings)
    if counted.due.year <= 2026:
        assert calendar.warnings == set()
    assert len(calendar.warning_lines()) == len(calendar.warnings)


@pytest.mark.parametrize("body, named", [
    ('[2027]\nholiday = ["2027-02-08"]\n', "holiday"),
    ('[2027]\nholidays = ["2027-02-08"]\nworkdays = ["2027-02-08"]\n', "2027-02-08"),
])
def test_holidays_file_with_a_misspelt_key_or_a_day_listed_twice_is_refused(tmp_path, body, named):
    """A misspelt key would silently mark the year as covered and hide the weekends-only warning."""
    path = tmp_path / "holidays.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_holidays_file(path)
    assert named in str(caught.value) and "[2027]" in str(caught.value)
