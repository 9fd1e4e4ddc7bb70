"""Network figures for issue 23: N organisations × M items on one PostgreSQL database, printed.

1. `lianluo network tick` from the top organisation over the whole network (each organisation's tick in turn,
   5% of every organisation's items due that day).
2. A busy organisation's register and tick under the others' load against an organisation alone: `item register`
   (median of --repeat) and `tick` (5% due) of organisation 1 with only its schema on the server and nothing else
   running; of organisation 2 (the same data, untouched) with every organisation loaded but idle; and of
   organisation 3 with a background process registering and reading items in the others, as their clerks
   would (`--pause` seconds between two commands; 0 = a clerk who never stops, one core's worth of load).
   Target: loaded ≤ 2× alone. On a machine with few cores the busy figure measures CPU sharing as much as the
   database: compare it with `--pause 0` against a larger pause.
3. The upper organisation's year report over every item of the network (`network report --period 2026`), with
   the organisations ranked under its rule set by the scoring plugin, and the same without the ranking — on
   the network above, whose items are all of the report's year: a worst case, printed without a target.
4. The same report over a network of realistic homes, each organisation holding bench/scale.py's mix (ten years,
   2017–2026, 85% closed) — the home the reports issue's target is set on (a year's report over 100,000 items
   ≤ 1 s). Target: that figure scaled by the network's item count (`--orgs` × `--items` / 100,000 s).
   `--only realistic` measures this one alone.

    python bench/network.py --url 'postgresql:///postgres?host=/tmp/pg&port=55432&user=postgres'
    python bench/network.py --url … --orgs 20 --items 10000      # the issue's 20 × 10,000

The items are bench/pg.py's copies of one real item (registered, approved and assigned through the CLI).
Every schema made here is dropped at the end.
"""

from __future__ import annotations

import argparse
import multiprocessing
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg import TODAY, make_data, run, template_home  # noqa: E402

from lianluo.kernel.store.factory import save_store_config  # noqa: E402
from lianluo.kernel.store.pg_store import PgStore  # noqa: E402


def make_org(template: Path, folder: Path, url: str, schema: str, data: dict) -> Path:
    home = folder / schema
    shutil.copytree(template, home, ignore=shutil.ignore_patterns("lianluo.json*", "*.lock", "segments", "reports"))
    PgStore(home, url, schema).load(data)
    save_store_config(home, url, schema)
    return home


