"""The segmented TinyDB home (issue 10, "make cost follow the work"): a commit rewrites only the segments it
changed, the tick's `due` reads only the index and the segments holding due ids, a reader survives a
concurrent writer's cleanup, a home written before segments is converted by its first write, and backups
stay one self-contained file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from lianluo.kernel.errors import StoreError
from lianluo.kernel.facts import packed, project
from lianluo.kernel.store.segments import SEGMENT_SIZE, read_manifest, segment_bytes
from lianluo.kernel.store.tinydb_store import TinyStore, _load

DATA, BACKUP = "lianluo.json", "lianluo.json.bak"


def layout(home: Path):
    return read_manifest(home / DATA, home / BACKUP)[1]


def segment_files(home: Path, table: str, with_open_clocks: bool = False) -> dict[int, str]:
    """{bucket: file} of the table's segments holding documents with (or without) an open clock."""
    return {b: e["file"] for (b, is_open), e in layout(home).tables[table]["segments"].items()
            if is_open == with_open_clocks}


@pytest.fixture
def big(tmp_path) -> TinyStore:
    """2500 items in three segments; only ids 2001–2500 have an open clock, half of them due by 2026-03-01."""
    store = TinyStore(tmp_path / "big")
    store.create({})
    with store.transaction() as tx:
        for n in range(1, 2501):
            when = ("2026-02-01" if n % 2 else "2026-06-01") if n > 2000 else None
            tx.insert("items", {"title": f"第{n}件", "status": "open" if when else "closed", "next_check": when})
    return store


def test_a_commit_rewrites_only_the_segment_it_changed(big):
    """Changing one closed item writes one new segment file (its report facts on its first line, no file of
    their own) and the manifest; every other file stays."""
    home = big.home
    before, replaced = layout(home).files(), segment_files(home, "items")[1]
    with big.transaction() as tx:
        tx.put("items", {**tx.get("items", 1500), "title": "改过的标题"})
    after = layout(home).files()
    written = segment_files(home, "items")[1]
    assert before - after == {replaced} and after - before == {written}
    assert replaced.startswith("data/items/1001.") and not list((home / "data" / "items").glob("*-facts.*"))
    entry = layout(home).tables["items"]["segments"][(1, False)]
    whole = json.loads((home / written).read_bytes())  # one JSON document: the facts table, then the items
    assert list(whole) == ["_facts", "items"] and whole["items"]["1500"]["title"] == "改过的标题"
    rows = whole["_facts"]["1"]["items"]
    assert [row[0] for row in rows] == list(range(1001, 2001)) and rows[499][2] == "改过的标题"
    assert (home / written).read_bytes()[:entry["fb"]].endswith(json.dumps(rows[-1], ensure_ascii=False,
                                                                          separators=(",", ":")).encode() + b"]")
    with big.reader() as tx:
        assert tx.get("items", 1500)["title"] == "改过的标题" and tx.count("items") == 2500
    # the old segment stays while the backup manifest names it, and goes with the next commit
    assert (before - after) <= set(layout(home).kept)
    assert all((home / name).exists() for name in layout(home).kept)
    with big.transaction() as tx:
        tx.insert("notices", {"text": "x"})
    assert not any((home / name).exists() for name in before - after)


def test_due_reads_only_the_index_and_the_segments_holding_due_ids(big):
    """With the closed items' segments destroyed, `due` and `count` still answer (they never read them),
    while `all` refuses naming the damaged file."""
    home = big.home
    files = segment_files(home, "items")
    for bucket in (0, 1):
        (home / files[bucket]).write_bytes(b"garbage")
    with big.reader() as tx:
        due = tx.due("items", "2026-03-01")
        assert [d["id"] for d in due] == list(range(2001, 2501, 2))
        assert tx.count("items") == 2500
        with pytest.raises(StoreError, match=str(home / files[0])):
            tx.all("items")
    with big.transaction() as tx:  # the tick's write path: the due items move on, the index follows
        for doc in tx.due("items", "2026-03-01"):
            tx.put("items", {**doc, "next_check": "2026-09-01" if doc["id"] % 4 == 1 else None})
    with big.reader() as tx:
        assert tx.due("items", "2026-03-01") == []
        assert len(tx.due("items", "2026-12-31")) == 375


def test_a_reader_survives_a_writers_cleanup_of_the_files_it_was_about_to_read(big):
    """A reader that read the manifest before two commits replaced (and deleted) a segment reads the new one."""
    home = big.home
    with big.reader() as reading:
        first = segment_files(home, "items")[0]
        for title in ("一改", "二改"):
            with big.transaction() as tx:
                tx.put("items", {**tx.get("items", 7), "title": title})
        assert not (home / first).exists()
        assert reading.get("items", 7)["title"] == "二改"


