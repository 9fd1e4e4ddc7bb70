"""Issue 19 point 7: a filter value that matches nothing known is a typing mistake, not an empty list — one
line naming the option and the valid values, exit 2 — for every filter of every list command."""

from __future__ import annotations

import pytest


def test_item_list_refuses_an_unknown_status_and_lists_the_valid_ones(liwan):
    liwan.run("item", "register", "--kind", "suggestion", "--title", "甲", "--deputy", "1",
              "--channel", "spot", "--date", "2026-06-15")
    line = liwan.fails("item", "list", "--status", "办里中")
    assert line.startswith("错误：--status：无效值 '办里中'；可用：") and "handling（办理中）" in line
    assert [i["id"] for i in liwan.json("item", "list", "--status", "registered")] == [1]
    assert [i["id"] for i in liwan.json("item", "list", "--status", "已登记")] == [1]  # a label is a known value
    liwan.run("item", "list", "--status", "办理中")  # the label of a known state: an answer, not an error


@pytest.mark.parametrize(("args", "named", "valid"), [
    (("task", "list", "--session", "99"), "--session", "1（"),
    (("deputy", "list", "--liaison", "无此人"), "--liaison", "可用："),
    (("notices", "--state", "sent"), "--state", "uncertain"),
    (("activity", "list", "--kind", "拜访"), "--kind", "visit（走访）"),
    (("activity", "list", "--year", "去年"), "--year", "整数"),
])
def test_every_list_filter_refuses_an_unknown_value(liwan, args, named, valid):
    before = liwan.data_bytes()
    line = liwan.fails(*args)
    assert line.startswith(f"错误：{named}：") and valid in line
    assert liwan.data_bytes() == before


def test_a_known_liaison_and_session_still_filter(liwan):
    liwan.run("deputy", "add", "--name", "结对代表", "--level", "district", "--liaison", "张联络员")
    assert [d["name"] for d in liwan.json("deputy", "list", "--liaison", "张联络员")] == ["结对代表"]
    liwan.run("task", "list", "--session", "1")
