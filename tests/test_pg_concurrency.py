"""PostgreSQL under many writers: clerks and the tick at once lose no update and hand out no id twice."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from fixtures import unfold

from lianluo.kernel.store.factory import open_store

WORKERS = 8
PER_WORKER = 50

# Each worker is its own process, registering items one command at a time, the way clerks at eight desks would.
CLERK_SCRIPT = textwrap.dedent("""
    import sys
    from click.testing import CliRunner
    from lianluo.kernel.cli.main import cli

    home, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    runner = CliRunner()
    for n in range(count):
        result = runner.invoke(cli, ["--home", home, "--as", who, "item", "register", "--kind", "suggestion",
                                     "--title", f"{who}的第{n}件建议", "--deputy", "1", "--date", "2026-01-12"])
        if result.exit_code != 0:
            sys.exit(f"{who} #{n}: {result.output}")
""")

COUNTER_SCRIPT = textwrap.dedent("""
    import sys
    from lianluo.kernel.store.factory import open_store

    store = open_store(sys.argv[1])
    for _ in range(int(sys.argv[2])):
        with store.transaction() as tx:
            doc = tx.get("tally", 1)
            tx.put("tally", {**doc, "n": doc["n"] + 1})
""")


def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"a worker failed: {out}{err}"


def test_eight_clerks_and_a_tick_lose_nothing(pg_url, liwan):
    """8 processes × 50 registrations while the tick runs over the earlier items: every item is there once,
    ids run 1..N without a gap or a repeat, the counter agrees, and the tick's own writes survive."""
    for n in range(1, 21):  # work for the tick: assigned in January, overdue by the end of June
        liwan.run("item", "register", "--kind", "suggestion", "--title", f"早先的建议{n}", "--deputy", "1",
                  "--date", "2026-01-08")
        liwan.run("item", "approve", str(n), "--date", "2026-01-08")
        liwan.run("item", "assign", str(n), "--lead", "立案庭", "--date", "2026-01-12")
    home = str(liwan.home)
    procs = [_spawn("-c", CLERK_SCRIPT, home, f"书记员{w}", str(PER_WORKER)) for w in range(WORKERS)]
    procs.append(subprocess.Popen([str(Path(sys.executable).with_name("lianluo")), "--home", home, "tick",
                                   "--today", "2026-06-30"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    _finish(procs)

    items = liwan.json("item", "list")
    ids = sorted(i["id"] for i in items)
    total = 20 + WORKERS * PER_WORKER
    assert ids == list(range(1, total + 1))
    titles = {i["title"] for i in items}
    assert all(f"书记员{w}的第{n}件建议" in titles for w in range(WORKERS) for n in range(PER_WORKER))
    with open_store(liwan.home).reader() as tx:
        assert tx.meta["counters"]["items"] == total
        assert tx.meta["last_tick"] == "2026-06-30"
    notices = unfold(liwan.json("notices"))  # a digest stands for the points it carries
    assert {n["item"] for n in notices} >= set(range(1, 21)), "the tick's notices for the early items were lost"
    for n in range(1, 21):  # the tick rewrote these items; the clerks' earlier actions are still in them
        assert [e["action"] for e in liwan.json("item", "show", str(n))["events"]][:3] == ["register", "approve", "assign"]


def test_concurrent_read_modify_write_loses_no_update(pg_url, clerk):
    """Four processes each add 100 to one document through the store's transactions: the total is 400."""
    clerk.run("init", "--profile", "liwan-court")
    store = open_store(clerk.home)
    with store.transaction() as tx:
        tx.put("tally", {"id": 1, "n": 0})
    _finish([_spawn("-c", COUNTER_SCRIPT, str(clerk.home), "100") for _ in range(4)])
    with store.reader() as tx:
        assert tx.get("tally", 1)["n"] == 400


def test_a_writer_that_waits_too_long_is_told_in_chinese(pg_url, liwan, monkeypatch):
    """While another process holds the home for writing, a clerk's command waits, then gives up plainly."""
    monkeypatch.setenv("LIANLUO_LOCK_TIMEOUT", "1")
    before = liwan.data_bytes()
    with open_store(liwan.home).transaction():
        line = liwan.fails("deputy", "add", "--name", "王代表", "--level", "district", code=1)
    assert "正被另一个 lianluo 进程写入" in line and "等待 1 秒" in line
    assert liwan.data_bytes() == before
    assert liwan.json("deputy", "list")  # readers never waited and the home still works
