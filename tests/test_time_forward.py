"""Guarantee 5, time moves forward: a tick dated before the last tick is refused (exit 2, one line naming --today
and the last tick's date, nothing written) unless forced; a forced one fires nothing twice and does not move
the last tick's date back."""

from __future__ import annotations

from collections import Counter


def notice_keys(clerk) -> Counter:
    return Counter(n["key"] for n in clerk.json("notices"))


def test_a_tick_before_the_last_one_is_refused_unless_forced(liwan):
    liwan.run("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "spot",
              "--date", "2026-06-15")
    liwan.run("tick", "--today", "2026-06-30")
    keys = notice_keys(liwan)
    assert keys and max(keys.values()) == 1
    before = liwan.data_bytes()

    line = liwan.fails("tick", "--today", "2026-06-10")
    assert "--today" in line and "2026-06-10" in line and "2026-06-30" in line and "--force" in line
    assert liwan.data_bytes() == before

    forced = liwan.json("tick", "--today", "2026-06-10", "--force")
    assert forced["notices"] == [] and forced["jobs"] == []  # everything up to 06-10 already fired
    assert notice_keys(liwan) == keys
    # the last tick is still 06-30: a later day before it is refused too, the same day is not
    assert "2026-06-30" in liwan.fails("tick", "--today", "2026-06-29")
    assert liwan.json("tick", "--today", "2026-06-30")["notices"] == []
    assert notice_keys(liwan) == keys
