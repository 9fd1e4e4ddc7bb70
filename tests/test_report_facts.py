"""The report facts (kernel/facts.py) a store keeps at commit: right after every kind of write, rebuilt by
`lianluo reindex`, consistent after `lianluo restore`, and giving every report and score figure the item
documents give.

1. Over random histories of clerk actions (register, approve, assign, accept, return, contact, pause, resume,
   extend, reply, feedback, close, tick) driven through the CLI: the stored facts equal the projection of
   the documents, and `report` (a year and a session) and `score` print the same as when every figure is
   recomputed from the whole documents (`LIANLUO_FACTS=documents`, the slow path kept for this); and
   `ctx.facts.count` (a GROUP BY in SQL on PostgreSQL) gives, for every choice of items, what counting its
   rows one by one gives.
2. `lianluo reindex` rebuilds facts that are missing or damaged; `lianluo restore` leaves facts matching the
   restored documents; a home written before the facts (no facts files) reports right and is fixed by reindex;
   on PostgreSQL, a facts table made before its packed column reports right, unchanged by readers, and gains
   the column at its owner's next write.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from fixtures import TEST_PG, Clerk, isolated_environment, set_up_liwan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianluo.kernel import App, ReportPeriod
from lianluo.kernel.cli.main import cli
from lianluo.kernel.facts import FIELDS, SLOW_ENV, Selection, packed, project, projected, unpacked
from lianluo.kernel.periods import resolve
from lianluo.kernel.store.factory import open_store
from lianluo.kernel.store.segments import segment_bytes

START = dt.date(2026, 1, 5)
KINDS = ("suggestion", "suggestion", "letter", "visit", "complaint")
STEPS = ("approve", "assign", "assign", "accept", "return", "contact", "pause", "resume", "extend", "reply",
         "reply", "feedback", "feedback", "close", "tick")


def _build(home: Path) -> Clerk:
    clerk = set_up_liwan(Clerk(home))
    clerk.run("deputy", "add", "--name", "吴代表", "--level", "municipal")
    return clerk


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("facts-template")
    with isolated_environment(folder / "default-home"):
        return _build(folder / "home").home


class Fresh:
    """A fresh home per example: a copy of the template (on PostgreSQL, one built anew: a copy would share
    the template's schema)."""

    def __init__(self, template: Path, base: Path):
        self.template, self.base, self.count = template, base, 0

    def clerk(self) -> Clerk:
        self.count += 1
        home = self.base / f"home-{self.count}"
        if TEST_PG:
            return _build(home)
        shutil.copytree(self.template, home)
        return Clerk(home)


@pytest.fixture(scope="module")
def fresh(template, tmp_path_factory) -> Fresh:
    return Fresh(template, tmp_path_factory.mktemp("facts-examples"))


def _try(clerk: Clerk, *args: str) -> int:
    """A clerk's command that the workflow may refuse (exit 1 or 2): the history goes on either way."""
    result = clerk.runner.invoke(cli, ["--home", str(clerk.home), *args])
    assert result.exit_code in (0, 1, 2, 3), result.output
    return result.exit_code


def _step(clerk: Clerk, step: str, item: int, day: dt.date, pick: int) -> None:
    on = ("--date", day.isoformat())
    ref = str(item)
    match step:
        case "approve" | "accept" | "close":
            _try(clerk, "item", step, ref, *on)
        case "assign":
            _try(clerk, "item", "assign", ref, "--lead", ("立案庭", "民一庭")[pick % 2], *on)
        case "return":
            _try(clerk, "item", "return", ref, "--reason", "交办不当", *on)
        case "contact":
            _try(clerk, "item", "contact", ref, "--mode", ("meet", "phone", "visit")[pick % 3], "--note", "沟通", *on)
        case "pause":
            _try(clerk, "item", "pause", ref, "--reason", "等待代表补充", *on)
        case "resume":
            _try(clerk, "item", "resume", ref, *on)
        case "extend":
            _try(clerk, "item", "extend", ref, "--to", (day + dt.timedelta(days=30 + pick)).isoformat(),
                 "--reason", "情况复杂", *on)
        case "reply":
            _try(clerk, "item", "reply", ref, "--category", "ABC"[pick % 3], "--text", "已研究办理，详见答复函全文" * (pick % 3), *on)
        case "feedback":
            _try(clerk, "item", "feedback", ref, "--rating", ("satisfied", "basic", "unsatisfied")[pick % 3], *on)
        case "tick":
            _try(clerk, "tick", "--today", day.isoformat())


def _facts_match_documents(home: Path) -> None:
    """The stored facts, as summaries and as the packed rows reports read, equal the documents' projection."""
    with open_store(home).reader() as tx:
        docs = tx.all("items")
        assert tx.facts("items") == [project(d) for d in docs]
        assert tx.facts("items", packed=True) == [packed(project(d)) for d in docs]
        wanted = Selection("2026-02-01", "2026-04-30", frozenset({1}), open=True)
        assert tx.facts("items", wanted) == list(projected(docs, wanted))
        assert tx.facts("items", wanted, packed=True) == [packed(f) for f in projected(docs, wanted)]


def _both_ways(clerk: Clerk, *args: str) -> tuple[str, str]:
    """A command's output from the report facts, then recomputed from the whole documents."""
    fast = clerk.run(*args).stdout
    os.environ[SLOW_ENV] = "documents"
    try:
        slow = clerk.run(*args).stdout
    finally:
        del os.environ[SLOW_ENV]
    return fast, slow


def _figures_agree(clerk: Clerk, today: dt.date) -> None:
    on = ("--today", today.isoformat())
    for period in ("2026", "session:1", "2026-Q1"):
        fast, slow = _both_ways(clerk, "report", "--period", period, "--format", "json", *on)
        assert json.loads(fast) == json.loads(slow), period
    fast, slow = _both_ways(clerk, "score", "--period", "2026", "--json", *on)
    assert json.loads(fast) == json.loads(slow)
    assert json.loads(fast)["rules"][0]["organisation_items"] >= 0


COUNT_BY = ((), ("kind",), ("kind", "status", "lead"), ("session", "open", "channel", "feedback", "primary", "received"))


def _counts_agree(home: Path, today: dt.date) -> None:
    """`ctx.facts.count` — on PostgreSQL a GROUP BY over the facts table — equals counting `ctx.facts.rows`."""
    app = App.open(home)
    with app.store.reader() as tx:
        ctx = app.context(tx, today)
        session = resolve("session:1", ctx.directory.sessions())
        for period in (ReportPeriod.parse("2026"), ReportPeriod.parse("2026-Q1"), session, None):
            for open_items, sessions in ((False, ()), (True, ()), (False, (1,)), (True, (1,))):
                rows = ctx.facts.rows(period, open_items=open_items, sessions=sessions)
                for by in COUNT_BY:
                    for where in ({}, {"kind": ("suggestion", "letter"), "lead": (1, None)}, {"status": ("closed",)}):
                        kept = [r for r in rows if all(r[FIELDS.index(f)] in v for f, v in where.items())]
                        expected: dict[tuple, int] = {}
                        for r in kept:
                            key = tuple(r[FIELDS.index(f)] for f in by)
                            expected[key] = expected.get(key, 0) + 1
                        assert ctx.facts.count(period, by=by, open_items=open_items, sessions=sessions,
                                               where=where) == expected, (period, open_items, sessions, by, where)


history = st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 2), st.integers(0, 12), st.integers(0, 8)),
                   min_size=4, max_size=18)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.tuples(st.sampled_from(KINDS), st.booleans(), st.integers(0, 60)), min_size=1, max_size=3),
       steps=history)
