"""Scale figures for issue 10: what a clerk's command and the daily tick cost as a home grows, against the floor.

    python bench/scale.py                     # 1k, 10k and 100k items (about 8 min on 2 shared cores)
    python bench/scale.py --quick             # 1k and 10k; targets 1 and 2 at 10k instead of 100k (~3 min)
    python bench/scale.py --sizes 1000,5000 --repeat 5 --json figures.json
    python bench/scale.py --deputies 1000,10000,100000 --repeat 1   # reports over many deputies (~10 min)

Homes: a liwan-court home with the demo's 8 departments and ~60-deputy roster, then N items over 2017–2026:
85% closed, 10% open with a far-off next check, 5% open and due on the tick day. The items are copies (dates
shifted; titles, deputies, departments varied) of real items driven through the CLI (register, approve,
assign, accept, contact, reply, feedback, close), written through `store.transaction()`. Homes are generated
once per run in a temp folder and copied before every measurement that writes.

Per size, each figure is the median of `--repeat` runs:
- time: wall seconds of one `lianluo` command in this process (click's CliRunner) — and `cpu s`, the CPU
  seconds this process spent on it (on a shared machine the wall time also counts waiting for a core): register; assign; reply
  (an approved item to assign, an assigned one to reply to, is first added through the store, untimed); tick with nothing due; tick with 5% due;
  `report --period 2026 --format json`; `score --period 2026`.
- floor: read every data file of the home (all files but reports, backups, lock, temp and .toml config),
  json-parse the .json ones, and write the same bytes atomically (fsync + rename) to one temp file.
- × floor: time / floor.
- peak mem: growth of the peak RSS (VmHWM of /proc/self/status; ru_maxrss where there is no /proc) while the
  command runs once in a fresh spawned process that has already imported every lianluo module (so code is
  not counted, data are); × data: that / data size on disk.

Targets (PASS/FAIL with the measured ratio): 1. tick over 100k closed + 1k open ≤ 2× tick over the 1k open
alone; 2. tick over 100k open items (5% due) ≤ 1.5× floor; 3. register in a 10k home ≤ 3× register in an
empty home (targets 1 and 3 time their two homes in turn); 4. peak memory ≤ 3× data size on the largest
home. Progress goes to stderr; `--json PATH` writes every figure.

Report targets (issue 20, at every size): the year report and the score each ≤ 0.2 s up to 10k items and
≤ 1 s above, and ≤ 0.5× the floor; the report's peak memory ≤ 0.5× the data size on the largest home; and
a register in the
largest home at most 10k items with the report facts ≤ 1.2× the same register with the file store told not
to write them (`LIANLUO_FACTS=off`, runs in turn, each side in its own copy of the home). The floor counts
every data file, the facts too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from scale_homes import Mix, base_home, build_home, data_bytes, data_files, progress_line, templates
from scale_ops import OPS, Timing, Workspace, floor, peak_memory, time_op

MB = 1024 * 1024
FULL = (1_000, 10_000, 100_000)
QUICK = (1_000, 10_000)


class Bench:
    """Generated homes, cached by their mix for the length of the run, and the figures measured on them."""

    def __init__(self, folder: Path, repeat: int, memory: bool = True, progress=progress_line):
        self.folder = Path(folder)
        self.repeat = repeat
        self.memory = memory
        self.progress = progress
        self.progress("generating the base home and template items")
        self.base = base_home(self.folder)
        self.docs = templates(self.base, self.folder)
        self.homes: dict[Mix, tuple[Path, float]] = {}
        self.timings: dict[tuple[Mix, str], Timing] = {}
        self.paired: dict[tuple[Mix, str], Timing] = {}  # taken in turn with another home (the targets)

    def home(self, mix: Mix) -> tuple[Path, float]:
        if mix not in self.homes:
            name = f"home-{mix.closed}c-{mix.open}o-{mix.due}d"
            self.homes[mix] = build_home(self.base, self.docs, mix, self.folder / name, self.progress)
        return self.homes[mix]

    def drop(self, mix: Mix) -> None:
        """Delete a cached home once nothing more is measured on it (100k homes are large)."""
        shutil.rmtree(self.homes.pop(mix)[0])

    def time(self, mix: Mix, name: str) -> Timing:
        key = (mix, name)
        if key not in self.timings:
            op = next(o for o in OPS if o.name == name)
            self.progress(f"measuring {name} on {mix.items} items")
            space = Workspace(self.home(mix)[0], self.folder, self.docs)
            try:
                self.timings[key] = time_op(space, op, self.repeat)
            finally:
                space.close()
        return self.timings[key]

    def pair(self, a: Mix, b: Mix, name: str) -> tuple[Timing, Timing]:
        """One operation on two homes, their runs taken in turn, so that a change in the shared machine's load
        falls on both sides of a target's ratio alike."""
        op = next(o for o in OPS if o.name == name)
        self.progress(f"measuring {name} on {a.items} and {b.items} items, in turn")
        spaces = [Workspace(self.home(mix)[0], self.folder, self.docs) for mix in (a, b)]
        runs: tuple[list[Timing], list[Timing]] = ([], [])
        try:
            for n in range(self.repeat):
                for side, space in zip(runs, spaces):
                    side.append(time_op(space, op, 1, start=100 + n))
        finally:
            for space in spaces:
                space.close()
        for mix, side in zip((a, b), runs):
            self.paired[(mix, name)] = Timing(statistics.median(t.seconds for t in side), [t.seconds for t in side],
                                              side[-1].output)
        return self.paired[(a, name)], self.paired[(b, name)]

    def floor(self, mix: Mix) -> Timing:
        key = (mix, "floor")
        if key not in self.timings:
            self.timings[key] = floor(self.home(mix)[0], self.repeat)
        return self.timings[key]

    def size(self, items: int) -> dict[str, Any]:
        """Every operation on a realistic home of `items` items: time, floor, ratios, peak memory."""
        mix = Mix.realistic(items)
        home, avg = self.home(mix)
        data = data_bytes(home)
        base = self.floor(mix).seconds
        ops = {}
        for op in OPS:
            timing = self.time(mix, op.name)
            figures = {"seconds": timing.seconds, "runs": timing.runs, "x_floor": timing.seconds / base,
                       "cpu_seconds": timing.cpu}
            if op.name.startswith("tick"):
                figures["notices"] = len(json.loads(timing.output)["notices"])
            if self.memory:
                self.progress(f"peak memory of {op.name} on {items} items")
                space = Workspace(home, self.folder, self.docs)
                try:
                    baseline, peak = peak_memory(space, op, self.repeat)
                finally:
                    space.close()
                figures.update(baseline_rss=baseline, peak_bytes=peak, x_data=peak / data)
            ops[op.name] = figures
        return {"items": items, "mix": mix._asdict(), "data_bytes": data, "data_files": len(data_files(home)),
                "avg_doc_bytes": avg, "floor_seconds": base, "floor_runs": self.floor(mix).runs, "ops": ops}

    def register_with_and_without_facts(self, items: int) -> tuple[Timing, Timing]:
        """Register in a realistic home with the facts written, and with `LIANLUO_FACTS=off`, runs in turn, each
        side in its own copy of the home (a register without facts leaves the last segment without them, which
        the next register with facts would have to summarise whole)."""
        op = next(o for o in OPS if o.name == "register")
        self.progress(f"measuring register on {items} items with and without the report facts, in turn")
        cached = self.home(Mix.realistic(items))[0]
        spaces = (Workspace(cached, self.folder, self.docs),
                  Workspace(cached, self.folder / "facts-off", self.docs))
        (self.folder / "facts-off").mkdir(exist_ok=True)
        runs: tuple[list[float], list[float]] = ([], [])
        try:
            for n in range(max(self.repeat, 3)):
                for side, off, space in zip(runs, (False, True), spaces):
                    if off:
                        os.environ["LIANLUO_FACTS"] = "off"
                    try:
                        side.append(time_op(space, op, 1, start=200 + 2 * n + off).seconds)
                    finally:
                        os.environ.pop("LIANLUO_FACTS", None)
        finally:
            for space in spaces:
                space.close()
        return tuple(Timing(statistics.median(side), side, "") for side in runs)  # type: ignore[return-value]

    def targets(self, scale: int, register_at: int, largest: dict[str, Any] | None) -> list[dict[str, Any]]:
        """The issue's four targets; tick homes at `scale` items, register at `register_at` items."""
        open_ = min(1000, scale)
        few = Mix(0, open_ - round(open_ * 0.05), round(open_ * 0.05))
        many_closed = few._replace(closed=scale)
        all_open = Mix(0, scale - round(scale * 0.05), round(scale * 0.05))
        empty, full = Mix(0, 0, 0), Mix.realistic(register_at)
        ticks, registers = self.pair(many_closed, few, "tick_due"), self.pair(full, empty, "register")
        rows = [
            target(f"tick: {scale} closed + {open_} open vs the {open_} open alone",
                   ticks[0].seconds, ticks[1].seconds, 2.0),
            target(f"tick: {scale} open ({all_open.due} due) vs floor",
                   self.time(all_open, "tick_due").seconds, self.floor(all_open).seconds, 1.5),
            target(f"register: {register_at}-item home vs empty home",
                   registers[0].seconds, registers[1].seconds, 3.0),
        ]
        if largest is not None:
            name, op = max(largest["ops"].items(), key=lambda kv: kv[1]["peak_bytes"])
            rows.append(target(f"peak memory ({name}) vs data, {largest['items']} items",
                               op["peak_bytes"], largest["data_bytes"], 3.0))
        for mix in (many_closed, few, all_open):
            if mix in self.homes and mix != Mix.realistic(mix.items):
                self.drop(mix)
        return rows


