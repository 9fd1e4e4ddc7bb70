"""`lianluo network demo` (issue 23): an intermediate court and three basic courts on the test PostgreSQL, a year
of matters handed down and ticked as one network, and the 全市法院 year report equal to the sum of the four."""

from __future__ import annotations

import json

import psycopg
import pytest

from fixtures import TEST_PG, Clerk


def test_without_postgresql_the_network_demo_says_so_in_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv("LIANLUO_STORE", raising=False)
    line = Clerk(tmp_path / "unused").fails("network", "demo", "--folder", str(tmp_path / "net"), code=1)
    assert "PostgreSQL" in line and not (tmp_path / "net").exists()


def test_the_network_demo_hands_down_ticks_a_year_and_adds_up(tmp_path, monkeypatch):
    if not TEST_PG:
        pytest.skip("未设置 LIANLUO_TEST_PG（没有可用的 PostgreSQL），跳过联络网络演示")
    folder = tmp_path / "net"
    doc = json.loads(Clerk(tmp_path / "unused").run("network", "demo", "--folder", str(folder), "--matters", "6",
                                                    "--tick-every", "14", "--json").stdout)
    try:
        report = doc["report"]
        rows, total = report["orgs"], report["total"]
        assert [r["name"] for r in rows][0] == "示例市中级人民法院" and len(rows) == 4
        for key in ("items", "handed_down", "finished", "replied", "clocks_met", "clocks_missed", "overdue_open",
                    "handed_from_above", "deputies"):
            assert total[key] == sum(r[key] for r in rows), key
        assert rows[0]["handed_down"] == 6 == sum(r["handed_from_above"] for r in rows[1:])
        for row in rows:  # each court's own register holds what the report counts for it
            listed = Clerk(tmp_path / doc["homes"][row["org"]])
            assert row["items"] + row["handed_down"] == len(listed.json("item", "list"))
        assert doc["escalations_above"] >= 1  # the matter left unanswered was chased and escalated below
        text = Clerk(folder / "zy").run("network", "report", "--period", "2026", "--date", "2026-12-31").stdout
        assert text.splitlines()[-2].startswith("全市法院") and total["name"] == "全市法院"
        assert sum(r["rated"] for r in rows) and sum(r["clocks_met"] for r in rows)  # the year has them all
        monkeypatch.setenv("LIANLUO_FACTS", "documents")  # the Python count over the summaries agrees with SQL
        again = Clerk(folder / "zy").json("network", "report", "--period", "2026", "--date", "2026-12-31")
        assert again["orgs"] == rows
    finally:
        with psycopg.connect(TEST_PG, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{doc["network"]}" CASCADE')