def test_facts_follow_every_write_and_give_the_documents_figures(fresh, kinds, steps):
    clerk = fresh.clerk()
    ids = []
    for n, (kind, at_session, offset) in enumerate(kinds):
        # the session (区人大五次会议) meets 2026-01-06 to 01-09: what is raised at it is received then
        received = dt.date(2026, 1, 6 + offset % 4) if at_session else START + dt.timedelta(days=offset)
        session = ("--session", "1") if at_session else ()
        out = clerk.json("item", "register", "--kind", kind, "--title", f"关于第{n}项工作的建议", "--deputy",
                         str(1 + n % 2), *session, "--date", received.isoformat(), "--force")
        ids.append(out["id"])
    day = START + dt.timedelta(days=60)
    for step, which, gap, pick in steps:
        day += dt.timedelta(days=gap)
        _step(clerk, step, ids[which % len(ids)], day, pick)
    _facts_match_documents(clerk.home)
    _figures_agree(clerk, day + dt.timedelta(days=10))
    _counts_agree(clerk.home, day + dt.timedelta(days=10))


# --- 2. reindex and restore ---------------------------------------------------------------------------------


@pytest.fixture
def worked(liwan) -> Clerk:
    """The liwan home with three matters at different stages."""
    clerk = liwan
    a = clerk.json("item", "register", "--kind", "suggestion", "--title", "甲", "--deputy", "1", "--date", "2026-02-02")["id"]
    b = clerk.json("item", "register", "--kind", "letter", "--title", "乙", "--deputy", "1", "--date", "2026-02-03")["id"]
    clerk.json("item", "register", "--kind", "suggestion", "--title", "丙", "--deputy", "1", "--session", "1",
               "--date", "2026-01-07")
    clerk.run("item", "approve", str(a), "--date", "2026-02-03")
    clerk.run("item", "assign", str(a), "--lead", "立案庭", "--date", "2026-02-04")
    clerk.run("item", "reply", str(a), "--category", "A", "--text", "已解决", "--date", "2026-03-01")
    clerk.run("item", "feedback", str(a), "--rating", "satisfied", "--date", "2026-03-05")
    clerk.run("item", "approve", str(b), "--date", "2026-02-04")
    clerk.run("item", "assign", str(b), "--lead", "民一庭", "--date", "2026-02-04")
    return clerk


