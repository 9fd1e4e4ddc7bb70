"""Guarantee 1 during ticks: SIGKILL a process that alternates `register` and a tick one day later, at random
moments, and check the home after each kill through the store's reader only (whatever the store's layout):
it loads, every acknowledged item is there, the last acknowledged tick's day is recorded, and no ledger key
or notice key was written twice. The register-only kill loop is `kill_cycles` in tests/test_store_durability.py."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

DRIVER = textwrap.dedent(
    """
    import datetime, sys
    from lianluo.kernel.context import App
    from lianluo.kernel.desk import Desk
    from lianluo.kernel.tick import Tick

    home, start = sys.stdin.readline().split()  # started ahead of time; the harness says when and where
    app = App.open(home)
    day = datetime.date.fromisoformat(start)
    while True:
        with app.store.transaction() as tx:
            item = Desk(app, tx).register("suggestion", "关于诉讼服务的建议", ["1"], day, channel="spot")
        print(f"R {item.id}", flush=True)
        day += datetime.timedelta(days=1)
        with app.store.transaction() as tx:
            Tick(app, tx, day).run()
        print(f"T {day.isoformat()}", flush=True)  # only now, after the commit, is the tick acknowledged
    """
)


def make_home(home: Path) -> None:
    runner = CliRunner()
    for args in (["init", "--profile", "liwan-court", "--org", "示例区人民法院"], ["deputy", "add", "--name", "陈代表", "--level", "district"]):
        from lianluo.kernel.cli.main import cli

        done = runner.invoke(cli, ["--home", str(home), *args])
        assert done.exit_code == 0, done.output


def _spawn(driver: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(driver)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=os.environ.copy())


def check_home(home: Path, acked_items: set[int], last_tick: str | None) -> list[str]:
    """What is wrong with the home after a kill; empty when nothing is."""
    from lianluo.kernel.store.factory import open_store

    with open_store(home).reader() as tx:
        ids = [doc["id"] for doc in tx.all("items")]
        ledger = Counter(doc["key"] for doc in tx.all("ledger"))
        notices = Counter(doc.get("key") for doc in tx.all("notices"))
        recorded = tx.meta.get("last_tick")
    problems = []
    if missing := acked_items - set(ids):
        problems.append(f"acknowledged items lost: {sorted(missing)}")
    if len(ids) != len(set(ids)):
        problems.append("duplicate item ids")
    if twice := [k for k, n in ledger.items() if n > 1]:
        problems.append(f"ledger keys written twice: {twice[:5]}")
    if twice := [k for k, n in notices.items() if n > 1 and k]:
        problems.append(f"notices sent twice: {twice[:5]}")
    if last_tick and (recorded or "") < last_tick:
        problems.append(f"acknowledged tick {last_tick} not recorded (last_tick {recorded})")
    return problems


def tick_kill_cycles(workdir: Path, cycles: int, seed: int, per_home: int = 50) -> dict:
    """Kill the register-and-tick driver `cycles` times, 0–150 ms after its first acknowledgement; a new home
    every `per_home` kills keeps each rewrite small. Returns figures and any problem found."""
    driver = workdir / "tick_driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    rng = random.Random(seed)
    figures = {"kills": 0, "acknowledged": 0, "ticks": 0, "lost": 0, "problems": []}
    home, acked, last_tick, start = None, set(), None, "2026-03-02"
    upcoming = _spawn(driver)
    try:
        for cycle in range(cycles):
            if cycle % per_home == 0:
                home = workdir / f"tick-home-{cycle // per_home}"
                make_home(home)
                acked, last_tick, start = set(), None, "2026-03-02"
            proc, upcoming = upcoming, None
            proc.stdin.write(f"{home} {start}\n".encode())
            proc.stdin.flush()
            if cycle < cycles - 1:
                upcoming = _spawn(driver)
            ready, _, _ = select.select([proc.stdout], [], [], 60)
            first = proc.stdout.readline() if ready else b""
            time.sleep(rng.uniform(0.0, 0.150))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            text = (first + proc.stdout.read()).decode()
            for line in text.split("\n")[:-1]:  # a line without its newline was never acknowledged
                what, value = line.split()
                if what == "R":
                    acked.add(int(value))
                    figures["acknowledged"] += 1
                else:
                    last_tick = value
                    figures["ticks"] += 1
            figures["kills"] += 1
            problems = check_home(home, acked, last_tick)
            figures["lost"] += sum(p.startswith("acknowledged items lost") for p in problems)
            figures["problems"] += [f"cycle {cycle}: {p}" for p in problems]
            from lianluo.kernel.store.factory import open_store

            with open_store(home).reader() as tx:  # the next writer carries on from the day after the last tick
                start = tx.meta.get("last_tick") or start
    finally:
        if upcoming is not None:
            upcoming.kill()
            upcoming.wait()
    return figures
