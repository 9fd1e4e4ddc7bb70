"""Liaison activities (issue 5): the hearing-notice rule (Liwan art. 9(2)), attendance and the one-activity
report, coverage gaps against the yearly targets (arts. 8(6), 9(2); SPC §5; Liaoning's paired visits), fair
invitations by rotation or lottery (seed 002), the scheduled coverage check, and refusal where not enabled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import Clerk

import lianluo.plugins.profiles
from lianluo.kernel.errors import ProfileError
from lianluo.kernel.jobs import MonthDays

LIWAN = Path(lianluo.plugins.profiles.__file__).parent / "liwan-court.toml"


@pytest.fixture(autouse=True)
def fixed_today(_isolated_env, monkeypatch):
    """The day of the command (default --notified, event days) is fixed: no test depends on the machine's date."""
    monkeypatch.setenv("LIANLUO_TODAY", "2026-01-02")


def profile_copy(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """The Liwan profile with some lines changed, as a court's IT team would edit its copy."""
    text = LIWAN.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"custom-{len(list(tmp_path.glob('custom-*.toml')))}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def home_with(tmp_path: Path, *changes: tuple[str, str]) -> Clerk:
    clerk = Clerk(tmp_path / f"home-{len(list(tmp_path.glob('home-*')))}")
    clerk.run("init", "--profile", str(profile_copy(tmp_path, *changes)), "--head", "周院长")
    return clerk


def deputy(clerk: Clerk, name: str, level: str = "district", *extra: str) -> int:
    return clerk.json("deputy", "add", "--name", name, "--level", level, *extra)["id"]


def add(clerk: Clerk, kind: str, day: str, *deputies: int, notified: str = "2026-01-02", **options) -> dict:
    args = ["activity", "add", "--kind", kind, "--date", day, "--title", f"{kind} {day}", "--notified", notified]
    for deputy_id in deputies:
        args += ["--deputy", str(deputy_id)]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}"] + ([] if value is True else [str(value)])
    return clerk.json(*args)


def attend(clerk: Clerk, activity_id: int, day: str, *deputies: int) -> dict:
    args = ["activity", "attend", str(activity_id), "--date", day]
    for deputy_id in deputies:
        args += ["--deputy", str(deputy_id)]
    return clerk.json(*args)


# --- the hearing notice rule (Liwan art. 9(2)) ------------------------------------------------------------


def test_hearing_notified_less_than_five_days_ahead_is_refused_art9_2(liwan):
    """Art. 9(2): the plan and deputy list reach the liaison office five days before; four is refused."""
    before = liwan.data_bytes()
    line = liwan.fails("activity", "add", "--kind", "hearing", "--date", "2026-03-10", "--title", "公开庭审",
                       "--deputy", "1", "--notified", "2026-03-06")
    assert line.startswith("错误：--notified：") and "第九条（二）" in line and "应至少提前 5 日" in line
    assert liwan.data_bytes() == before
    # the default --notified is the day of the command (2026-01-02 here): three days before is too late
    assert "--notified" in liwan.fails("activity", "add", "--kind", "mediation", "--date", "2026-01-05",
                                       "--title", "诉前调解", "--deputy", "1")
    assert liwan.data_bytes() == before
    exactly = add(liwan, "hearing", "2026-03-10", 1, notified="2026-03-05")
    assert exactly["late"] is False and exactly["notified"] == "2026-03-05"
    assert add(liwan, "visit", "2026-01-03", 1)["late"] is False  # visits need no advance notice


def test_late_hearing_is_accepted_with_one_warning_when_the_profile_says_warn(tmp_path):
    """A profile with late_hearing = "warn" records the late hearing, marks it, and warns once on stderr."""
    clerk = home_with(tmp_path, ('late_hearing = { value = "refuse"', 'late_hearing = { value = "warn"'))
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    result = clerk.run("activity", "add", "--kind", "hearing", "--date", "2026-03-10", "--title", "公开庭审",
                       "--deputy", "1", "--notified", "2026-03-08", "--json")
    warning = result.stderr.strip().splitlines()
    assert len(warning) == 1 and warning[0].startswith("警告：--notified：") and "第九条（二）" in warning[0]
    shown = clerk.json("activity", "show", "1")
    assert shown["late"] is True and shown["invited"] == [1]
    assert "逾期告知" in clerk.run("activity", "list").stdout