def _report(clerk: Clerk) -> dict:
    return json.loads(clerk.run("report", "--period", "2026", "--format", "json", "--today", "2026-06-30").stdout)


def _rewrite_segments(home: Path, change) -> None:
    """The file store's items segments rewritten by hand (a test's damage or an older layout): `change(entry,
    whole)` gets each manifest entry and its segment file parsed (`{"_facts": …, "items": …}`), changes them
    and returns the bytes to write in its place; the manifest is written back with the entries changed."""
    manifest = home / "lianluo.json"
    doc = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in doc["_layout"]["1"]["tables"]["items"]["segments"]:
        path = home / entry["file"]
        path.write_bytes(change(entry, json.loads(path.read_bytes())))
    manifest.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _in_separate_files(home: Path, as_objects: bool = False) -> None:
    """Turn a file home into the layout before the facts moved into the segments: each segment's facts in a
    file of their own beside it (packed rows, or with `as_objects` as the first facts files had them)."""
    def change(entry: dict, whole: dict) -> bytes:
        rows = whole.pop("_facts")["1"]["items"]
        name = entry["file"].replace(".", "-facts.", 1)
        kept = {str(row[0]): unpacked(row) for row in rows} if as_objects else rows
        (home / name).write_text(json.dumps({"items": kept}, ensure_ascii=False), encoding="utf-8")
        entry["facts"] = name
        del entry["fb"]
        return json.dumps(whole, ensure_ascii=False).encode()
    _rewrite_segments(home, change)


def _facts_homes(home: Path) -> tuple[int, int]:
    """(segments with their facts inside, with facts files of their own) of a file home's manifest."""
    doc = json.loads((home / "lianluo.json").read_text(encoding="utf-8"))
    entries = doc["_layout"]["1"]["tables"]["items"]["segments"]
    return sum("fb" in e for e in entries), sum("facts" in e for e in entries)


def test_reindex_rebuilds_facts_lost_or_damaged(worked):
    before = _report(worked)
    store = open_store(worked.home)
    if TEST_PG:
        with store.transaction() as tx:
            with tx.conn.cursor() as cur:
                cur.execute(f'UPDATE "{store.schema}".facts SET fact = fact || \'{{"status": "closed"}}\'')
    else:
        def damage(entry: dict, whole: dict) -> bytes:
            rows = [packed({**unpacked(row), "status": "closed"}) for row in whole["_facts"]["1"]["items"]]
            blob, entry["fb"], _ = segment_bytes("items", whole["items"], rows)
            return blob
        _rewrite_segments(worked.home, damage)
    assert _report(worked) != before  # the damage shows: reports read the facts, not the documents
    out = worked.json("reindex")
    assert out == {"items": 3}
    assert "已重建报告汇总：3 件事项" in worked.run("reindex").stdout
    _facts_match_documents(worked.home)
    assert _report(worked) == before


def test_restore_leaves_facts_matching_the_restored_documents(worked):
    backup = worked.json("backup")["backup"]
    before = _report(worked)
    worked.run("item", "close", "1", "--date", "2026-03-10")
    worked.run("item", "reply", "2", "--category", "B", "--text", "正在办理", "--date", "2026-03-11")
    assert _report(worked) != before
    worked.run("restore", backup)
    _facts_match_documents(worked.home)
    assert _report(worked) == before