def seconds_limit(items: int) -> float:
    return 0.2 if items <= 10_000 else 1.0


def report_targets(results: list[dict[str, Any]], register: tuple[Timing, Timing] | None) -> list[dict[str, Any]]:
    """Issue 20's targets: report and score time (absolute and against the floor) at every size, the report's
    peak memory against the data, and what the facts add to a register."""
    rows = []
    largest = max(r["items"] for r in results)
    for figures in results:
        items = figures["items"]
        for name in ("report", "score"):
            op = figures["ops"][name]
            limit = seconds_limit(items)
            rows.append(target(f"{name}: {items} items vs {limit:g} s", op["seconds"], limit, 1.0))
            rows.append(target(f"{name}: {items} items vs floor", op["seconds"], figures["floor_seconds"], 0.5))
        if "peak_bytes" in figures["ops"]["report"] and items == largest:  # smaller homes: code, not data
            rows.append(target(f"report peak memory: {items} items vs data", figures["ops"]["report"]["peak_bytes"],
                               figures["data_bytes"], 0.5))
    if register is not None:
        rows.append(target("register with the report facts vs without", register[0].seconds, register[1].seconds, 1.2))
    return rows


def target(label: str, measured: float, reference: float, limit: float) -> dict[str, Any]:
    ratio = measured / reference
    return {"target": label, "measured": measured, "reference": reference, "ratio": ratio, "limit": limit,
            "pass": ratio <= limit}


