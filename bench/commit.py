"""What one small commit costs on the file store: the web desk's write (one item changed) in a realistic home.

    python bench/commit.py                 # a 10k-item home, 15 runs per figure (~1 min)
    python bench/commit.py --items 100000 --repeat 9

Why: under load on the file store every write waits for the writes before it (one lock), so the cost of
one commit is the web desk's write latency. A commit of one changed item writes the segment holding it
(1000 documents, their report facts first) and fsyncs it, then replaces the manifest; what it did not
change is encoded again only when the process did not write that segment before. Timed here,
in this process through the store's transaction (no CLI, no plugins' hooks), each run on the same home:
- `put, cold`: read one closed item of a middle segment, add an event, put it back (a contact recorded), with
  the process's read cache emptied first, as in a command's own process;
- `put, warm`: the same with the cache kept, as in `lianluo serve`, whose cache holds what it read and
  wrote before;
- `put (facts off), warm`: the same with `LIANLUO_FACTS=off` (no report facts written) on a copy of the home,
  in turn with `put, warm`;
- and the commit's parts in CPU seconds, over the same segment, without fsync: encoding the segment's
  documents, projecting their facts, packing and encoding the facts.
Each figure is the median of `--repeat` runs, wall and CPU seconds of this process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_homes import Mix, base_home, build_home, copy_home, progress_line, templates  # noqa: E402

from lianluo.kernel.facts import packed, project  # noqa: E402
from lianluo.kernel.store.datafile import encode  # noqa: E402
from lianluo.kernel.store.factory import open_store  # noqa: E402
from lianluo.kernel.store.filecache import FILES  # noqa: E402


def one_put(home: Path, doc_id: int, n: int) -> tuple[float, float]:
    """(wall, cpu) seconds of one transaction that changes item `doc_id` (an event added) and commits."""
    store = open_store(home)
    began, began_cpu = time.perf_counter(), time.process_time()
    with store.transaction() as tx:
        doc = tx.get("items", doc_id)
        doc["events"].append({"action": "contact", "at": "2026-06-05", "who": "bench",
                              "detail": {"mode": "phone", "note": f"第{n}次联系"}})
        tx.put("items", doc)
    return time.perf_counter() - began, time.process_time() - began_cpu


def parts(home: Path, doc_id: int, repeat: int) -> dict[str, float]:
    """Median CPU seconds of the commit's parts over the segment holding `doc_id` (of this process: on a
    shared machine the wall time also counts waiting for a core)."""
    with open_store(home).reader() as tx:
        docs = {str(d["id"]): d for d in tx.all("items") if (d["id"] - 1) // 1000 == (doc_id - 1) // 1000}
    figures: dict[str, list[float]] = {"encode documents": [], "project facts": [], "pack+encode facts": []}
    for _ in range(repeat):
        began = time.process_time()
        encode({"items": docs})
        figures["encode documents"].append(time.process_time() - began)
        began = time.process_time()
        facts = [project(d) for d in docs.values()]
        figures["project facts"].append(time.process_time() - began)
        began = time.process_time()
        encode({"items": [packed(f) for f in facts]})
        figures["pack+encode facts"].append(time.process_time() - began)
    return {name: statistics.median(runs) for name, runs in figures.items()} | {"documents in segment": len(docs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="items in the home")
    parser.add_argument("--repeat", type=int, default=15, help="runs per figure; the median counts")
    parser.add_argument("--tmp", type=Path, help="folder for the generated home (default: the system temp)")
    args = parser.parse_args(argv)
    if args.items < 1000 or args.repeat < 1:
        parser.error("--items must be at least 1000 and --repeat positive")
    with tempfile.TemporaryDirectory(prefix="lianluo-commit-", dir=args.tmp) as folder:
        base = base_home(Path(folder))
        docs = templates(base, Path(folder))
        home, _ = build_home(base, docs, Mix.realistic(args.items), Path(folder) / "home", progress_line)
        sys.stderr.write("\r\033[K")
        doc_id = (args.items // 2000) * 1000 + 500  # a middle segment
        with open_store(home).reader() as tx:
            while tx.get("items", doc_id) is None or tx.get("items", doc_id).get("next_check") is not None:
                doc_id += 1
        # each side on its own copy: a commit without facts leaves its segment without them, and the next
        # commit with facts would project every document of it again
        off_home = copy_home(home, Path(folder) / "home-facts-off")
        labels = ("put, cold (a command)", "put, warm (the server)", "put (facts off), warm")
        runs: tuple[list, list, list] = ([], [], [])
        for n in range(args.repeat):  # cold first: emptying the cache would make the others cold too
            FILES.clear()  # a command's own process: nothing parsed or written before
            runs[0].append(one_put(home, doc_id, n))
        os.environ["LIANLUO_FACTS"] = "off"
        try:
            one_put(off_home, doc_id, 0)  # the facts-off home's first write in this process, as the other had
        finally:
            os.environ.pop("LIANLUO_FACTS", None)
        for n in range(args.repeat):
            for side, off, where in zip(runs[1:], (False, True), (home, off_home)):
                if off:
                    os.environ["LIANLUO_FACTS"] = "off"
                try:
                    side.append(one_put(where, doc_id, args.repeat + n))
                finally:
                    os.environ.pop("LIANLUO_FACTS", None)
        print(f"one commit changing item {doc_id} of a {args.items}-item home (median of {args.repeat}, "
              f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC):")
        print(f"  {'':<24} {'wall s':>8} {'cpu s':>8}")
        for label, side in zip(labels, runs):
            print(f"  {label:<24} {statistics.median(w for w, _ in side):8.4f} {statistics.median(c for _, c in side):8.4f}")
        wall = [statistics.median(w for w, _ in side) for side in runs]
        cpu = [statistics.median(c for _, c in side) for side in runs]
        print(f"  warm with facts / without: {wall[1] / wall[2]:.2f}× wall, {cpu[1] / cpu[2]:.2f}× cpu")
        print("  the commit's parts over that segment (cpu s):")
        for name, value in parts(home, doc_id, args.repeat).items():
            print(f"    {name:<22} {value:.4f}" if isinstance(value, float) else f"    {name:<22} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