# --- attendance and the report (arts. 9(2), 9(7)) ---------------------------------------------------------


def test_attendance_adds_uninvited_deputies_and_the_report_is_kept_with_its_trail(liwan):
    """Attendance records who came (an uninvited one is added to the invited); the report is one per activity."""
    liwan.json("case", "register", "--kind", "case", "--title", "关注某案", "--case-number", "（2026）粤0103民初5号",
               "--deputy", "1", "--division", "民一庭", "--panel", "孙法官", "--chief", "赵庭长", "--vp", "钱副院长",
               "--date", "2026-01-02")
    made = add(liwan, "hearing", "2026-02-10", 1, case=1, organizer="张法官", group="")
    assert (made["kind"], made["case"], made["invited"], made["attended"]) == ("hearing", 1, [1], [])
    before = liwan.data_bytes()
    assert "--date" in liwan.fails("activity", "attend", "1", "--deputy", "1", "--date", "2026-02-09")
    assert "--deputy" in liwan.fails("activity", "attend", "1", "--deputy", "9", "--date", "2026-02-10")
    assert liwan.data_bytes() == before
    after = attend(liwan, 1, "2026-02-10", 1, 2)
    assert after["attended"] == [1, 2] and after["invited"] == [1, 2]
    assert "--deputy" in liwan.fails("activity", "attend", "1", "--deputy", "2", "--date", "2026-02-11")
    liwan.json("activity", "report", "1", "--text", "初稿", "--date", "2026-02-11")
    reported = liwan.json("activity", "report", "1", "--text", "旁听庭审情况报送联络办", "--date", "2026-02-12")
    assert (reported["report"], reported["reported"]) == ("旁听庭审情况报送联络办", "2026-02-12")
    assert [e["action"] for e in reported["events"]] == ["add", "attend", "report", "report"]
    assert reported["events"][1]["detail"]["added_to_invited"] == [2]
    assert reported["events"][3]["detail"]["replaces"] == "初稿"
    shown = liwan.run("activity", "show", "1").stdout
    assert "出席：陈代表（1）、林委员（2）" in shown and "关联案件：事项 1" in shown


@pytest.mark.parametrize(("args", "field"), [
    (("--kind", "lecture"), "--kind"),
    (("--deputy", "99"), "--deputy"),
    (("--case", "99"), "--case"),
    (("--group", "不存在的联组"), "--group"),
    (("--title", " "), "--title"),
])
def test_bad_activity_input_names_the_field_and_writes_nothing(liwan, args, field):
    base = {"--kind": "visit", "--date": "2026-03-01", "--title": "走访"}
    base.update(dict(zip(args[::2], args[1::2])))
    before = liwan.data_bytes()
    line = liwan.fails("activity", "add", *[x for pair in base.items() for x in pair])
    assert line.startswith(f"错误：{field}：")
    assert liwan.data_bytes() == before


# --- coverage ---------------------------------------------------------------------------------------------


