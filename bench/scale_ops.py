"""What bench/scale.py measures on a home: the clerk's operations through the in-process CLI, the floor
(read every data file, parse it, write the same bytes atomically once), and peak memory in a fresh process."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import multiprocessing
import pkgutil
import resource
import shutil
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, NamedTuple

from lianluo.kernel.store.atomic import atomic_write
from lianluo.kernel.store.factory import open_store

from scale_homes import QUIET, TODAY, add_item, copy_home, data_files, run

Setup = Callable[[Path, int, dict], list[str]]


class Op(NamedTuple):
    """One measured operation: `setup(home, n, templates)` does the untimed preparation (e.g. adding the
    item to assign) and returns the command to time; `fresh` ops change what a rerun would find, so each run
    gets its own copy of the cached home."""

    name: str
    setup: Setup
    fresh: bool


def _dept(home: Path) -> str:
    with open_store(home).reader() as tx:
        return tx.get("departments", 1)["name"]


def _register(home: Path, n: int, docs: dict) -> list[str]:
    return ["item", "register", "--kind", "suggestion", "--title", f"关于规范诉讼费退费流程的建议（第{n}次测量）",
            "--deputy", "3", "--deputy", "7", "--date", TODAY.isoformat(),
            "--content", "建议明确诉讼费退费的办理时限和告知方式，减少当事人往返。", "--json"]


def _assign(home: Path, n: int, docs: dict) -> list[str]:
    item = add_item(home, docs, "approved", TODAY, n)
    return ["item", "assign", str(item), "--lead", _dept(home), "--date", TODAY.isoformat(), "--json"]


def _reply(home: Path, n: int, docs: dict) -> list[str]:
    item = add_item(home, docs, "open", TODAY - dt.timedelta(days=20), n)
    return ["item", "reply", str(item), "--category", "A", "--text", "已制定退费流程并公开", "--date",
            TODAY.isoformat(), "--json"]


OPS = (
    Op("register", _register, False),
    Op("assign", _assign, False),
    Op("reply", _reply, False),
    Op("tick_quiet", lambda home, n, docs: ["tick", "--today", QUIET.isoformat(), "--json"], True),
    Op("tick_due", lambda home, n, docs: ["tick", "--today", TODAY.isoformat(), "--json"], True),
    Op("report", lambda home, n, docs: ["report", "--period", str(TODAY.year), "--format", "json",
                                        "--today", TODAY.isoformat()], False),
    Op("score", lambda home, n, docs: ["score", "--period", str(TODAY.year), "--today", TODAY.isoformat(),
                                       "--json"], False),
)
OP_NAMES = tuple(op.name for op in OPS)


class Timing(NamedTuple):
    seconds: float   # median over the runs
    runs: list[float]
    output: str      # the last run's stdout, for sanity checks (e.g. the tick's notices)
    cpu: float = 0.0  # median CPU seconds of this process over the runs: on a shared machine, what the
    # command itself cost (wall time also counts the waits for a core other engineers' jobs hold)


class Workspace:
    """Copies of one cached home: a shared one for operations that only add, a fresh one per run otherwise."""

    def __init__(self, cached: Path, scratch: Path, docs: dict):
        self.cached = cached
        self.scratch = scratch
        self.docs = docs  # the template documents, for preparations
        self.copies = 0
        self._shared: Path | None = None

    def home_for(self, op: Op) -> Path:
        if not op.fresh:
            if self._shared is None:
                self._shared = copy_home(self.cached, self.scratch / f"{self.cached.name}-shared")
            return self._shared
        self.copies += 1
        return copy_home(self.cached, self.scratch / f"{self.cached.name}-{op.name}-{self.copies}")

    def done_with(self, home: Path) -> None:
        if home != self._shared:
            shutil.rmtree(home)

    def close(self) -> None:
        if self._shared is not None:
            shutil.rmtree(self._shared)
            self._shared = None


def time_op(space: Workspace, op: Op, repeat: int, start: int = 0) -> Timing:
    """Median wall time of the operation's command, in this process through the CLI."""
    runs, cpu, output = [], [], ""
    for n in range(start, start + repeat):
        home = space.home_for(op)
        args = op.setup(home, n, space.docs)
        began, began_cpu = time.perf_counter(), time.process_time()
        output = run(home, *args)
        runs.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        space.done_with(home)
    return Timing(statistics.median(runs), runs, output, statistics.median(cpu))


def floor(home: Path, repeat: int) -> Timing:
    """Median time to read and parse every data file of the home and write the same bytes atomically once
    (one temp file in the home, fsynced, renamed): what any store must at least pay to load and save it all."""
    runs = []
    out = Path(home) / ".bench-floor.out"
    for _ in range(repeat):
        began = time.perf_counter()
        chunks = []
        for path in data_files(home):
            raw = path.read_bytes()
            if path.suffix == ".json":
                json.loads(raw)
            chunks.append(raw)
        atomic_write(out, b"".join(chunks))
        runs.append(time.perf_counter() - began)
        out.unlink()
    return Timing(statistics.median(runs), runs, "")


# --- peak memory ----------------------------------------------------------------------------------------------
def _import_lianluo() -> None:
    """Everything lianluo can import, so that the baseline holds the code and only data remain in the delta."""
    import lianluo.kernel.cli.main  # noqa: F401
    for package in ("lianluo.kernel", "lianluo.plugins"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            try:
                importlib.import_module(info.name)
            except ImportError:  # an optional extra (psycopg) that is not installed
                pass


def _peak_rss() -> int:
    """This process's peak resident set size in bytes: VmHWM from /proc/self/status where there is one. Not
    ru_maxrss: on Linux it survives fork and exec, so a child spawned from the (large) bench process would
    report the parent's peak, not its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux, the fallback elsewhere


def _peak_child(home: str, args: list[str]) -> tuple[int, int]:
    """In a fresh process: (peak RSS after importing lianluo, growth of the peak while running the command)."""
    _import_lianluo()
    base = _peak_rss()
    run(Path(home), *args)
    return base, _peak_rss() - base


def peak_memory(space: Workspace, op: Op, n: int) -> tuple[int, int]:
    """(baseline, peak growth) in bytes of peak RSS for one run of the operation in a spawned process."""
    home = space.home_for(op)
    args = op.setup(home, n, space.docs)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        result = pool.submit(_peak_child, str(home), args).result()
    space.done_with(home)
    return result
