"""Guarantee 9 (issue 9): every change records who (`--as`, else LIANLUO_USER, else the OS account), when
and what, and the trail only grows: a later action adds an event and leaves every earlier one as it was."""

from __future__ import annotations

import getpass

from fixtures import Clerk


def _desk(clerk: Clerk) -> Clerk:
    clerk.run("init", "--profile", "liwan-court")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    return clerk


def test_who_is_as_then_lianluo_user_then_the_os_account(clerk, monkeypatch):
    """`--as` wins over LIANLUO_USER, which wins over the OS user; each lands in `item history` with when and
    what."""
    _desk(clerk)
    monkeypatch.setenv("LIANLUO_USER", "环境书记员")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "甲", "--deputy", "1", "--channel",
              "interim", "--date", "2026-03-02")
    clerk.run("--as", "命令行书记员", "item", "approve", "1", "--date", "2026-03-02")
    monkeypatch.delenv("LIANLUO_USER")
    clerk.run("item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-03")
    events = clerk.json("item", "history", "1")
    assert [(e["action"], e["who"], e["at"]) for e in events] == [
        ("register", "环境书记员", "2026-03-02"), ("approve", "命令行书记员", "2026-03-02"),
        ("assign", getpass.getuser(), "2026-03-03")]
    assert events[2]["detail"] == {"lead": 1, "co": []}
    assert all(e["recorded"][:4] >= "2025" and "T" in e["recorded"] for e in events)
    text = clerk.run("item", "history", "1").stdout
    assert "命令行书记员" in text and "环境书记员" in text and getpass.getuser() in text


def test_the_trail_only_grows(clerk):
    """After each of nine actions the trail is the previous trail, unchanged, plus what was just done."""
    _desk(clerk)
    steps = [
        ("item", "register", "--kind", "suggestion", "--title", "乙", "--deputy", "1", "--channel", "interim",
         "--date", "2026-03-02"),
        ("item", "approve", "1", "--date", "2026-03-02"),
        ("item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-03"),
        ("item", "contact", "1", "--mode", "phone", "--note", "沟通", "--date", "2026-03-05"),
        ("item", "pause", "1", "--reason", "等待补充材料", "--date", "2026-03-06"),
        ("item", "resume", "1", "--date", "2026-03-09"),
        ("item", "extend", "1", "--to", "2026-06-30", "--reason", "案情复杂", "--date", "2026-03-10"),
        ("item", "reply", "1", "--category", "A", "--text", "已解决", "--date", "2026-03-20"),
        ("item", "feedback", "1", "--rating", "satisfied", "--date", "2026-03-25"),
    ]
    before: list[dict] = []
    for n, step in enumerate(steps):
        clerk.run("--as", f"书记员{n}", *step)
        after = clerk.json("item", "history", "1")
        assert after[: len(before)] == before, f"{step[1]} rewrote the trail"
        assert len(after) > len(before) and {e["who"] for e in after[len(before):]} == {f"书记员{n}"}
        before = after
    assert [e["action"] for e in before][:3] == ["register", "approve", "assign"] and len(before) >= len(steps)


def test_a_blank_or_overlong_operator_is_refused(clerk):
    """The trail's "who" is never blank: `--as "  "` is refused naming --as, nothing written."""
    _desk(clerk)
    before = clerk.data_bytes()
    for who in ("  ", "长" * 51):
        line = clerk.fails("--as", who, "dept", "add", "刑庭", "--head", "a", "--leader", "b")
        assert "--as" in line
    assert clerk.data_bytes() == before