def test_coverage_lists_every_gap_of_the_year(tmp_path):
    """A year of activities against the targets, with hand-counted expectations (paired visits set to 2).

    deputies 1 陈 (沙面), 2 林 (沙面), 3 何 (多宝), 4 郑 (municipal, 市代表团), 5 吴 (CPPCC) — 1 and 2 paired with
    张法官, 3 with 李法官. Held in 2026: 沙面 hearing, mediation, Q&A (3: met); 多宝 hearing (1) + a symposium
    (not a group kind) + a hearing nobody attended (not held); 张法官's visits: 陈 twice (one leader-led with
    郑), 林 once; 李法官 visited 何 in 2025 only. So: 吴 never took part (郑 did); 多宝 1 < 3; 林 1 < 2; 何 0 < 2.
    """
    clerk = home_with(tmp_path, ("liaison_visits_min = { value = 0", "liaison_visits_min = { value = 2"))
    chen = deputy(clerk, "陈", "district", "--group", "沙面街联组", "--liaison", "张法官")
    lin = deputy(clerk, "林", "district", "--group", "沙面街联组", "--liaison", "张法官")
    he = deputy(clerk, "何", "district", "--group", "多宝街联组", "--liaison", "李法官")
    zheng = deputy(clerk, "郑", "municipal", "--group", "市代表团")
    wu = deputy(clerk, "吴", "district", "--body", "cppcc")
    held = [
        (add(clerk, "hearing", "2026-03-10", chen, lin, group="沙面街联组"), "2026-03-10", (chen,)),
        (add(clerk, "mediation", "2026-05-10", chen, group="沙面街联组"), "2026-05-10", (chen,)),
        (add(clerk, "qa", "2026-09-10", lin, group="沙面街联组"), "2026-09-10", (lin,)),
        (add(clerk, "hearing", "2026-04-01", he, group="多宝街联组"), "2026-04-01", (he,)),
        (add(clerk, "symposium", "2026-06-01", he, group="多宝街联组"), "2026-06-01", (he,)),
        (add(clerk, "visit", "2026-07-01", chen, organizer="张法官"), "2026-07-01", (chen,)),
        (add(clerk, "visit", "2026-08-01", chen, lin, zheng, organizer="张法官", leader_led=True), "2026-08-01",
         (chen, lin, zheng)),
        (add(clerk, "visit", "2025-12-20", he, wu, organizer="李法官", notified="2025-12-01"), "2025-12-20", (he, wu)),
        (add(clerk, "inspection", "2027-01-05", wu), "2027-01-05", (wu,)),
    ]
    add(clerk, "hearing", "2026-10-01", he, group="多宝街联组")  # invited, nobody came: not held
    for activity, day, came in held:
        attend(clerk, activity["id"], day, *came)

    found = clerk.json("activity", "coverage", "--year", "2026")
    assert (found["year"], found["as_of"], found["since"]) == (2026, "2026-12-31", "2026-01-01")
    assert [(g["rule"], g["deputy"], g["group"], g["count"], g["target"]) for g in found["gaps"]] == [
        ("deputy", wu, "", 0, 1),
        ("group", None, "多宝街联组", 1, 3),
        ("liaison", lin, "", 1, 2),
        ("liaison", he, "", 0, 2),
    ]
    text = clerk.run("activity", "coverage", "--year", "2026").stdout
    assert "政协委员吴（5）本年度尚未参加联络活动（《关于加强与人大代表联络工作的规定》第八条（六））" in text
    assert "多宝街联组本年度组织旁听庭审、参与调解、见证执行、释法答疑等活动 1 次，少于 3 次（《关于加强与人大代表联络工作的规定》第九条（二））" in text
    assert "联络员张法官本年度走访结对代表林（2） 1 次，少于 2 次" in text
    assert "联络员李法官本年度尚未走访结对代表何（3）（须不少于 2 次）" in text

    # 2025: only 李法官's visit to 何 and 吴 was held; no leader-led visit that year
    earlier = clerk.json("activity", "coverage", "--year", "2025")["gaps"]
    assert [(g["rule"], g["deputy"] or g["group"]) for g in earlier] == [
        ("deputy", chen), ("deputy", lin), ("deputy", zheng), ("group", "多宝街联组"), ("group", "沙面街联组"),
        ("leader", ""), ("liaison", chen), ("liaison", lin), ("liaison", he)]
    assert "本年度尚无院领导带队走访代表的活动（最高人民法院《关于加强与人大代表联络工作的决定》第五条）" in clerk.run(
        "activity", "coverage", "--year", "2025").stdout