def test_a_readers_scan_holds_one_id_range_at_a_time_and_goes_on_after_a_writers_cleanup(big):
    """`scan` gives what `all` gives, in id order, without keeping the segments it read; a segment removed by two
    commits during the scan is read from the new manifest instead."""
    everything = [d["id"] for d in _load(big.home / "lianluo.json")["items"].values()]
    with big.reader() as reading:
        seen = []
        for doc in reading.scan("items"):
            seen.append(doc["id"])
            if doc["id"] == 1:  # ids 1001–2000 are yet to be read; two commits replace and delete their segment
                later = segment_files(big.home, "items")[1]
                for title in ("一改", "二改"):
                    with big.transaction() as tx:
                        tx.put("items", {**tx.get("items", 1500), "title": title})
                assert not (big.home / later).exists()
            if doc["id"] == 1500:
                assert doc["title"] == "二改"
        assert seen == sorted(everything) and reading.loaded == {}
    with big.transaction() as tx:  # a writer's scan sees its own writes
        tx.put("items", {**tx.get("items", 3), "title": "未提交"})
        assert next(d for d in tx.scan("items") if d["id"] == 3)["title"] == "未提交"


def test_segment_is_a_tinydb_document(big):
    """Any segment opens with TinyDB itself for inspection (a segment of items has its facts as a second table)."""
    path = big.home / segment_files(big.home, "items", with_open_clocks=True)[2]
    with TinyDB(path, storage=JSONStorage, access_mode="r") as db:
        docs = db.table("items").all()
    assert len(docs) == 500 and docs[0].doc_id == 2001 and docs[0]["title"] == "第2001件"
    path = big.home / segment_files(big.home, "items")[1]
    with TinyDB(path, storage=JSONStorage, access_mode="r") as db:
        assert len(db.table("items")) == SEGMENT_SIZE == 1000


def test_open_items_scattered_among_closed_ones_are_ticked_without_reading_the_closed(tmp_path):
    """Every tenth of 3000 items has an open clock: `due`, and saving what it returns, read and write only the
    open documents' segments, never the closed history around them (here destroyed to prove it); an item
    whose clock closes moves to its range's closed segment."""
    store = TinyStore(tmp_path / "scattered")
    store.create({})
    with store.transaction() as tx:
        for n in range(1, 3001):
            tx.insert("items", {"title": f"第{n}件", "next_check": "2026-02-01" if n % 10 == 0 else None})
    closed = segment_files(store.home, "items")
    assert sorted(closed) == [0, 1, 2] and len(segment_files(store.home, "items", with_open_clocks=True)) == 3
    for name in closed.values():
        (store.home / name).write_bytes(b"garbage")
    with store.transaction() as tx:
        due = tx.due("items", "2026-03-01")
        assert [d["id"] for d in due] == list(range(10, 3001, 10)) and tx.get("items", 20)["title"] == "第20件"
        for doc in due:
            tx.put("items", {**doc, "next_check": "2026-04-01", "title": doc["title"] + "（已催办）"})
    assert segment_files(store.home, "items") == closed  # not one closed segment rewritten
    with store.reader() as tx:
        assert tx.get("items", 3000)["title"] == "第3000件（已催办）" and tx.count("items") == 3000

    for bucket, name in closed.items():  # mend the history (documents and facts as written); then one item's clock closes
        docs = {str(n): {"title": f"第{n}件", "next_check": None, "id": n}
                for n in range(bucket * 1000 + 1, bucket * 1000 + 1001) if n % 10}
        blob, fb, _ = segment_bytes("items", docs, [packed(project(doc)) for doc in docs.values()])
        assert fb == layout(store.home).tables["items"]["segments"][(bucket, False)]["fb"]
        (store.home / name).write_bytes(blob)
    with store.transaction() as tx:
        tx.put("items", {**tx.get("items", 1010), "next_check": None})
    assert segment_files(store.home, "items")[1] != closed[1]
    with store.reader() as tx:
        assert tx.get("items", 1010)["next_check"] is None and [d["id"] for d in tx.all("items")] == list(range(1, 3001))
        assert 1010 not in [d["id"] for d in tx.due("items", "2026-12-31")] and tx.count("items") == 3000


def _as_schema1(clerk) -> bytes:
    """Turn the clerk's home into one written before segments: one file holding every table."""
    whole = TinyStore(clerk.home).dump()
    assert whole["_meta"]["1"]["schema"] == 1
    shutil.rmtree(clerk.home / "data")
    (clerk.home / BACKUP).unlink()
    old = TinyStore._encode(whole)
    (clerk.home / DATA).write_bytes(old)
    return old