@pytest.mark.skipif(bool(TEST_PG), reason="a home written before the facts is a TinyDB layout")
def test_a_home_without_facts_reports_right_and_reindex_adds_them(worked):
    before = _report(worked)

    def strip(entry: dict, whole: dict) -> bytes:
        for key in ("fb", "fv", "lo", "hi", "ss", "op"):
            entry.pop(key)
        return json.dumps({"items": whole["items"]}, ensure_ascii=False).encode()
    _rewrite_segments(worked.home, strip)
    assert _facts_homes(worked.home) == (0, 0)
    assert _report(worked) == before  # projected from the documents meanwhile
    worked.run("reindex")
    assert _facts_homes(worked.home)[0] > 0
    _facts_match_documents(worked.home)
    assert _report(worked) == before


@pytest.mark.skipif(not TEST_PG, reason="the facts table's columns are PostgreSQL's")
def test_a_facts_table_made_before_its_packed_rows_reads_right_and_gains_them_at_a_write(worked):
    """A PostgreSQL home whose facts table predates the packed rows (each summary as jsonb only): reads send
    the summaries as objects and never change the table; its owner's next write of an item adds the column,
    filled by the server from the jsonb in that transaction; `lianluo reindex` keeps only this version's."""
    from lianluo.kernel.store.pg_store import PACKED

    before = _report(worked)
    store = open_store(worked.home)
    table = f'"{store.schema}".facts'

    def packed_columns() -> set[str]:
        with store.reader() as tx, tx.conn.cursor() as cur:
            cur.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attname LIKE 'packed%%' "
                        "AND NOT attisdropped", (table,))
            return {name for (name,) in cur.fetchall()}

    with store.transaction() as tx, tx.conn.cursor() as cur:
        cur.execute(f"ALTER TABLE {table} DROP COLUMN {PACKED}")
        cur.execute(f"ALTER TABLE {table} ADD COLUMN packed_v0 text")  # another version's order: never read
    assert packed_columns() == {"packed_v0"}
    assert _report(worked) == before
    _facts_match_documents(worked.home)
    assert worked.json("item", "show", "2")["id"] == 2
    assert packed_columns() == {"packed_v0"}  # readers asked nothing of the table's layout but its catalogue
    with store.reader() as tx, tx.conn.cursor() as cur:  # a reader holding the table: the write goes on without
        cur.execute(f"SELECT count(*) FROM {table}")
        worked.run("item", "contact", "1", "--mode", "meet", "--note", "座谈", "--date", "2026-03-06")
    assert packed_columns() == {"packed_v0"}
    worked.run("item", "contact", "2", "--mode", "phone", "--note", "电话沟通", "--date", "2026-03-06")
    assert packed_columns() == {"packed_v0", PACKED}
    _facts_match_documents(worked.home)  # every row's packed text, filled from the jsonb, and the one just written
    fast, slow = _both_ways(worked, "report", "--period", "2026", "--format", "json", "--today", "2026-06-30")
    assert json.loads(fast) == json.loads(slow)
    assert worked.json("reindex") == {"items": 3}
    assert packed_columns() == {PACKED}
    _facts_match_documents(worked.home)


@pytest.mark.skipif(bool(TEST_PG), reason="the facts files are the file store's")
@pytest.mark.parametrize("as_objects", [False, True], ids=["packed-rows", "objects"])
def test_a_home_with_facts_files_of_their_own_reads_and_moves_them_into_the_segments(worked, as_objects):
    """A home written before the facts moved into the segment files (a facts file beside each segment; the
    first ones as objects) reports the same; a write moves the facts of the segment it rewrites in, and
    `lianluo reindex` all the others; the old files go."""
    before = _report(worked)
    segments = _facts_homes(worked.home)[0]
    _in_separate_files(worked.home, as_objects)
    assert _facts_homes(worked.home) == (0, segments)
    assert _report(worked) == before
    _facts_match_documents(worked.home)
    worked.run("item", "contact", "2", "--mode", "phone", "--note", "电话沟通", "--date", "2026-03-06")
    inside, apart = _facts_homes(worked.home)
    assert inside >= 1 and inside + apart == segments and apart >= 1
    _facts_match_documents(worked.home)
    assert worked.run("reindex").exit_code == 0
    assert _facts_homes(worked.home) == (segments, 0)
    _facts_match_documents(worked.home)
    assert _report(worked) == before
    worked.run("deputy", "add", "--name", "郑代表", "--level", "municipal")  # the backup no longer names them
    assert not list((worked.home / "data" / "items").glob("*-facts.*.json"))


def test_reindex_on_a_home_not_initialised_is_refused(tmp_path):
    clerk = Clerk(tmp_path / "none")
    line = clerk.fails("reindex", code=1)
    assert "尚未初始化" in line and "lianluo init" in line