# --- output ---------------------------------------------------------------------------------------------------
def size_table(figures: dict[str, Any]) -> str:
    lines = [f"{figures['items']} items: data {figures['data_bytes'] / MB:.1f} MB in {figures['data_files']} file(s), "
             f"average item document {figures['avg_doc_bytes'] / 1024:.2f} KB, floor {figures['floor_seconds']:.3f} s",
             f"  {'operation':<12} {'time s':>9} {'× floor':>8} {'cpu s':>7} {'peak MB':>9} {'× data':>7}  note"]
    for name, op in figures["ops"].items():
        peak = f"{op['peak_bytes'] / MB:9.1f} {op['x_data']:7.2f}" if "peak_bytes" in op else f"{'-':>9} {'-':>7}"
        note = f"{op['notices']} notices" if "notices" in op else ""
        lines.append(f"  {name:<12} {op['seconds']:9.3f} {op['x_floor']:8.2f} {op.get('cpu_seconds', 0):7.3f} {peak}  {note}")
    return "\n".join(lines)


def target_table(rows: list[dict[str, Any]]) -> str:
    width = max(len(r["target"]) for r in rows)
    lines = [f"  {'target':<{width}} {'ratio':>7} {'limit':>6}  result"]
    for n, r in enumerate(rows, 1):
        lines.append(f"{n} {r['target']:<{width}} {r['ratio']:6.2f}× {r['limit']:5.1f}×  {'PASS' if r['pass'] else 'FAIL'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, FULL)), help="item counts, comma-separated")
    parser.add_argument("--quick", action="store_true", help="sizes 1000,10000; targets 1 and 2 at 10k")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median counts")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory subprocesses")
    parser.add_argument("--tmp", type=Path, help="folder for the generated homes (default: the system temp)")
    parser.add_argument("--deputies", help="deputy counts, comma-separated: time report and score over that many "
                                           "deputies (bench/scale_deputies.py) instead of the item sizes")
    args = parser.parse_args(argv)
    if args.deputies:
        return deputies_main(args)
    try:
        sizes = QUICK if args.quick else tuple(int(s) for s in args.sizes.split(","))
    except ValueError:
        parser.error(f"--sizes: not a list of integers: {args.sizes}")
    if not sizes or min(sizes) < 1 or args.repeat < 1:
        parser.error("--sizes and --repeat must be positive")
    scale = max(sizes)
    with tempfile.TemporaryDirectory(prefix="lianluo-scale-", dir=args.tmp) as folder:
        bench = Bench(Path(folder), args.repeat, memory=not args.no_memory)
        results = []
        for items in sizes:
            results.append(bench.size(items))
            sys.stderr.write("\r\033[K")
            print(size_table(results[-1]), flush=True)
            if items != min(10_000, scale):
                bench.drop(Mix.realistic(items))  # its figures are kept for the targets
        largest = max(results, key=lambda r: r["items"]) if not args.no_memory else None
        register = bench.register_with_and_without_facts(min(10_000, scale))
        reports = report_targets(results, register)
        rows = bench.targets(scale, min(10_000, scale), largest)
    sys.stderr.write("\r\033[K")
    print(f"targets (median of {args.repeat}):")
    print(target_table(rows))
    print("report targets (issue 20):")
    print(target_table(reports))
    if args.json:
        args.json.write_text(json.dumps({
            "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "repeat": args.repeat,
            "cpus": os.cpu_count(), "python": platform.python_version(), "sizes": results, "targets": rows,
            "report_targets": reports,
        }, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def deputies_main(args) -> int:
    import scale_deputies

    try:
        counts = tuple(int(s) for s in args.deputies.split(","))
    except ValueError:
        raise SystemExit(f"--deputies: not a list of integers: {args.deputies}") from None
    with tempfile.TemporaryDirectory(prefix="lianluo-scale-", dir=args.tmp) as folder:
        bench = Bench(Path(folder), args.repeat, memory=False)
        figures = scale_deputies.measure(bench.base, bench.docs, counts, args.repeat, Path(folder), bench.progress)
    sys.stderr.write("\r\033[K")
    print(scale_deputies.table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(t["pass"] for t in figures["targets"]) else 1


if __name__ == "__main__":
    sys.exit(main())