def timed(home: Path, *args: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(home, *args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def busy_org(home: Path, repeat: int) -> tuple[float, float]:
    tick = timed(home, "tick", "--today", TODAY.isoformat(), repeat=1)  # the first tick does the day's work
    register = timed(home, "item", "register", "--kind", "suggestion", "--title", "测量用事项", "--deputy", "1",
                     "--date", TODAY.isoformat(), "--channel", "interim", repeat=repeat)
    return register, tick


def load_others(homes: list[str], stop, pause: float) -> None:
    """The others at work: registering and listing in turn until told to stop."""
    n = 0
    while not stop.is_set():
        home = Path(homes[n % len(homes)])
        run(home, "item", "register", "--kind", "suggestion", "--title", "他院事项", "--deputy", "1",
            "--date", TODAY.isoformat(), "--channel", "interim")
        for item in range(1 + n % 50, 200, 50):
            run(home, "item", "show", str(item))
            time.sleep(pause)
        n += 1


def report_without_ranking(home: Path) -> float:
    """The same report with no plugin ranking (the neutral counts alone), to show what the ranking costs: the
    scoring plugin reads each organisation's year of items under the upper's rule sets."""
    from lianluo.kernel.network import report as network_report

    kept = network_report.rankings
    network_report.rankings = lambda *args, **kwargs: ([], [])
    try:
        start = time.perf_counter()
        run(home, "network", "report", "--period", str(TODAY.year), "--date", TODAY.isoformat(), "--json")
        return time.perf_counter() - start
    finally:
        network_report.rankings = kept


def report_times(home: Path, repeat: int) -> tuple[float, float]:
    """The upper's year report with the ranking and without it, each the median of `repeat` after a warm-up."""
    args = ("network", "report", "--period", str(TODAY.year), "--date", TODAY.isoformat(), "--json")
    run(home, *args)  # warm: the connections and the server's cache
    ranked = timed(home, *args, repeat=repeat)
    return ranked, statistics.median(report_without_ranking(home) for _ in range(repeat))


def realistic_network(url: str, orgs: int, items: int, repeat: int, folder: Path) -> None:
    """Part 4: every organisation a copy of one realistic home (bench/scale.py's mix), the year report timed."""
    from scale_homes import Mix, base_home, build_home, templates

    from lianluo.kernel.store.tinydb_store import TinyStore

    base = base_home(folder)
    built, _ = build_home(base, templates(base, folder), Mix.realistic(items), folder / "realistic")
    data = TinyStore(built).dump()
    tag = f"netreal_{secrets.token_hex(3)}"
    schemas = [f"{tag}_{i}" for i in range(orgs)]
    try:
        homes = [make_org(built, folder, url, schema, data) for schema in schemas]
        for i, home in enumerate(homes):
            parent = ["--parent", "org0"] if i else []
            run(home, "network", "add", f"org{i}", "--name", f"第{i}单位", "--network", tag, *parent)
        with psycopg.connect(url) as conn:
            in_year = conn.execute(f'SELECT count(*) FROM "{schemas[0]}".facts WHERE tbl = %s AND received '
                                   "BETWEEN %s AND %s", ("items", f"{TODAY.year}-01-01", f"{TODAY.year}-12-31")).fetchone()[0]
        ranked, counts_only = report_times(homes[0], repeat)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            for schema in [*schemas, tag]:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    total = orgs * items
    target = total / 100_000
    print(f"realistic network of {orgs} organisations × {items} items ({total} items, {in_year} of {TODAY.year} in "
          f"each), median of {repeat}:")
    print(f"  upper's year report with the ranking: {ranked:6.2f} s (target ≤ {target:.2f} s, the reports target "
          f"scaled) {'PASS' if ranked <= target else 'FAIL'}; without the ranking {counts_only:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="postgresql://… of a server you may create schemas on")
    parser.add_argument("--orgs", type=int, default=5, help="at least 4: three are measured, the others work")
    parser.add_argument("--items", type=int, default=1000, help="items per organisation")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pause", type=float, default=0.2, help="the background clerks' pause between commands")
    parser.add_argument("--only", choices=("realistic",), help="measure part 4 alone (the realistic network's report)")
    args = parser.parse_args()
    if args.orgs < 4:
        parser.error("--orgs: at least 4 (three organisations are measured while the others work)")
    if args.only == "realistic":
        with tempfile.TemporaryDirectory() as tmp:
            realistic_network(args.url, args.orgs, args.items, args.repeat, Path(tmp))
        return
    tag = f"netbench_{secrets.token_hex(3)}"
    schemas = [f"{tag}_{i}" for i in range(args.orgs)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = template_home(folder)
        data, due = make_data(template, args.items, 0.05)
        try:
            homes = [make_org(template, folder, args.url, schemas[1], data)]
            alone = busy_org(homes[0], args.repeat)
            start = time.perf_counter()
            homes.insert(0, make_org(template, folder, args.url, schemas[0], data))
            homes += [make_org(template, folder, args.url, s, data) for s in schemas[2:]]
            loading = time.perf_counter() - start
            for i, home in enumerate(homes):
                parent = ["--parent", "org0"] if i else []
                run(home, "network", "add", f"org{i}", "--name", f"第{i}单位", "--network", tag, *parent)
            stop = multiprocessing.Event()
            idle = busy_org(homes[2], args.repeat)
            worker = multiprocessing.Process(target=load_others,
                                             args=([str(homes[0]), *map(str, homes[4:])], stop, args.pause))
            worker.start()
            try:
                time.sleep(1)
                loaded = busy_org(homes[3], args.repeat)
            finally:
                stop.set()
                worker.join()
            start = time.perf_counter()  # organisations 1 to 3 have ticked this day: theirs is the quiet tick
            out = run(homes[0], "network", "tick", "--today", TODAY.isoformat())
            tick = time.perf_counter() - start
            report, counts_only = report_times(homes[0], 1)
        finally:
            with psycopg.connect(args.url, autocommit=True) as conn:
                for schema in [*schemas, tag]:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    total = args.orgs * args.items
    print(f"network of {args.orgs} organisations × {args.items} items ({total} items, {due} due per organisation), "
          f"median of {args.repeat}:")
    print(f"  loading the other {args.orgs - 1} organisations: {loading:7.2f} s")
    print(f"  network tick (all {args.orgs}; 3 of them already ticked that day): {tick:7.2f} s  "
          f"({tick / max(args.orgs - 3, 1):.2f} s per organisation ticking); {out.splitlines()[0]}")
    for label, i in (("register", 0), ("tick", 1)):
        one, among, busy = alone[i], idle[i], loaded[i]
        print(f"  one organisation's {label}: alone {one:6.3f} s; among the others idle {among:6.3f} s "
              f"({among / one:.2f}×); under their clerks' load (pause {args.pause:g} s) {busy:6.3f} s "
              f"({busy / one:.2f}×; target ≤ 2×) {'PASS' if max(among, busy) <= 2 * one else 'FAIL'}")
    print(f"  upper's year report over all {total} items, every one of the year (a worst case, no target): "
          f"{report:7.2f} s (without the ranking under the upper's rule set: {counts_only:.2f} s)")
    with tempfile.TemporaryDirectory() as tmp:
        realistic_network(args.url, args.orgs, args.items, args.repeat, Path(tmp))


if __name__ == "__main__":
    main()
