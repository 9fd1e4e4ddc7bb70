"""One failing plugin must not take down the tick: it is named with the item, recorded, and retried."""

from __future__ import annotations

from fixtures import Clerk

from lianluo.kernel.hooks import hookimpl


class Flaky:
    """A third-party-style plugin that breaks on item 1 until it is fixed."""

    def __init__(self):
        self.broken = True
        self.seen = []

    @hookimpl
    def on_due(self, item, clock, point):
        self.seen.append((item.id, clock.name, point.name))
        if item.id == 1 and self.broken:
            raise RuntimeError("短信网关不可用")
        return None


def home_with(tmp_path, plugin, name: str = "flaky") -> Clerk:
    """A Liwan home with `plugin` installed as `name` and two spot suggestions due on 2026-06-18."""
    clerk = Clerk(tmp_path / "home", plugins={name: plugin})
    clerk.run("init", "--profile", "liwan-court")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    for title in ("甲", "乙"):
        clerk.run("item", "register", "--kind", "suggestion", "--title", title, "--deputy", "1",
                  "--channel", "spot", "--date", "2026-06-15")
    return clerk


def test_failing_plugin_is_named_and_the_rest_of_the_tick_goes_on(tmp_path):
    flaky = Flaky()
    clerk = home_with(tmp_path, flaky)
    result = clerk.run("tick", "--today", "2026-06-18", "--json", expect=3)
    import json

    out = json.loads(result.stdout)
    # the built-in reminders plugin still notified both items, including the one flaky failed on
    assert sorted(n["item"] for n in out["notices"]) == [1, 2]
    assert len(out["failures"]) == 1
    failure = out["failures"][0]
    assert failure["plugin"] == "flaky" and failure["item"] == 1 and "短信网关不可用" in failure["error"]
    assert "flaky" in result.stderr and "item/1/" in result.stderr
    assert (2, "reply", "due") in flaky.seen


def test_failed_point_is_retried_for_that_plugin_only_at_the_next_tick(tmp_path):
    flaky = Flaky()
    clerk = home_with(tmp_path, flaky)
    clerk.run("tick", "--today", "2026-06-18", expect=3)
    flaky.broken = False
    flaky.seen.clear()
    retried = clerk.json("tick", "--today", "2026-06-18")
    assert retried["retried"] == 1 and retried["failures"] == []
    assert retried["notices"] == []  # reminders already sent its notice: nothing twice
    assert flaky.seen == [(1, "reply", "due")]
    assert clerk.json("tick", "--today", "2026-06-18")["retried"] == 0


class BrokenSchedule:
    """A plugin whose register_jobs raises until it is fixed; its job runs every Monday."""

    def __init__(self):
        self.broken = True

    @hookimpl
    def register_jobs(self, register, ctx):
        from lianluo.kernel.jobs import CronSchedule, Job

        if self.broken:
            raise ValueError("配置读取失败")
        register(Job(name="weekly", label="周报", schedule=CronSchedule("0 8 * * 1"),
                     run=lambda day, c: [c.draft("联络办", f"周报 {day}")]))


def test_a_broken_register_jobs_is_recorded_and_its_missed_occurrences_caught_up(tmp_path):
    """The other plugins' jobs still run; once fixed, the plugin's occurrences in the failed window run once."""
    plugin = BrokenSchedule()
    clerk = Clerk(tmp_path / "home", plugins={"broken": plugin})
    clerk.run("init", "--profile", "liwan-court")
    clerk.json("tick", "--today", "2026-02-27", expect=3)
    first = clerk.json("tick", "--today", "2026-03-10", expect=3)
    assert [f["plugin"] for f in first["failures"]] == ["broken"]
    assert "reports.status" in [j["name"] for j in first["jobs"]]  # 03-01 still ran (and 03-05's group tasks)
    plugin.broken = False
    fixed = clerk.json("tick", "--today", "2026-03-11")
    assert sorted(j["date"] for j in fixed["jobs"] if j["name"] == "weekly") == ["2026-03-02", "2026-03-09"]
    assert clerk.json("tick", "--today", "2026-03-11")["jobs"] == []


def test_an_installed_plugin_that_fails_to_import_is_listed_and_skipped(clerk, monkeypatch):
    """A broken third-party package must not hide the others: `plugins` names it, `profiles` still works."""
    from lianluo.kernel import plugins

    real = plugins.available_plugins

    def with_a_broken_one():
        found = real()
        found["bad"] = plugins.Available("bad", "lianluo-bad", "0.1", "lianluo_bad_missing_module")
        return found

    monkeypatch.setattr(plugins, "available_plugins", with_a_broken_one)
    listed = {p["name"]: p for p in clerk.json("plugins")}
    assert listed["bad"]["error"] and listed["bad"]["hooks"] == []
    assert listed["suggestions"]["error"] is None and "on_received" in listed["suggestions"]["hooks"]
    assert "liwan-court" in [p["name"] for p in clerk.json("profiles")]
    pm, broken = plugins.load_installed()
    assert list(broken) == ["bad"] and pm.has_plugin("cases")