def test_term_start_in_the_profile_counts_every_deputy_over_the_term_art8_6(tmp_path):
    """Art. 8(6) says "during their term": with term_start, an activity in an earlier year of the term counts."""
    clerk = home_with(tmp_path, ("[activities]\n", "[activities]\nterm_start = { value = 2025-01-01, clause = \"本届任期\" }\n"))
    first = deputy(clerk, "陈")
    second = deputy(clerk, "林")
    visit = add(clerk, "visit", "2025-06-01", first)
    attend(clerk, visit["id"], "2025-06-01", first)
    found = clerk.json("activity", "coverage", "--year", "2026")
    assert found["since"] == "2025-01-01"
    assert [g["deputy"] for g in found["gaps"] if g["rule"] == "deputy"] == [second]
    assert "本届任期内（自 2025-01-01 起）尚未参加联络活动" in clerk.run("activity", "coverage", "--year", "2026").stdout


# --- fair invitations (seed 002: 抽签或轮流) ---------------------------------------------------------------


def test_rotation_never_invites_anyone_twice_before_everyone_once(liwan):
    """Recording each proposal as an activity, round after round (two on one day), every pick is among the
    least invited at that moment — so no one gets a second invitation before all have had a first."""
    for name in ("何代表", "郑代表", "吴代表"):
        deputy(liwan, name)
    eligible = {d["id"] for d in liwan.json("deputy", "list")}
    counts = dict.fromkeys(eligible, 0)
    days = ["2026-02-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01"]
    for day in days:
        proposal = liwan.json("activity", "invite", "--count", "2")
        picked = [d["id"] for d in proposal["deputies"]]
        assert proposal["method"] == "rotation" and len(set(picked)) == 2
        for deputy_id in picked:
            assert counts[deputy_id] == min(counts.values()), (day, picked, counts)
            counts[deputy_id] += 1
        add(liwan, "visit", day, *picked)
    assert sorted(counts.values()) == [2, 3, 3, 3, 3]


def test_rotation_can_be_limited_to_levels(liwan):
    city = deputy(liwan, "何代表", "municipal")
    assert [d["id"] for d in liwan.json("activity", "invite", "--count", "1", "--level", "municipal")["deputies"]] == [city]
    line = liwan.fails("activity", "invite", "--count", "2", "--level", "municipal")
    assert line.startswith("错误：--count：")
    assert liwan.fails("activity", "invite", "--count", "1", "--seed", "7").startswith("错误：--seed：")


def test_lottery_is_reproducible_with_its_seed_and_spread_across_levels(liwan):
    """Levels of 1, 2, 3 and 6 deputies, six seats: one per level, the rest to the district by quota (3)."""
    deputy(liwan, "全国代表", "national")
    for n in range(2):
        deputy(liwan, f"省代表{n}", "provincial")
    for n in range(3):
        deputy(liwan, f"市代表{n}", "municipal")
    for n in range(4):
        deputy(liwan, f"区代表{n}", "district")  # with the fixture's two: six
    first = liwan.json("activity", "invite", "--count", "6", "--method", "lottery", "--seed", "2026")
    again = liwan.json("activity", "invite", "--count", "6", "--method", "lottery", "--seed", "2026")
    assert first == again and first["seed"] == "2026"
    assert first["shares"] == {"national": 1, "provincial": 1, "municipal": 1, "district": 3}
    levels = [d["level"] for d in first["deputies"]]
    assert {lvl: levels.count(lvl) for lvl in set(levels)} == first["shares"]
    draws = {tuple(d["id"] for d in liwan.json("activity", "invite", "--count", "6", "--method", "lottery",
                                               "--seed", str(seed))["deputies"]) for seed in range(6)}
    assert len(draws) > 1  # the seed matters
    few = liwan.json("activity", "invite", "--count", "2", "--method", "lottery", "--seed", "x")
    assert len({d["level"] for d in few["deputies"]}) == 2  # fewer seats than levels: two different levels
    assert liwan.json("activity", "invite", "--count", "1", "--method", "lottery")["seed"]  # one is made up and shown


