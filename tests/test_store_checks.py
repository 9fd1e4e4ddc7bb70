"""Damage a hand edit leaves in the data: wrong field types and id counters below the highest id.

Each is refused like other damage (exit 1, one line naming the file and what is wrong, nothing written)
instead of an internal error, or, for a counter, instead of the next register silently overwriting a record
(issue 24, points 3 and 12). `restore` checks a backup the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from lianluo.kernel.store import Store, Tx, open_store
from lianluo.kernel.store.factory import STORE_FILE
from lianluo.kernel.store.segments import read_manifest

from fixtures import Clerk, set_up_liwan

DATA = "lianluo.json"
BACKUP = "lianluo.json.bak"
REGISTER = ("item", "register", "--kind", "suggestion", "--title", "关于优化诉讼服务的建议", "--deputy", "1",
            "--channel", "interim", "--date", "2026-03-02")


def _on_pg(home: Path) -> bool:
    return (home / STORE_FILE).exists()


def _set_counter(home: Path, table: str, value) -> None:
    """Hand-edit a counter where the home keeps it: the manifest's meta row, or the meta row in PostgreSQL."""
    if _on_pg(home):
        store = open_store(home)
        with psycopg.connect(store.url, autocommit=True) as conn:
            conn.execute(f'UPDATE "{store.schema}".docs SET doc = jsonb_set(doc, %s, %s::jsonb) '
                         f"WHERE tbl = '_meta' AND id = 1", (["counters", table], json.dumps(value)))
        return
    path = home / DATA
    data = json.loads(path.read_bytes())
    data["_meta"]["1"]["counters"][table] = value
    path.write_bytes(json.dumps(data, ensure_ascii=False).encode())


@pytest.fixture
def three_items(liwan) -> Clerk:
    for _ in range(3):
        liwan.run(*REGISTER)
    return liwan


def test_both_stores_give_a_tx_of_the_typed_protocol(three_items):
    """Kernel and plugins are written against `Tx`; whichever store the home has, its transactions are one."""
    store = open_store(three_items.home)
    assert isinstance(store, Store)
    with store.transaction() as tx:
        assert isinstance(tx, Tx)
        assert tx.next_id("things") == 1 and tx.meta["counters"]["things"] == 1
    with store.reader() as tx:
        assert isinstance(tx, Tx) and tx.count("items") == 3


def test_a_counter_below_the_highest_id_is_refused_not_overwritten(three_items):
    """counters.items set to 1 with items up to 3: register refuses, naming the counter, and item 2 keeps its
    title; on the file store every command refuses the file at once (it names the data file)."""
    home = three_items.home
    three_items.run("item", "approve", "2", "--date", "2026-03-02")
    _set_counter(home, "items", 1)
    before = three_items.data_bytes()
    line = three_items.fails(*REGISTER[:5], "新的标题", *REGISTER[6:], code=1)
    assert "counters.items" in line and "3" in line and "覆盖" in line, line
    if not _on_pg(home):
        assert str(home / DATA) in line and str(home / BACKUP) in line
        assert "counters.items" in three_items.fails("item", "list", code=1)
    assert three_items.data_bytes() == before
    _set_counter(home, "items", 3)
    assert three_items.json("item", "show", "2")["title"] == "关于优化诉讼服务的建议"
    assert "已登记第 4 号" in three_items.run(*REGISTER).stdout


def test_restore_refuses_a_backup_whose_counter_is_below_its_highest_id(three_items, tmp_path):
    """A backup with counters.items=0 and three items would hand out id 1 again: restore refuses it, naming
    the backup and the counter, and the home is unchanged."""
    backup = tmp_path / "backup.json"
    three_items.run("backup", "--out", str(backup))
    data = json.loads(backup.read_bytes())
    data["_meta"]["1"]["counters"]["items"] = 0
    backup.write_bytes(json.dumps(data, ensure_ascii=False).encode())
    before = three_items.data_bytes()
    line = three_items.fails("restore", str(backup), code=1)
    assert str(backup) in line and "counters.items" in line, line
    assert three_items.data_bytes() == before


def _first_doc(data: dict, table: str) -> dict:
    return data[table][min(data[table], key=int)]


def _meta(change):
    return "meta", change


def _doc(table, field, value):
    def change(doc):
        doc[field] = value
    return table, change


def _clock(field, value):
    def change(doc):
        doc["clocks"][0][field] = value
    return "items", change


