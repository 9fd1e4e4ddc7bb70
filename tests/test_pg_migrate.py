"""`lianluo migrate`: a TinyDB home moves to PostgreSQL whole, and every command goes on working after."""

from __future__ import annotations

import json

import pytest

from lianluo.kernel.store.factory import STORE_FILE, open_store
from lianluo.kernel.store.pg_store import digest_rows, sorted_rows
from lianluo.kernel.store.tinydb_store import TinyStore

from fixtures import Clerk, set_up_liwan


@pytest.fixture
def tiny_home(tmp_path, monkeypatch, pg_url) -> Clerk:
    """A busy Liwan home on TinyDB: departments, deputies, a session, items at every stage, a tick."""
    monkeypatch.delenv("LIANLUO_STORE", raising=False)
    clerk = set_up_liwan(Clerk(tmp_path / "tiny-home"))
    for n in range(1, 7):
        clerk.run("item", "register", "--kind", "suggestion", "--title", f"关于第{n}件事的建议", "--deputy", "1",
                  "--deputy", "2", "--date", "2026-01-08", "--session", "1")
    for n in range(1, 5):
        clerk.run("item", "approve", str(n), "--date", "2026-01-08")
        clerk.run("item", "assign", str(n), "--lead", "立案庭", "--co", "民一庭", "--date", "2026-01-12")
    clerk.run("item", "reply", "1", "--category", "A", "--text", "已解决", "--date", "2026-02-10")
    clerk.run("tick", "--today", "2026-05-20")
    return clerk


def _everything(clerk: Clerk) -> dict:
    """What a clerk can see: every item in full, every deputy, department, session, task and notice."""
    items = clerk.json("item", "list")
    return {
        "items": [clerk.json("item", "show", str(i["id"])) for i in items],
        "deputies": clerk.json("deputy", "list"),
        "depts": clerk.json("dept", "list"),
        "sessions": clerk.json("session", "list"),
        "tasks": clerk.json("task", "list"),
        "notices": clerk.json("notices"),
    }


def test_migrate_round_trip_keeps_every_record_id_and_counter(tiny_home, pg_url):
    """Everything a clerk sees is equal after the move, the data's digest matches the file's, new ids carry
    on from the old counters, and the workflow goes on (assign, reply, tick) on PostgreSQL."""
    before = _everything(tiny_home)
    data = TinyStore(tiny_home.home).dump()
    files = TinyStore(tiny_home.home).fingerprint()
    done = tiny_home.json("migrate", "--to", pg_url)
    assert (tiny_home.home / STORE_FILE).exists()
    assert done["counts"]["items"] == 6 and done["kept"] == str(tiny_home.home / "lianluo.json")
    store = open_store(tiny_home.home)
    assert type(store).__name__ == "PgStore" and store.schema == done["schema"]
    assert store.fingerprint() == digest_rows(sorted_rows(data))
    assert _everything(tiny_home) == before

    assert tiny_home.json("item", "register", "--kind", "suggestion", "--title", "迁移后的建议", "--deputy", "1",
                          "--date", "2026-05-21")["id"] == 7
    assert tiny_home.json("deputy", "add", "--name", "新代表", "--level", "district")["id"] == 3
    tiny_home.run("item", "approve", "5", "--date", "2026-05-21")
    tiny_home.run("item", "assign", "5", "--lead", "民一庭", "--date", "2026-05-22")
    tiny_home.run("item", "reply", "2", "--category", "B", "--text", "列入计划", "--date", "2026-05-22")
    tick = tiny_home.json("tick", "--today", "2026-09-30")
    assert tick["notices"], "the tick on PostgreSQL found the migrated clocks"
    assert tiny_home.json("item", "show", "2")["reply"]["category"] == "B"
    assert TinyStore(tiny_home.home).fingerprint() == files  # the TinyDB home is left as it was


def test_migrate_refuses_a_schema_that_has_data(tiny_home, pg_url, tmp_path, monkeypatch):
    """A second home aimed at a schema already in use is refused and keeps using its file."""
    first = tiny_home.json("migrate", "--to", pg_url)
    other = Clerk(tmp_path / "other-home")
    other.run("init", "--profile", "county-court")
    before = other.data_bytes()
    line = other.fails("migrate", "--to", pg_url, "--schema", first["schema"], code=1)
    assert "已有数据，不会覆盖" in line and first["schema"] in line
    assert not (other.home / STORE_FILE).exists() and other.data_bytes() == before
    assert len(tiny_home.json("item", "list")) == 6  # the first home's data are untouched


def test_migrate_a_home_already_on_postgresql_is_refused(tiny_home, pg_url):
    tiny_home.run("migrate", "--to", pg_url)
    line = tiny_home.fails("migrate", "--to", pg_url, code=1)
    assert "已使用 PostgreSQL" in line


def test_backup_and_restore_on_postgresql(pg_url, liwan, tmp_path):
    """`backup` writes the server's data to a lianluo JSON file; `restore` puts them back exactly."""
    saved = liwan.data_bytes()
    out = tmp_path / "备份.json"
    liwan.run("backup", "--out", str(out))
    liwan.run("deputy", "add", "--name", "后加的代表", "--level", "district")
    assert liwan.data_bytes() != saved
    done = liwan.json("restore", str(out))
    assert liwan.data_bytes() == saved
    assert [d["name"] for d in liwan.json("deputy", "list")] == ["陈代表", "林委员"]
    assert json.loads((tmp_path / "home" / done["replaced"].split("/")[-1]).read_bytes())["deputies"]["3"]["name"] == "后加的代表"