# --- the scheduled coverage check -------------------------------------------------------------------------


def coverage_days(result) -> list[str]:
    return [j["date"] for j in result["jobs"] if j["name"] == "activities.coverage"]


def test_coverage_check_runs_on_its_days_once_across_daily_ticks_and_a_catch_up(liwan):
    """The profile's 12-01 and 12-15: daily ticks run each once; a tick after downtime catches both up once."""
    day, ran = dt.date(2026, 11, 28), []
    while day <= dt.date(2026, 12, 17):
        ran += coverage_days(liwan.json("tick", "--today", day.isoformat()))
        day += dt.timedelta(days=1)
    assert ran == ["2026-12-01", "2026-12-15"]
    notices = [n for n in liwan.json("notices") if n["type"] == "job" and "联络活动覆盖检查" in n["text"]]
    assert [(n["date"], n["to"]) for n in notices] == [("2026-12-01", "联络办"), ("2026-12-15", "联络办")]
    assert "截至 2026-12-01，2026 年度尚有 3 项未达标" in notices[0]["text"]
    assert "人大代表陈代表（1）本年度尚未参加联络活动" in notices[0]["text"]
    assert coverage_days(liwan.json("tick", "--today", "2027-12-31")) == ["2027-12-01", "2027-12-15"]
    assert coverage_days(liwan.json("tick", "--today", "2027-12-31")) == []


def test_coverage_check_counts_what_was_held_by_its_day(liwan):
    """The check on 12-01 does not count an activity held later; the one on 12-15 does."""
    liwan.run("tick", "--today", "2026-11-30")
    visit = add(liwan, "visit", "2026-12-10", 1, 2, leader_led=True)
    attend(liwan, visit["id"], "2026-12-10", 1, 2)
    liwan.run("tick", "--today", "2026-12-31")
    texts = [n["text"] for n in liwan.json("notices") if "联络活动覆盖检查" in n["text"]]
    assert "尚有 3 项未达标" in texts[0]
    assert texts[1] == "【联络活动覆盖检查】截至 2026-12-15，2026 年度各项联络活动目标均已达到。"


def test_month_day_schedule_lists_days_in_the_window_and_rejects_bad_days():
    checks = MonthDays.parse(["12-15", "02-29", "12-01"], "activities.coverage_checks")
    assert checks.occurrences(dt.date(2026, 11, 30), dt.date(2028, 3, 1)) == [
        dt.date(2026, 12, 1), dt.date(2026, 12, 15), dt.date(2027, 2, 28), dt.date(2027, 12, 1),
        dt.date(2027, 12, 15), dt.date(2028, 2, 29)]
    assert checks.occurrences(dt.date(2026, 12, 1), dt.date(2026, 12, 1)) == []
    for bad in ("12-32", "2-1", "13-01"):
        with pytest.raises(ProfileError, match="activities.coverage_checks"):
            MonthDays.parse([bad], "activities.coverage_checks")


# --- where the plugin is not enabled ----------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("activity", "add", "--kind", "visit", "--date", "2026-03-01", "--title", "走访"),
    ("activity", "attend", "1", "--deputy", "1"),
    ("activity", "report", "1", "--text", "报送"),
    ("activity", "list"),
    ("activity", "show", "1"),
    ("activity", "coverage", "--year", "2026"),
    ("activity", "invite", "--count", "1"),
])
def test_commands_refuse_in_a_home_without_the_plugin(tmp_path, args):
    enable = next(line for line in LIWAN.read_text(encoding="utf-8").splitlines() if line.startswith("enable = "))
    clerk = home_with(tmp_path, (enable, enable.replace(', "activities"', "")))
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    before = clerk.data_bytes()
    line = clerk.fails(*args, code=1)
    assert "未启用插件 activities" in line
    assert clerk.data_bytes() == before
