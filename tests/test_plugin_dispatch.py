"""One dispatcher (issue 17): every hook call goes through pluggy's callers, one plugin at a time, so that
LIANLUO_TRACE_PLUGINS shows every call with its plugin and duration, `firstresult` hooks stop at the first
answer, plugins may add hookspecs of their own, and hook wrappers are refused at registration."""

from __future__ import annotations

import re

import pluggy
import pytest
from conftest import Clerk

from lianluo.kernel.errors import ProfileError
from lianluo.kernel.hooks import call_each, hookimpl
from lianluo.kernel.models import Alarm
from lianluo.kernel.plugins import get_plugin_manager

TRACE = re.compile(r"^lianluo trace: hook=(\w+) plugin=([\w,-]+) ms=\d+\.\d{3} (ok|raised \w+)$")


class Channel:
    """A notice channel that answers True for every notice and counts its calls."""

    def __init__(self, answer=True):
        self.answer = answer
        self.sent: list[int] = []

    @hookimpl
    def deliver(self, notice):
        self.sent.append(notice.id)
        return self.answer


def liwan_home(tmp_path, plugins: dict) -> Clerk:
    """A Liwan home with `plugins` and one spot suggestion assigned on 2026-06-15 (reply due 06-18)."""
    clerk = Clerk(tmp_path / "home", plugins=plugins)
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "甲", "--deputy", "1", "--channel", "spot",
              "--date", "2026-06-15")
    clerk.run("item", "assign", "1", "--lead", "立案庭", "--date", "2026-06-15")
    return clerk


def traced(stderr: str) -> list[tuple[str, str, str]]:
    return [m.groups() for line in stderr.splitlines() if (m := TRACE.match(line))]


def test_on_due_and_deliver_are_each_traced_with_plugin_and_duration(tmp_path, monkeypatch):
    channel = Channel()
    clerk = liwan_home(tmp_path, {"channel": channel})
    monkeypatch.setenv("LIANLUO_TRACE_PLUGINS", "1")
    result = clerk.run("tick", "--today", "2026-06-30", "--json")
    calls = traced(result.stderr)
    assert ("on_due", "reminders", "ok") in calls, result.stderr
    sent = [c for c in calls if c[0] == "deliver"]
    assert sent == [("deliver", "channel", "ok")] * len(channel.sent) and channel.sent, result.stderr
    # every trace line names exactly one plugin: each call is one plugin's
    assert all("," not in plugin for _, plugin, _ in calls)
    # without the variable, nothing is traced
    monkeypatch.delenv("LIANLUO_TRACE_PLUGINS")
    quiet = clerk.run("tick", "--today", "2026-07-01")
    assert "lianluo trace:" not in quiet.stderr


class FirstAnswer:
    """A channel that runs first and claims every notice."""

    def __init__(self):
        self.sent: list[int] = []

    @hookimpl(tryfirst=True)
    def deliver(self, notice):
        self.sent.append(notice.id)
        return True


def test_deliver_is_firstresult_the_second_channel_is_not_asked(tmp_path):
    first, second = FirstAnswer(), Channel()
    clerk = liwan_home(tmp_path, {"first": first, "second": second})
    tick = clerk.json("tick", "--today", "2026-06-18")
    assert first.sent and second.sent == []
    notices = {n["id"]: n for n in clerk.json("notices")}
    assert {notices[i]["state"] for i in first.sent} == {"delivered"}
    assert tick["notices"]


class NotMine:
    """A channel that passes every notice on (None) before the next one is asked."""

    def __init__(self):
        self.asked = 0

    @hookimpl(tryfirst=True)
    def deliver(self, notice):
        self.asked += 1
        return None


def test_deliver_none_passes_the_notice_to_the_next_channel(tmp_path):
    passing, channel = NotMine(), Channel()
    clerk = liwan_home(tmp_path, {"passing": passing, "channel": channel})
    clerk.run("tick", "--today", "2026-06-18")
    assert passing.asked == len(channel.sent) > 0


class Alarms:
    """An alarm_for answer that must win over the reminders plugin's trylast default."""

    def __init__(self):
        self.asked = 0

    @hookimpl(tryfirst=True)
    def alarm_for(self, clock_name):
        self.asked += 1
        return Alarm(chases=0, levels=0)


def test_alarm_for_stops_at_the_first_answer_no_chase_then_follows(tmp_path):
    alarms = Alarms()
    clerk = liwan_home(tmp_path, {"alarms": alarms})
    assert alarms.asked >= 1
    tick = clerk.json("tick", "--today", "2026-07-15")
    kinds = {n["type"] for n in tick["notices"]}
    assert "chase" not in kinds and "escalation" not in kinds and "due" in kinds, kinds


class Wrapper:
    @hookimpl(wrapper=True)
    def on_due(self):
        return (yield)


class OldWrapper:
    @hookimpl(hookwrapper=True)
    def deliver(self):
        yield


@pytest.mark.parametrize("plugin, hook", [(Wrapper(), "on_due"), (OldWrapper(), "deliver")])
def test_hook_wrappers_are_refused_at_registration_in_one_line(tmp_path, plugin, hook):
    with pytest.raises(ProfileError, match=f"wrap.*{hook}|{hook}.*wrapper"):
        get_plugin_manager(("reminders",), extra={"wrap": plugin})
    clerk = Clerk(tmp_path / "home")
    clerk.run("init", "--profile", "liwan-court")
    clerk.plugins = {"wrap": plugin}
    line = clerk.fails("item", "list")
    assert "wrap" in line and hook in line and "wrapper" in line, line


class Relay:
    """A plugin with its own hook, `relay_greeting`, which it calls; another plugin answers it."""

    class Specs:
        @pluggy.HookspecMarker("lianluo")
        def relay_greeting(self, name: str) -> str | None:
            """Greet `name`."""

    @hookimpl
    def register_hookspecs(self, register):
        register(self.Specs)


class Greeter:
    @hookimpl
    def relay_greeting(self, name):
        return f"你好，{name}"


def test_register_hookspecs_lets_a_plugin_declare_a_hook_another_implements_in_any_order():
    for extra in ({"relay": Relay(), "greeter": Greeter()}, {"greeter": Greeter(), "relay": Relay()}):
        pm = get_plugin_manager((), extra=extra)
        answers = call_each(pm, "relay_greeting", name="陈代表")
        assert [(a.plugin, a.result) for a in answers] == [("greeter", "你好，陈代表")]


def test_register_hookspecs_without_the_declaring_plugin_names_the_implementer():
    with pytest.raises(ProfileError, match="greeter.*relay_greeting"):
        get_plugin_manager((), extra={"greeter": Greeter()})


def test_register_hookspecs_may_not_redeclare_a_kernel_hook():
    class Clash:
        class Specs:
            @pluggy.HookspecMarker("lianluo")
            def on_due(self, item):
                """A second on_due."""

        @hookimpl
        def register_hookspecs(self, register):
            register(self.Specs)

    with pytest.raises(ProfileError, match="clash"):
        get_plugin_manager((), extra={"clash": Clash()})


def test_register_scoring_rules_is_declared_by_the_scoring_plugin_not_the_kernel():
    from lianluo.kernel import hookspecs

    assert not hasattr(hookspecs, "register_scoring_rules")
    assert hasattr(get_plugin_manager(("scoring",)).hook, "register_scoring_rules")
    assert not hasattr(get_plugin_manager(("reminders",)).hook, "register_scoring_rules")