def test_a_home_written_before_segments_is_read_as_is_and_converted_by_its_first_write(liwan):
    """Reads work on the one-file home and write nothing; the first write keeps the old file as
    lianluo.json.schema1-<stamp> (and as the backup), and writes the segmented layout with every record."""
    old = _as_schema1(liwan)
    assert [d["name"] for d in liwan.json("deputy", "list")] == ["陈代表", "林委员"]
    assert (liwan.home / DATA).read_bytes() == old and not (liwan.home / "data").exists()

    assert liwan.json("deputy", "add", "--name", "新代表", "--level", "district")["id"] == 3
    kept = sorted(liwan.home.glob("lianluo.json.schema1-*"))
    assert [p.read_bytes() for p in kept] == [old]
    assert (liwan.home / BACKUP).read_bytes() == old
    manifest = json.loads((liwan.home / DATA).read_bytes())
    assert manifest["_meta"]["1"]["schema"] == 3 and set(manifest) == {"_meta", "_layout"}
    now = TinyStore(liwan.home).dump()
    was = json.loads(old)
    assert {t: d for t, d in now.items() if t != "deputies"} == {
        t: d for t, d in was.items() if t != "deputies" and t != "_meta"} | {"_meta": now["_meta"]}
    assert now["_meta"]["1"]["counters"] == {**was["_meta"]["1"]["counters"], "deputies": 3}
    assert [d["name"] for d in liwan.json("deputy", "list")] == ["陈代表", "林委员", "新代表"]
    assert [d["name"] for d in liwan.json("dept", "list")] == ["立案庭", "民一庭"]

    liwan.run("restore")  # the backup the refusals name is the old one-file home, and restores
    assert [d["name"] for d in liwan.json("deputy", "list")] == ["陈代表", "林委员"]
    assert json.loads((liwan.home / DATA).read_bytes())["_meta"]["1"]["schema"] == 3


def test_backup_is_one_self_contained_file_and_restores_into_segments(liwan, tmp_path):
    """`lianluo backup` writes every table in one file (schema 1, the form PostgreSQL and migrate read);
    `lianluo restore` of it brings the data back in segments and keeps the replaced data as one file."""
    out = tmp_path / "备份.json"
    liwan.run("backup", "--out", str(out))
    whole = json.loads(out.read_bytes())
    assert whole["_meta"]["1"]["schema"] == 1 and {"deputies", "departments", "sessions"} <= set(whole)
    assert [d["name"] for d in whole["deputies"].values()] == ["陈代表", "林委员"]
    liwan.run("deputy", "add", "--name", "后加的代表", "--level", "district")
    done = liwan.json("restore", str(out))
    assert [d["name"] for d in liwan.json("deputy", "list")] == ["陈代表", "林委员"]
    assert TinyStore(liwan.home).dump() == whole
    replaced = json.loads(Path(done["replaced"]).read_bytes())
    assert replaced["deputies"]["3"]["name"] == "后加的代表"
    assert _load(Path(done["replaced"]))["deputies"]["3"]["name"] == "后加的代表"
    assert segment_files(liwan.home, "deputies")


def test_a_broken_open_clock_index_is_refused_naming_it(liwan):
    """The tick reads the items' index; a damaged one is refused in one line naming it and the backup."""
    liwan.run("item", "register", "--kind", "suggestion", "--title", "关于诉讼服务的建议", "--deputy", "1",
              "--date", "2026-01-08", "--session", "1")
    liwan.run("item", "approve", "1", "--date", "2026-01-08")
    index = liwan.home / layout(liwan.home).tables["items"]["index"]
    assert json.loads(index.read_bytes())
    index.write_bytes(index.read_bytes()[:5])
    before = liwan.data_bytes()
    line = liwan.fails("tick", "--today", "2026-05-20", code=1)
    assert str(index) in line and str(liwan.home / BACKUP) in line
    assert liwan.data_bytes() == before


def test_commits_that_reuse_what_they_wrote_before_write_the_same_bytes_as_encoding_it_all(big):
    """A process that commits to a segment it wrote before takes the untouched documents' bytes and facts rows
    from that write instead of encoding and projecting them again: the files stay byte for byte what encoding
    the whole segment (its facts first) gives, through puts, inserts and items moving between the closed and
    open segments."""
    home = big.home
    for n, doc_id in enumerate((1500, 1501, 1500, 2002, 1999, 2003)):
        with big.transaction() as tx:
            doc = tx.get("items", doc_id)
            tx.put("items", {**doc, "title": f"{doc['title']}·{n}", "session": n,
                             "next_check": "2026-05-01" if n % 2 else None})
            if n == 3:
                tx.insert("items", {"title": "新增", "received": "2026-03-01", "next_check": None})
    with big.reader() as tx:
        by_id = {d["id"]: d for d in tx.all("items")}
    for (bucket, is_open), entry in layout(home).tables["items"]["segments"].items():
        raw = (home / entry["file"]).read_bytes()
        whole = json.loads(raw)
        docs = whole["items"]
        assert {int(k) for k in docs} <= set(by_id) and all(docs[k] == by_id[int(k)] for k in docs)
        expected = {"_facts": {"1": {"items": [packed(project(doc)) for doc in docs.values()]}}, "items": docs}
        assert raw == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode(), (bucket, is_open)
