"""Guarantee 3: several processes registering and ticking on one home at once.

Each worker process imports lianluo once and drives the real click command tree through CliRunner, so the
start-up cost is paid per process, not per operation; every operation still opens the home, takes the lock
and commits exactly as a clerk's command does."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
from pathlib import Path

BUSY = "正被另一个 lianluo 进程"  # …使用 (the file lock) or …写入 (PostgreSQL's row lock), then 请稍后重试
TODAY = "2026-03-10"


def _worker(home: str, worker: int, ops: int, seed: int, env: dict[str, str]) -> list[dict]:
    """Run `ops` operations (about two registers to one tick); one result per operation."""
    os.environ.update(env)
    from click.testing import CliRunner

    from lianluo.kernel.cli.main import cli

    runner = CliRunner()
    rng = random.Random(seed * 1000 + worker)
    results = []
    for n in range(ops):
        if rng.random() < 0.67:
            op, title = "register", f"并发建议-{worker}-{n}"
            args = ["item", "register", "--kind", "suggestion", "--title", title, "--deputy", "1",
                    "--channel", "interim", "--date", "2026-03-02", "--json"]
        else:
            op, title = "tick", None
            args = ["tick", "--today", TODAY, "--json"]
        done = runner.invoke(cli, ["--home", home, *args])
        results.append({"op": op, "title": title, "exit": done.exit_code, "stdout": done.stdout,
                        "stderr": done.stderr, "exception": repr(done.exception)
                        if done.exception and not isinstance(done.exception, SystemExit) else None})
    return results


def run_writers(home: Path, processes: int, ops: int, seed: int = 3, lock_timeout: str = "60") -> dict:
    """Start `processes` workers at once on `home` (already initialised with deputy 1) and collect every
    operation's result; returns figures and the raw results for the caller's checks."""
    env = {"LIANLUO_LOCK_TIMEOUT": lock_timeout, "LIANLUO_TODAY": TODAY,
           "LIANLUO_USER": os.environ.get("LIANLUO_USER", "并发测试")}
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes) as pool:
        per_worker = pool.starmap(_worker, [(str(home), w, ops, seed, env) for w in range(processes)])
    results = [r for rs in per_worker for r in rs]
    acked = {}
    for r in results:
        if r["op"] == "register" and r["exit"] == 0:
            acked[json.loads(r["stdout"])["id"]] = r["title"]
    return {
        "processes": processes, "operations": len(results), "results": results,
        "registers_acked": sum(r["op"] == "register" and r["exit"] == 0 for r in results),
        "ticks_acked": sum(r["op"] == "tick" and r["exit"] == 0 for r in results),
        "busy": sum(r["exit"] != 0 and BUSY in r["stderr"] for r in results),
        "acked_ids": acked,
    }


def check_store(home: Path, figures: dict) -> dict:
    """Compare what the workers were told with what the store holds; adds `lost`, `duplicates`, `phantoms`
    (items in the store whose command did not succeed) and `items` to the figures."""
    from lianluo.kernel.store.factory import open_store

    with open_store(home).reader() as tx:
        items = tx.all("items")
        counter = tx.meta["counters"].get("items", 0)
    ids = [doc["id"] for doc in items]
    titles = {doc["id"]: doc["title"] for doc in items}
    acked = figures["acked_ids"]
    figures.update(
        items=len(items), counter=counter,
        duplicates=len(ids) - len(set(ids)) + figures["registers_acked"] - len(acked),
        lost=sum(titles.get(i) != t for i, t in acked.items()),
        phantoms=sum(i not in acked for i in titles),
    )
    return figures
