"""Issue 19 point 2: failures a monitoring check sees. `tick` still commits what succeeded but exits 3 when a
plugin failed (recorded for retry), a notice failed or is uncertain; `lianluo status` reports the home and
exits 3 while a person must act."""

from __future__ import annotations

import json

from channels import LogChannel
from test_plugin_isolation import Flaky, home_with


def test_a_plugin_failure_makes_tick_exit_3_and_status_show_it_until_the_retry_succeeds(tmp_path):
    flaky = Flaky()
    clerk = home_with(tmp_path, flaky)
    result = clerk.run("tick", "--today", "2026-06-18", "--json", expect=3)
    out = json.loads(result.stdout)
    assert sorted(n["item"] for n in out["notices"]) == [1, 2]  # what succeeded is committed
    assert "退出码 3" in result.stderr
    assert len(clerk.json("notices")) == 2
    text = clerk.run("status", "--today", "2026-06-18", expect=3).stdout
    assert "上次每日运行：2026-06-18" in text and "待重试的插件错误：1 项" in text
    assert "flaky" in text and "状态：需要人工处理" in text
    doc = json.loads(clerk.run("status", "--today", "2026-06-18", "--json", expect=3).stdout)
    assert doc["needs_attention"] is True and doc["last_tick"] == "2026-06-18" and len(doc["failures"]) == 1
    clerk.run("tick", "--today", "2026-06-19", expect=3)  # still broken: retried, still failing
    flaky.broken = False
    clerk.run("tick", "--today", "2026-06-19")  # the retry succeeds: exit 0
    healthy = json.loads(clerk.run("status", "--today", "2026-06-19", "--json").stdout)
    assert healthy["failures"] == [] and healthy["needs_attention"] is False
    assert "状态：正常" in clerk.run("status", "--today", "2026-06-19").stdout


def test_failed_deliveries_make_tick_exit_3_and_status_count_them(tmp_path):
    clerk = home_with(tmp_path, LogChannel(tmp_path / "gateway.jsonl", fail=1000), name="channel")
    out = clerk.run("tick", "--today", "2026-06-18", expect=3).stdout
    assert "通知发送：成功 0 条，失败 2 条" in out
    doc = json.loads(clerk.run("status", "--today", "2026-06-18", "--json", expect=3).stdout)
    assert doc["failed_notices"] == 2 and doc["uncertain_notices"] == 0


def test_status_counts_overdue_and_exits_3_when_the_daily_run_stopped(liwan):
    liwan.run("item", "register", "--kind", "suggestion", "--title", "甲", "--deputy", "1",
              "--channel", "spot", "--date", "2026-06-15")
    liwan.run("tick", "--today", "2026-06-18")
    fresh = json.loads(liwan.run("status", "--today", "2026-06-19", "--json").stdout)
    assert fresh["stale"] is False and fresh["overdue_items"] == 1  # the spot suggestion was due 06-18
    late = liwan.run("status", "--today", "2026-12-01", expect=3).stdout
    assert "已超过一天未运行" in late and "逾期未办：事项 1 件" in late