# (what holds the field, how it is spoiled): 16 kinds of wrong field type, each named in the refusal
WRONG_TYPES = {
    "counters.items-abc": ("counters", _meta(lambda m: m["counters"].update(items="abc"))),
    "counters-a-list": ("counters", _meta(lambda m: m.update(counters=[1, 2]))),
    "counter-negative": ("counters", _meta(lambda m: m["counters"].update(deputies=-1))),
    "last_tick-garbage": ("last_tick", _meta(lambda m: m.update(last_tick="garbage"))),
    "last_tick-a-number": ("last_tick", _meta(lambda m: m.update(last_tick=20260301))),
    "organisation-a-string": ("organisation", _meta(lambda m: m.update(organisation="法院"))),
    "phone-a-number": ("phone", _doc("deputies", "phone", 13812345678)),
    "deputy-name-null": ("name", _doc("deputies", "name", None)),
    "department-name-a-number": ("name", _doc("departments", "name", 7)),
    "session-opens-x": ("opens", _doc("sessions", "opens", "x")),
    "clocks-x": ("clocks", _doc("items", "clocks", "x")),
    "clock-due-x": ("clocks", _clock("due", "x")),
    "received-garbage": ("received", _doc("items", "received", "garbage")),
    "deputies-a-string": ("deputies", _doc("items", "deputies", "1")),
    "events-a-number": ("events", _doc("items", "events", 5)),
    "id-not-its-key": ("id", _doc("items", "id", "abc")),
}
READS = {"meta": ("item", "list"), "items": ("item", "list"), "deputies": ("deputy", "list"),
         "departments": ("dept", "list"), "sessions": ("session", "list")}


@pytest.fixture
def file_home(tmp_path, monkeypatch) -> Clerk:
    """The liwan home with an item, on the file store (a data file is what a hand edit spoils)."""
    monkeypatch.delenv("LIANLUO_STORE", raising=False)
    clerk = set_up_liwan(Clerk(tmp_path / "file-home"))
    clerk.run(*REGISTER)
    clerk.run("item", "approve", "1", "--date", "2026-03-02")
    return clerk


def _spoil_file(home: Path, where: str, change) -> Path:
    """Apply `change` in the file that holds it (the manifest's meta, or a table's first segment)."""
    if where == "meta":
        path = home / DATA
        data = json.loads(path.read_bytes())
        change(data["_meta"]["1"])
    else:
        layout = read_manifest(home / DATA, home / BACKUP)[1]
        path = home / min(layout.tables[where]["segments"].values(), key=lambda e: e["file"])["file"]
        data = json.loads(path.read_bytes())
        change(_first_doc(data, where))
    # compact, as the store writes: a segment's report facts before the documents keep their bytes and offset
    path.write_bytes(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
    return path


@pytest.mark.parametrize("case", list(WRONG_TYPES))
def test_a_field_of_the_wrong_type_is_refused_naming_file_and_field(file_home, case):
    """Reading a spoiled file exits 1 with one line naming that file, the field and the backup, and no byte
    changes (it was `内部错误` before)."""
    field, (where, change) = WRONG_TYPES[case]
    path = _spoil_file(file_home.home, where, change)
    before = file_home.data_bytes()
    line = file_home.fails(*READS[where], code=1)
    assert str(path) in line and field in line and str(file_home.home / BACKUP) in line, line
    assert "内部错误" not in line
    assert file_home.data_bytes() == before


@pytest.mark.parametrize("case", ["last_tick-garbage", "phone-a-number", "clock-due-x"])
def test_restore_refuses_a_backup_with_a_field_of_the_wrong_type(liwan, tmp_path, case):
    """`restore` checks a backup with the same checks as open: the backup is named, the home unchanged."""
    field, (where, change) = WRONG_TYPES[case]
    liwan.run(*REGISTER)
    liwan.run("item", "approve", "1", "--date", "2026-03-02")
    backup = tmp_path / "backup.json"
    liwan.run("backup", "--out", str(backup))
    data = json.loads(backup.read_bytes())
    change(data["_meta"]["1"] if where == "meta" else _first_doc(data, where))
    backup.write_bytes(json.dumps(data, ensure_ascii=False).encode())
    before = liwan.data_bytes()
    line = liwan.fails("restore", str(backup), code=1)
    assert str(backup) in line and field in line, line
    assert liwan.data_bytes() == before
