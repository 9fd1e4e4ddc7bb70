"""Guarantee 1 during ticks (issue 9): SIGKILL at random moments while a process alternates registering and
ticking: the home always loads, every acknowledged item and tick is there, no ledger key or notice is written
twice. `-s` prints the figures; `-m slow` runs 300 kills."""

from __future__ import annotations

import pytest
from harness.kills import check_home, make_home, tick_kill_cycles


def _report(figures: dict) -> None:
    print(f"\ntick kills: {figures['kills']} kills, {figures['acknowledged']} registers and {figures['ticks']} ticks "
          f"acknowledged, {figures['lost']} lost, {len(figures['problems'])} problems")


def test_kills_during_registers_and_ticks_lose_nothing(tmp_path):
    """20 kills during a register-and-tick loop."""
    figures = tick_kill_cycles(tmp_path, cycles=20, seed=11, per_home=10)
    _report(figures)
    assert figures["kills"] == 20 and figures["ticks"] > 0
    assert figures["problems"] == [] and figures["lost"] == 0


def test_the_check_sees_a_lost_item_and_a_missing_tick(tmp_path):
    """The after-kill check is not blind: an acknowledged id absent from the store, or an acknowledged tick
    later than the recorded one, is reported."""
    home = tmp_path / "home"
    make_home(home)
    assert check_home(home, set(), None) == []
    problems = check_home(home, {7}, "2026-03-05")
    assert any("lost: [7]" in p for p in problems) and any("2026-03-05" in p for p in problems)


@pytest.mark.slow
def test_three_hundred_kills_during_registers_and_ticks(tmp_path):
    figures = tick_kill_cycles(tmp_path, cycles=300, seed=12)
    _report(figures)
    assert figures["kills"] == 300 and figures["problems"] == []
