"""The store's durability guarantees (issue: "A test kills a writing process at random moments (≥ 100 times)
and the store always loads with every acknowledged record"): kills mid-write, refusal of broken data files,
atomic commit with a backup, concurrent writers, a busy lock, and ids that are never reused.

The home is a manifest (lianluo.json) naming segment and index files under data/ (kernel/store/segments.py):
every guarantee is checked on the manifest and on the files it names. Run `pytest -s tests/test_store_durability.py` to see the kill test's summary line; `-m slow` runs the
1000-kill variant.
"""

from __future__ import annotations

import json
import os
import random
import select
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import filelock
import pytest

from lianluo.kernel.context import App
from lianluo.kernel.facts import project
from lianluo.kernel.store import segments, tinydb_files
from lianluo.kernel.store.segments import read_manifest, scan
from lianluo.kernel.store.tinydb_store import TinyStore, _load

DATA = "lianluo.json"
BACKUP = "lianluo.json.bak"
TEMP_GLOB = ".lianluo.json.*.tmp"
LIANLUO = shutil.which("lianluo", path=os.path.dirname(sys.executable))


def env_for(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "LIANLUO_HOME": str(home), "LIANLUO_USER": "测试书记员", **extra}


def lianluo(home: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    """Run the installed console script the way a clerk types it."""
    assert LIANLUO, "console script lianluo not found next to the test interpreter"
    return subprocess.run([LIANLUO, *args], env=env_for(home, **extra_env), capture_output=True, text=True,
                          timeout=120)


def lianluo_ok(home: Path, *args: str) -> str:
    done = lianluo(home, *args)
    assert done.returncode == 0, f"lianluo {' '.join(args)} exited {done.returncode}: {done.stderr}"
    return done.stdout


def make_home(path: Path) -> Path:
    lianluo_ok(path, "init", "--profile", "liwan-court", "--org", "示例区人民法院")
    lianluo_ok(path, "deputy", "add", "--name", "陈代表", "--level", "district")
    return path


def stale_temps(home: Path) -> list[Path]:
    """Temp files, and segment or index files that neither the manifest nor its backup names."""
    layout = read_manifest(home / DATA, home / BACKUP)[1]
    named = layout.files() | set(layout.kept)
    return sorted([*home.glob(TEMP_GLOB), *(home / name for name in scan(home) if name not in named)])


def item_ids_on_disk(home: Path) -> list[int]:
    """The items table's keys as written in the segment files the manifest names, duplicates included
    (json.loads would hide them)."""
    layout = read_manifest(home / DATA, home / BACKUP)[1]
    keys = []
    for entry in layout.tables.get("items", {"segments": {}})["segments"].values():
        tables = json.loads((home / entry["file"]).read_bytes(), object_pairs_hook=lambda pairs: pairs)
        items = dict(tables)["items"]
        keys += [int(key) for key, _ in items]
        for key, doc in items:
            assert dict(doc)["id"] == int(key), f"item stored under key {key} carries id {dict(doc)['id']}"
    return keys


# --- 1. kills -------------------------------------------------------------------------------------------

DRIVER = textwrap.dedent(
    """
    import datetime, sys
    from lianluo.kernel.context import App
    from lianluo.kernel.desk import Desk

    home = sys.stdin.readline().strip()  # started ahead of time; the test says when, and where, to write
    app = App.open(home)
    day = datetime.date(2026, 3, 2)
    while True:
        with app.store.transaction() as tx:
            item = Desk(app, tx).register("suggestion", "关于优化诉讼服务的建议", ["1"], day)
        # the `with` block has committed: only now is the record acknowledged
        sys.stdout.write(f"{item.id}\\n")
        sys.stdout.flush()
    """
)


def _spawn_writer(driver: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(driver)], env=os.environ.copy(), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def kill_cycles(tmp_path: Path, cycles: int, seed: int, per_home: int = 100) -> dict[str, int]:
    """Start a writer, SIGKILL it 0–80 ms after its first acknowledgement, check the home; `cycles` times.

    The next writer is started (interpreter and imports) while the current one runs, and told to begin only
    once the current one is dead and its home checked, so the kill cycles do not wait on Python's start-up."""
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    rng = random.Random(seed)
    figures = {"kills": 0, "acknowledged": 0, "lost": 0, "mid_write": 0, "committed_unacked": 0, "homes": 0}
    home: Path | None = None
    acked_in_home: set[int] = set()
    unacked_in_home = 0
    upcoming = _spawn_writer(driver)
    try:
        for cycle in range(cycles):
            if cycle % per_home == 0:  # a fresh home now and then keeps the file (and each rewrite) small
                figures["homes"] += 1
                home = make_home(tmp_path / f"home-{figures['homes']}")
                acked_in_home, unacked_in_home = set(), 0
            assert home is not None
            delay = rng.uniform(0.0, 0.080)
            proc, upcoming = upcoming, None
            first = b""
            try:
                proc.stdin.write(f"{home}\n".encode())
                proc.stdin.flush()
                if cycle < cycles - 1:
                    upcoming = _spawn_writer(driver)
                ready, _, _ = select.select([proc.stdout], [], [], 60)
                assert ready, f"cycle {cycle}: the writer acknowledged nothing within 60 s"
                first = proc.stdout.readline()
                if first:
                    time.sleep(delay)
            finally:
                _kill(proc)
            rest, err = proc.stdout.read(), proc.stderr.read()
            assert proc.returncode == -signal.SIGKILL, (
                f"cycle {cycle}: the writer ended by itself (exit {proc.returncode}): {err.decode(errors='replace')}")
            text = (first + rest).decode()
            # a line without its newline was never fully printed, so it was never acknowledged
            acked = [int(line) for line in text.split("\n")[:-1]]
            assert acked, f"cycle {cycle}: no acknowledged record"
            repeated = acked_in_home.intersection(acked)
            assert not repeated and len(set(acked)) == len(acked), f"cycle {cycle}: id acknowledged twice: {repeated}"
            acked_in_home.update(acked)
            figures["kills"] += 1
            figures["acknowledged"] += len(acked)
            figures["mid_write"] += bool(stale_temps(home))

            # the data file loads, through the same path every command takes
            app = App.open(home)
            with app.store.reader() as tx:
                docs = tx.all("items")
                ids = [doc["id"] for doc in docs]
                counter = tx.meta["counters"]["items"]
                # the report facts (in the segment file, the rows of untouched items carried over) agree
                assert tx.facts("items") == [project(doc) for doc in docs], f"cycle {cycle}: facts disagree"
            lost = acked_in_home - set(ids)
            figures["lost"] += len(lost)
            assert not lost, f"cycle {cycle} (delay {delay * 1000:.1f} ms): acknowledged items lost: {sorted(lost)}"
            on_disk = item_ids_on_disk(home)
            assert len(on_disk) == len(set(on_disk)) == len(ids), f"cycle {cycle}: duplicate item ids on disk"
            assert counter >= max(ids), f"cycle {cycle}: id counter {counter} is behind the highest id {max(ids)}"
            unacked_in_home = len(ids) - len(acked_in_home)  # committed, but killed before the print
            # the backup is a complete committed state too: the one the refusal messages point to
            backup_ids = {int(k) for k in _load(home / BACKUP).get("items", {})}
            assert backup_ids <= set(ids) and len(ids) - len(backup_ids) <= 1, f"cycle {cycle}: backup is off"

            # the next transaction sweeps away whatever temp file the killed writer left
            with app.store.transaction():
                pass
            assert stale_temps(home) == [], f"cycle {cycle}: temp files survive the next transaction"
            if cycle % per_home == per_home - 1 or cycle == cycles - 1:
                figures["committed_unacked"] += unacked_in_home
    finally:
        if upcoming is not None:
            _kill(upcoming)
    return figures


def _report(figures: dict[str, int], seed: int) -> None:
    print(f"\ndurability: {figures['kills']} kills, {figures['acknowledged']} acknowledged, {figures['lost']} lost "
          f"(seed {seed}; {figures['mid_write']} kills left a temp or unnamed segment file mid-write; "
          f"{figures['committed_unacked']} committed but killed before the acknowledgement; "
          f"{figures['homes']} home(s))")


def test_kill_at_random_moments_loses_no_acknowledged_record(tmp_path):
    """SIGKILLing a writer at 100 random moments never leaves an unloadable file or loses an acknowledged record."""
    seed = 20260302
    figures = kill_cycles(tmp_path, cycles=100, seed=seed)
    _report(figures, seed)
    assert figures["kills"] >= 100 and figures["lost"] == 0


@pytest.mark.slow
def test_kill_at_random_moments_1000_times(tmp_path):
    """The same guarantee over 1000 kills (run with -m slow)."""
    seed = 1000
    figures = kill_cycles(tmp_path, cycles=1000, seed=seed)
    _report(figures, seed)
    assert figures["kills"] == 1000 and figures["lost"] == 0


# --- 2. refusals ----------------------------------------------------------------------------------------

def _truncated(good: bytes) -> bytes:
    return good[: len(good) // 2]


def _truncated_mid_character(good: bytes) -> bytes:
    start = next(n for n, byte in enumerate(good) if byte >= 0x80)  # cut inside the first Chinese character
    return good[: start + 1]


def _segment_named_outside(good: bytes) -> bytes:
    data = json.loads(good)
    segment = next(iter(data["_layout"]["1"]["tables"].values()))["segments"][0]
    segment["file"] = "../outside.json"
    return json.dumps(data, ensure_ascii=False).encode()


BROKEN = {
    "empty": lambda good: b"",
    "whitespace-only": lambda good: b"\n   \n",
    "truncated": _truncated,
    "truncated-mid-character": _truncated_mid_character,
    "garbage": lambda good: b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(512),
    "foreign-json": lambda good: b'{"_default": {}}',
    "foreign-json-list": lambda good: b"[1, 2, 3]",
    "newer-schema": lambda good: json.dumps(
        {**json.loads(good), "_meta": {"1": {**json.loads(good)["_meta"]["1"], "schema": 99}}},
        ensure_ascii=False).encode(),
    "schema-not-an-integer": lambda good: json.dumps(
        {**json.loads(good), "_meta": {"1": {**json.loads(good)["_meta"]["1"], "schema": "1"}}}).encode(),
    "segment-named-outside-the-home": _segment_named_outside,
}


def _segment_file(home: Path, table: str) -> Path:
    """The first segment file of `table` the manifest names."""
    return home / read_manifest(home / DATA, home / BACKUP)[1].tables[table]["segments"][(0, False)]["file"]


def _renumbered(good: bytes) -> bytes:
    data = json.loads(good)
    (table, docs), = data.items()
    docs["1001"] = docs.pop("1")
    return json.dumps(data, ensure_ascii=False).encode()


def _one_dropped(good: bytes) -> bytes:
    data = json.loads(good)
    (table, docs), = data.items()
    docs.pop("1")
    return json.dumps(data, ensure_ascii=False).encode()


# a segment file: the same damage as the manifest's (its meta checks aside), a segment of another table,
# documents missing or outside the segment's id range, and the file gone altogether
SEGMENT_BROKEN = {
    **{case: damage for case, damage in BROKEN.items()
       if case not in ("newer-schema", "schema-not-an-integer", "segment-named-outside-the-home")},
    "another-table": lambda good: good.replace(b'{"deputies":', b'{"items":', 1),
    "a-document-missing": _one_dropped,
    "id-out-of-range": _renumbered,
    "file-missing": None,
}


def _break(clerk, case: str) -> tuple[bytes, bytes]:
    """Replace the data file with a broken one; returns (broken data bytes, backup bytes)."""
    path = clerk.home / DATA
    path.write_bytes(BROKEN[case](path.read_bytes()))
    return clerk.data_bytes(), (clerk.home / BACKUP).read_bytes()


def _assert_refusal_line(line: str, home: Path, path: Path | None = None) -> None:
    assert str(path or home / DATA) in line, f"refusal does not name the data file: {line}"
    assert str(home / BACKUP) in line, f"refusal does not name the backup: {line}"


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_data_file_is_refused_on_read_and_left_untouched(liwan, case):
    """A read on an empty, truncated, garbage, foreign or newer data file exits 1 with one line naming the file
    and its backup, and changes no byte."""
    broken, backup = _break(liwan, case)
    line = liwan.fails("item", "list", code=1)
    _assert_refusal_line(line, liwan.home)
    assert liwan.data_bytes() == broken
    assert (liwan.home / BACKUP).read_bytes() == backup


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_data_file_is_refused_on_write_and_left_untouched(liwan, case):
    """A write on a broken data file is refused with one line naming the file and its backup, and changes no byte."""
    broken, backup = _break(liwan, case)
    line = liwan.fails("dept", "add", "刑庭", "--head", "a", "--leader", "b", code=1)
    _assert_refusal_line(line, liwan.home)
    assert liwan.data_bytes() == broken
    assert (liwan.home / BACKUP).read_bytes() == backup


@pytest.mark.parametrize("case", list(SEGMENT_BROKEN))
def test_broken_segment_file_is_refused_on_read_and_write_and_left_untouched(liwan, case):
    """A damaged or missing segment file is refused like a damaged manifest: exit 1, one line naming the
    segment and the backup, no byte changed; a command that does not need it still works."""
    path = _segment_file(liwan.home, "deputies")
    damage = SEGMENT_BROKEN[case]
    if damage is None:
        path.unlink()
    else:
        path.write_bytes(damage(path.read_bytes()))
    broken, backup = liwan.data_bytes(), (liwan.home / BACKUP).read_bytes()
    for command in (("deputy", "list"), ("deputy", "add", "--name", "新代表", "--level", "district")):
        _assert_refusal_line(liwan.fails(*command, code=1), liwan.home, path)
    assert liwan.data_bytes() == broken
    assert (liwan.home / BACKUP).read_bytes() == backup
    assert [d["name"] for d in liwan.json("dept", "list")] == ["立案庭", "民一庭"]


def test_refusal_through_the_console_script_is_one_line_without_traceback(liwan):
    """Through the real console script, a truncated file gives exit 1, one stderr line, empty stdout, no traceback."""
    broken, _ = _break(liwan, "truncated")
    done = lianluo(liwan.home, "item", "list")
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    _assert_refusal_line(lines[0], liwan.home)
    assert liwan.data_bytes() == broken


@pytest.mark.parametrize("meta", [None, [], "lianluo"])
def test_meta_that_is_not_an_object_is_refused_naming_the_file(liwan, meta):
    """A JSON object whose `_meta` is not an object is refused like any foreign file, naming file and backup."""
    path = liwan.home / DATA
    path.write_bytes(json.dumps({"_meta": meta}).encode())
    broken = liwan.data_bytes()
    _assert_refusal_line(liwan.fails("item", "list", code=1), liwan.home)
    assert liwan.data_bytes() == broken


def test_lianluo_file_with_a_malformed_table_is_refused(liwan):
    """A lianluo data file whose items table is not an object is refused on read and write, and left untouched."""
    path = liwan.home / DATA
    doc = json.loads(path.read_bytes())
    doc["items"] = []
    path.write_bytes(json.dumps(doc, ensure_ascii=False).encode())
    broken = liwan.data_bytes()
    _assert_refusal_line(liwan.fails("item", "list", code=1), liwan.home)
    _assert_refusal_line(liwan.fails("dept", "add", "刑庭", "--head", "a", "--leader", "b", code=1), liwan.home)
    assert liwan.data_bytes() == broken


def test_the_restore_command_the_refusal_names_brings_back_the_backup(liwan):
    """The `lianluo restore` every refusal recommends puts the backup back and keeps the broken file aside."""
    backup = _load(liwan.home / BACKUP)
    broken = BROKEN["truncated"]((liwan.home / DATA).read_bytes())
    (liwan.home / DATA).write_bytes(broken)
    assert "lianluo restore" in liwan.fails("item", "list", code=1)
    liwan.run("restore")
    assert TinyStore(liwan.home).dump() == backup
    assert [d["name"] for d in liwan.json("dept", "list")] == ["立案庭", "民一庭"]
    kept = sorted(liwan.home.glob("lianluo.json.replaced-*"))
    assert [p.read_bytes() for p in kept] == [broken]


def test_restore_that_fails_to_write_leaves_the_data_file_in_place(liwan, monkeypatch):
    """A restore whose manifest write fails (here: disk full, after the new segments were written) leaves the
    current data where they were; the next transaction sweeps the unused segments away."""
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    before = liwan.data_bytes()
    monkeypatch.setattr(tinydb_files, "atomic_write", disk_full)  # the manifest's storage
    with pytest.raises(OSError):
        TinyStore(liwan.home).restore_from(liwan.home / BACKUP, liwan.home / "lianluo.json.replaced-test")
    monkeypatch.undo()
    assert (liwan.home / DATA).exists(), "the data file is gone: the home now reads as not initialised"
    assert stale_temps(liwan.home), "the restore wrote its segments before the manifest"
    with TinyStore(liwan.home).transaction():
        pass
    assert stale_temps(liwan.home) == []
    assert liwan.data_bytes() == before


# --- 3. atomic commit -----------------------------------------------------------------------------------

def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_commit_keeps_the_previous_state_as_backup_with_private_modes(liwan):
    """After a write, lianluo.json.bak is exactly the previous committed manifest, and the files it names are
    still there; manifest, backup and every segment are 0600, the home and its folders 0700."""
    before = (liwan.home / DATA).read_bytes()
    assert len(json.loads(liwan.data_bytes())["departments"]) == 2
    liwan.run("dept", "add", "刑庭", "--head", "孙庭长", "--leader", "王副院长")
    backup = (liwan.home / BACKUP).read_bytes()
    assert backup == before
    assert len(_load(liwan.home / BACKUP)["departments"]) == 2
    assert len(_load(liwan.home / DATA)["departments"]) == 3
    assert _mode(liwan.home / DATA) == 0o600
    assert _mode(liwan.home / BACKUP) == 0o600
    assert _mode(liwan.home) == 0o700
    for path in (liwan.home / "data").rglob("*"):
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert stale_temps(liwan.home) == []


def test_refused_write_changes_neither_data_nor_backup(liwan):
    """A write refused after the transaction opened (a duplicate department) leaves data and backup byte for byte."""
    data, backup = liwan.data_bytes(), (liwan.home / BACKUP).read_bytes()
    liwan.fails("dept", "add", "立案庭", "--head", "x", "--leader", "y", code=2)
    assert liwan.data_bytes() == data
    assert (liwan.home / BACKUP).read_bytes() == backup


def test_stale_temp_file_is_removed_and_never_read(liwan):
    """A temp file a killed writer left behind is deleted by the next transaction and never taken for data."""
    stale = liwan.home / ".lianluo.json.killed1.tmp"
    stale.write_bytes(b'{"_meta": {"1": {"app": "lianluo", "schema": 1}}, "departments": {}}')
    orphan = liwan.home / "data" / "departments" / "1.999.json"  # a segment written, its manifest never
    orphan.write_bytes(b'{"departments": {}}')
    assert len(liwan.json("dept", "list")) == 2
    liwan.run("dept", "add", "刑庭", "--head", "孙庭长", "--leader", "王副院长")
    assert stale_temps(liwan.home) == []
    assert [d["name"] for d in liwan.json("dept", "list")] == ["立案庭", "民一庭", "刑庭"]


# --- 4. concurrency -------------------------------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import json, subprocess, sys
    lianluo, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for n in range(count):
        done = subprocess.run([lianluo, "deputy", "add", "--name", f"代表{worker}-{n}", "--level", "district",
                               "--json"], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"worker {worker} add {n}: exit {done.returncode}: {done.stderr}")
        print(json.loads(done.stdout)["id"], flush=True)
    """
)


def test_four_concurrent_writers_lose_nothing_and_share_no_id(tmp_path):
    """4 processes × 25 `deputy add` in parallel on one home give exactly 100 deputies with ids 1..100."""
    home = tmp_path / "home"
    lianluo_ok(home, "init", "--profile", "liwan-court", "--org", "示例区人民法院")
    worker = tmp_path / "worker.py"
    worker.write_text(WORKER, encoding="utf-8")
    env = env_for(home, LIANLUO_LOCK_TIMEOUT="60")
    procs = [subprocess.Popen([sys.executable, str(worker), LIANLUO, str(n), "25"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(4)]
    reported: list[int] = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        reported += [int(line) for line in out.split()]
    assert sorted(reported) == list(range(1, 101))
    deputies = json.loads(lianluo_ok(home, "deputy", "list", "--json"))
    assert sorted(d["id"] for d in deputies) == list(range(1, 101))
    assert len({d["name"] for d in deputies}) == 100
    assert item_ids_on_disk(home) == []  # no stray items, and the file parses without duplicate keys
    assert stale_temps(home) == []


# --- 5. busy --------------------------------------------------------------------------------------------

def test_busy_home_is_refused_in_one_chinese_line_and_left_untouched(liwan):
    """While another process holds the lock, a write waits LIANLUO_LOCK_TIMEOUT, then exits 1 with one line."""
    before = liwan.data_bytes()
    lock = filelock.FileLock(str(liwan.home / ".lianluo.lock"))
    lock.acquire()
    try:
        started = time.monotonic()
        done = lianluo(liwan.home, "dept", "add", "刑庭", "--head", "a", "--leader", "b",
                       LIANLUO_LOCK_TIMEOUT="0.2")
        waited = time.monotonic() - started
    finally:
        lock.release()
    assert done.returncode == 1, done
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "正被另一个 lianluo 进程使用" in lines[0], done.stderr
    assert str(liwan.home) in lines[0]
    assert waited < 10
    assert liwan.data_bytes() == before
    # once the lock is free the same command goes through
    lianluo_ok(liwan.home, "dept", "add", "刑庭", "--head", "a", "--leader", "b")
    assert len(liwan.json("dept", "list")) == 3


# --- 6. ids ---------------------------------------------------------------------------------------------

def test_ids_increase_across_transactions_and_are_never_reused(tmp_path):
    """TinyStore's next_id hands out increasing ids across transactions and store instances, even after a delete
    or an aborted transaction."""
    home = tmp_path / "home"
    TinyStore(home).create({})
    ids = []
    for n in range(3):
        with TinyStore(home).transaction() as tx:
            ids.append(tx.insert("things", {"n": n}))
    assert ids == [1, 2, 3]

    without = TinyStore(home).dump()  # delete the newest (by restoring a backup without it): its id must not come back
    del without["things"]["3"]
    (tmp_path / "without-3.json").write_bytes(TinyStore._encode(without))
    TinyStore(home).restore_from(tmp_path / "without-3.json", tmp_path / "replaced.json")
    with TinyStore(home).transaction() as tx:
        assert tx.get("things", 3) is None
        assert tx.insert("things", {"n": 3}) == 4

    before = TinyStore(home).fingerprint()
    with pytest.raises(RuntimeError):
        with TinyStore(home).transaction() as tx:
            assert tx.insert("things", {"n": "aborted"}) == 5
            raise RuntimeError("abort before commit")
    assert TinyStore(home).fingerprint() == before  # nothing of the aborted transaction was written

    store = TinyStore(home)
    with store.transaction() as tx:
        assert tx.next_id("others") == 1  # counters are per table
        assert tx.insert("things", {"n": 5}) == 5
    with store.reader() as tx:
        assert [d["id"] for d in tx.all("things")] == [1, 2, 4, 5]
        assert tx.meta["counters"] == {"things": 5, "others": 1}


def test_deputy_ids_increase_across_separate_commands(liwan):
    """Each `deputy add` in its own command gets the next id, after the fixture's two."""
    got = [liwan.json("deputy", "add", "--name", f"新代表{n}", "--level", "district")["id"] for n in range(3)]
    assert got == [3, 4, 5]


@pytest.mark.parametrize("value", ["abc", "-1", "inf"])
def test_a_bad_lock_timeout_is_one_line_naming_the_variable_and_writes_nothing(liwan, monkeypatch, value):
    """LIANLUO_LOCK_TIMEOUT is read in one place for the file store, PostgreSQL and delivery."""
    before = liwan.data_bytes()
    monkeypatch.setenv("LIANLUO_LOCK_TIMEOUT", value)
    assert liwan.fails("deputy", "add", "--name", "赵某", "--level", "district").startswith(
        "错误：LIANLUO_LOCK_TIMEOUT：应为非负秒数")
    monkeypatch.delenv("LIANLUO_LOCK_TIMEOUT")
    assert liwan.data_bytes() == before
