"""Every hook fires when its docstring says, in lifecycle order, with the arguments it documents."""

from __future__ import annotations

from pathlib import Path

from fixtures import Clerk

from lianluo.kernel import Alarm, Kind, Transition, Workflow, hookimpl
from lianluo.kernel.jobs import CronSchedule, Job


class Recorder:
    """A local plugin that records each hook call and adds a little of its own."""

    def __init__(self, profile: Path):
        self.calls: list[tuple] = []
        self.profile = profile

    @hookimpl
    def register_profiles(self, register):
        self.calls.append(("register_profiles",))
        register("test-court", self.profile)

    @hookimpl
    def register_kinds(self, register):
        self.calls.append(("register_kinds",))
        flow = Workflow(states={"new": "新", "done": "完"}, initial="new",
                        transitions={"close": Transition(frozenset({"new"}), "done")}, finished=frozenset({"done"}))
        register(Kind(name="memo", label="备忘", workflow=flow))

    @hookimpl
    def register_jobs(self, register, ctx):
        self.calls.append(("register_jobs", ctx.today.isoformat()))
        register(Job(name="test.weekly", label="周报", schedule=CronSchedule("0 8 * * 1"),
                     run=lambda day, c: [c.draft("联络办", f"周报 {day}")]))

    @hookimpl
    def alarm_for(self, item, clock_name, ctx):
        self.calls.append(("alarm_for", item.kind, clock_name))
        return Alarm(warn=(1,), chases=1, levels=1) if item.kind == "memo" else None

    @hookimpl
    def on_received(self, item, ctx):
        self.calls.append(("on_received", item.id, item.kind))
        if item.kind != "memo":
            return None
        from lianluo.kernel import Effects

        return Effects(clocks=(ctx.fixed_clock(item, "memo", "备忘期限", item.received, item.received.replace(day=20),
                                               rule="test"),))

    @hookimpl
    def on_transition(self, item, action, event, ctx):
        self.calls.append(("on_transition", item.id, action, event.action))

    @hookimpl
    def on_due(self, item, clock, point, today, ctx):
        self.calls.append(("on_due", item.id, clock.name, point.name, today.isoformat()))

    @hookimpl
    def on_escalate(self, item, clock, level, point, today, ctx):
        self.calls.append(("on_escalate", item.id, clock.name, level))

    @hookimpl
    def on_session(self, session, previous, ctx):
        self.calls.append(("on_session", session.closes.isoformat(), previous.closes.isoformat() if previous else None))

    def names(self):
        return [c[0] for c in self.calls]


def make_home(tmp_path) -> tuple[Clerk, Recorder]:
    profile = tmp_path / "test-court.toml"
    liwan = Path(__file__).resolve().parent.parent / "plugins" / "profiles" / "liwan-court.toml"
    text = liwan.read_text(encoding="utf-8").replace('name = "liwan-court"', 'name = "test-court"')
    profile.write_text(text.replace('enable = ["suggestions", "session", "reminders"]',
                                    'enable = ["suggestions", "session", "reminders", "recorder"]'), encoding="utf-8")
    recorder = Recorder(profile)
    clerk = Clerk(tmp_path / "home", plugins={"recorder": recorder})
    return clerk, recorder


def test_register_profiles_offers_a_plugin_profile_to_profiles_and_init(tmp_path):
    clerk, recorder = make_home(tmp_path)
    assert "test-court" in [p["name"] for p in clerk.json("profiles")]
    clerk.run("init", "--profile", "test-court")
    assert "register_profiles" in recorder.names()


def test_hooks_fire_in_lifecycle_order(tmp_path):
    """register_kinds → on_received (which asks alarm_for for its clock) → in the tick on_due, on_escalate and
    then the jobs (register_jobs) → on_transition."""
    clerk, recorder = make_home(tmp_path)
    clerk.run("init", "--profile", "test-court")
    clerk.run("deputy", "add", "--name", "陈某", "--level", "district")
    clerk.run("session", "add", "--name", "会", "--opens", "2026-01-06", "--closes", "2026-01-09", "--date", "2026-01-02")
    clerk.run("session", "move", "1", "--closes", "2026-01-10", "--date", "2026-01-03")
    recorder.calls.clear()
    memo = clerk.json("item", "register", "--kind", "memo", "--title", "备忘", "--deputy", "1", "--date", "2026-03-02")
    assert memo["clocks"][0]["due"] == "2026-03-20"
    clerk.run("tick", "--today", "2026-03-19")
    clerk.run("tick", "--today", "2026-04-30")
    clerk.run("item", "close", str(memo["id"]), "--date", "2026-04-30")
    names = recorder.names()
    first = {n: names.index(n) for n in dict.fromkeys(names)}
    assert first["register_kinds"] < first["on_received"] < first["alarm_for"] < first["on_due"]
    assert first["on_due"] < first["on_escalate"] < first["register_jobs"] < first["on_transition"]
    assert ("alarm_for", "memo", "memo") in recorder.calls
    dues = [c for c in recorder.calls if c[0] == "on_due" and c[2] == "memo"]
    assert [c[3] for c in dues] == ["due-soon-1", "due", "chase-1"]
    assert ("on_escalate", memo["id"], "memo", 1) in recorder.calls
    assert ("on_transition", memo["id"], "close", "close") in recorder.calls
    jobs = [n for n in clerk.json("notices") if n["text"].startswith("周报")]
    # Monday 04-06 is in the Qingming holiday (04-04…04-06): that week's report goes out on Tuesday 04-07
    assert [n["date"] for n in jobs] == ["2026-03-23", "2026-03-30", "2026-04-07", "2026-04-13", "2026-04-20",
                                         "2026-04-27"]


def test_on_session_gets_the_previous_session_on_a_move(tmp_path):
    clerk, recorder = make_home(tmp_path)
    clerk.run("init", "--profile", "test-court")
    clerk.run("session", "add", "--name", "会", "--opens", "2026-01-06", "--closes", "2026-01-09", "--date", "2026-01-02")
    clerk.run("session", "move", "1", "--closes", "2026-01-10", "--date", "2026-01-03")
    sessions = [c for c in recorder.calls if c[0] == "on_session"]
    assert sessions == [("on_session", "2026-01-09", None), ("on_session", "2026-01-10", "2026-01-09")]


def test_register_commands_adds_the_session_plugins_commands(clerk):
    """The session plugin's register_commands puts tasks, observe and stats under `lianluo session`."""
    shown = clerk.run("session", "--help").stdout
    for command in ("tasks", "observe", "stats", "add", "move"):
        assert command in shown
