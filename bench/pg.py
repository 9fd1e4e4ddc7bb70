"""PostgreSQL figures for issue 10, printed as ratios measured in one run.

1. The real kernel tick over a home of N items (default 100k) of which 5% are due, on PostgreSQL, against the
   same tick over an SQLite baseline (stdlib sqlite3, one docs table, index on next_check, the same documents):
   target PG ≤ 2× SQLite. Each backend runs the tick `--repeat` times on the same data, put back between runs;
   the median counts.
3. (issue 20) The year report (`report --period 2026 --format json`) over a realistic home of N items (bench/scale.py's
   mix: 2017–2026, 85% closed) on PostgreSQL, against an indexed SQL aggregate over the same rows of the
   `facts` table (the period's and the open items, counted by kind, department and status, with on-time and
   open-clock counts): target report ≤ 2× the aggregate; at 1k, 10k and 100k items (`--report-items`).
2. `lianluo migrate` of a 10k-item TinyDB home, then on that home 8 clerk processes registering (8 × 50) and one
   tick (500 items due) at once: wall time, throughput against one clerk alone, and the checks that no update
   was lost and no id handed out twice.

    python bench/pg.py --url 'postgresql:///postgres?host=/tmp/pg&port=55432&user=postgres' [--items 100000]

The items are copies of one real item (registered, approved and assigned through the CLI in a scratch home):
half closed, 45% open with a far-off next check, 5% due, so the tick fires real warnings, chases and escalations.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import multiprocessing
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from lianluo.kernel.cli.main import cli
from lianluo.kernel.context import App
from lianluo.kernel.facts import selection
from lianluo.kernel.gcpause import paused_gc
from lianluo.kernel.periods import ReportPeriod
from lianluo.kernel.render import render_text
from lianluo.kernel.report import build_report
from lianluo.kernel.store.factory import new_schema, open_store, save_store_config
from lianluo.kernel.store.atomic import atomic_write
from lianluo.kernel.store.pg_store import PgStore
from lianluo.kernel.store.tinydb_store import TinyStore
from lianluo.kernel.tick import Tick

TODAY = dt.date(2026, 6, 10)  # a Wednesday with no scheduled report: the tick's cost is the clocks'
META = "_meta"


def run(home: Path, *args: str, env: dict | None = None) -> str:
    result = CliRunner().invoke(cli, ["--home", str(home), *args], env=env)
    if result.exit_code != 0:
        sys.exit(f"lianluo {' '.join(args)}: {result.output}")
    return result.stdout


def template_home(folder: Path) -> Path:
    """A Liwan TinyDB home with one department, one deputy and one assigned item."""
    home = folder / "template"
    run(home, "init", "--profile", "liwan-court", "--org", "示例区人民法院", env={"LIANLUO_STORE": ""})
    run(home, "dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    run(home, "deputy", "add", "--name", "陈代表", "--level", "district")
    run(home, "item", "register", "--kind", "suggestion", "--title", "关于优化诉讼服务中心窗口设置的建议",
        "--deputy", "1", "--date", "2026-01-08", "--content", "建议增加周末预约窗口，方便上班族当事人。" * 8)
    run(home, "item", "approve", "1", "--date", "2026-01-08")
    run(home, "item", "assign", "1", "--lead", "立案庭", "--date", "2026-01-12")
    return home


def make_data(template: Path, items: int, due_share: float) -> tuple[dict, int]:
    """{table: {id: doc}} with `items` copies of the template item: 5% due, 45% open later, 50% closed."""
    data = TinyStore(template).dump()
    model = data["items"]["1"]
    due_every = round(1 / due_share)
    table: dict[str, Any] = {}
    due = 0
    for n in range(1, items + 1):
        doc = {**model, "id": n, "title": f"{model['title']}（第{n}件）"}
        if n % due_every == 0:
            due += 1
        elif n % 2:
            doc["status"], doc["next_check"] = "closed", None
        else:
            doc["next_check"] = "2027-01-15"
        table[str(n)] = doc
    data["items"] = table
    meta = data[META]["1"]
    meta["counters"]["items"] = items
    meta["last_tick"] = (TODAY - dt.timedelta(days=1)).isoformat()
    return data, due


# --- the SQLite baseline: the same Tx interface over one indexed table ------------------------------------
class SqliteTx:
    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._meta = self.get(META, 1)

    @property
    def meta(self) -> dict:
        return dict(self._meta)

    def set_meta(self, **values) -> None:
        self._meta = {**self._meta, **values}
        self.put(META, {**self._meta, "id": 1})

    def next_id(self, table: str) -> int:
        counters = dict(self._meta.get("counters", {}))
        counters[table] = counters.get(table, 0) + 1
        self.set_meta(counters=counters)
        return counters[table]

    def _docs(self, query: str, params: tuple) -> list[dict]:
        return [json.loads(r[0]) for r in self.db.execute(query, params)]

    def get(self, table: str, doc_id: int):
        found = self._docs("SELECT doc FROM docs WHERE tbl = ? AND id = ?", (table, int(doc_id)))
        return found[0] if found else None

    def all(self, table: str) -> list[dict]:
        return self._docs("SELECT doc FROM docs WHERE tbl = ? ORDER BY id", (table,))

    def find(self, table: str, **equals) -> list[dict]:
        return [d for d in self.all(table) if all(d.get(k, object()) == v for k, v in equals.items())]

    def due(self, table: str, until: str) -> list[dict]:
        return self._docs("SELECT doc FROM docs WHERE tbl = ? AND next_check <= ? ORDER BY id", (table, until))

    def insert(self, table: str, doc: dict) -> int:
        doc_id = self.next_id(table)
        self.put(table, {**doc, "id": doc_id})
        return doc_id

    def put(self, table: str, doc: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO docs (tbl, id, doc, next_check) VALUES (?, ?, ?, ?)",
                        (table, int(doc["id"]) if table != META else 1, json.dumps(doc, ensure_ascii=False),
                         doc.get("next_check")))

    def count(self, table: str) -> int:
        return self.db.execute("SELECT count(*) FROM docs WHERE tbl = ?", (table,)).fetchone()[0]


class SqliteStore:
    def __init__(self, path: Path):
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS docs (tbl TEXT, id INTEGER, doc TEXT, next_check TEXT, "
                        "PRIMARY KEY (tbl, id))")
        self.db.execute("CREATE INDEX IF NOT EXISTS docs_due ON docs (tbl, next_check)")

    def load(self, data: dict) -> None:
        with self.transaction() as tx:
            for table, docs in data.items():
                for doc_id, doc in docs.items():
                    tx.put(table, {**doc, "id": int(doc_id)})

    @contextlib.contextmanager
    def transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield SqliteTx(self.db)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")


# --- measuring ------------------------------------------------------------------------------------------
def time_ticks(app: App, store, restore: dict, repeat: int) -> tuple[float, int]:
    """Median seconds of the kernel tick (transaction and commit included) and the notices it sent; the due
    documents and the meta row are put back between runs so each run does the same work."""
    times, sent = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        with store.transaction() as tx:
            result = Tick(app, tx, TODAY).run()
        times.append(time.perf_counter() - start)
        sent = len(result.notices)
        with store.transaction() as tx:
            for doc in restore["items"]:
                tx.put("items", doc)
            tx.set_meta(**restore[META][0])
    return statistics.median(times), sent


def due_docs(data: dict) -> dict:
    """What a tick changes, to put back: the due items and the meta row."""
    until = TODAY.isoformat()
    return {"items": [d for d in data["items"].values() if d.get("next_check") and d["next_check"] <= until],
            META: [data[META]["1"]]}


def bench_tick(url: str, items: int, repeat: int, folder: Path) -> None:
    template = template_home(folder)
    data, due = make_data(template, items, 0.05)
    restore = due_docs(data)

    app = App.open(template)
    sqlite_store = SqliteStore(folder / "baseline.sqlite")
    start = time.perf_counter()
    sqlite_store.load(data)
    sqlite_load = time.perf_counter() - start
    app.store = sqlite_store
    sqlite_tick, sqlite_sent = time_ticks(app, sqlite_store, restore, repeat)

    pg = PgStore(template, url, new_schema(template))
    try:
        start = time.perf_counter()
        pg.load(data)
        pg_load = time.perf_counter() - start
        app.store = pg
        pg_tick, pg_sent = time_ticks(app, pg, restore, repeat)
    finally:
        pg.drop()
    assert pg_sent == sqlite_sent, "both backends must do the same work"
    print(f"tick over {items} items, {due} due ({due / items:.0%}), {pg_sent} notices per tick, median of {repeat}:")
    print(f"  load:   PostgreSQL {pg_load:7.2f} s   SQLite {sqlite_load:7.2f} s")
    print(f"  tick:   PostgreSQL {pg_tick:7.3f} s   SQLite baseline {sqlite_tick:7.3f} s   "
          f"ratio {pg_tick / sqlite_tick:.2f}× (target ≤ 2×)")


REPORT_SQL = """SELECT kind, lead, status, count(*), count(*) FILTER (WHERE open),
       count(*) FILTER (WHERE fact -> 'clocks' @> '[["reply"]]' AND fact::text LIKE '%%"met"%%')
FROM {facts} WHERE tbl = 'items' AND (received BETWEEN %s AND %s OR open) GROUP BY kind, lead, status"""


def bench_report(url: str, items: int, repeat: int, folder: Path) -> None:
    """The year report on PostgreSQL against an indexed SQL aggregate over the same facts rows."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scale_homes import Mix, base_home, build_home, templates

    folder.mkdir(parents=True)
    base = base_home(folder)
    home, _ = build_home(base, templates(base, folder), Mix.realistic(items), folder / "home")
    data = TinyStore(home).dump()
    pg = PgStore(home, url, new_schema(home))
    try:
        pg.load(data)
        save_store_config(home, url, pg.schema)
        args = ["report", "--period", str(TODAY.year), "--format", "json", "--today", TODAY.isoformat()]
        run(home, *args)  # warm: the connection and the server's cache, as for the aggregate below
        reports, aggregates = [], []
        query = REPORT_SQL.format(facts=f'"{pg.schema}".facts')
        for _ in range(repeat):
            start = time.perf_counter()
            run(home, *args)
            reports.append(time.perf_counter() - start)
            with pg.reader() as tx, tx.conn.cursor() as cur:
                start = time.perf_counter()
                cur.execute(query, (f"{TODAY.year}-01-01", f"{TODAY.year}-12-31"))
                groups = cur.fetchall()
                aggregates.append(time.perf_counter() - start)
        counts, reads = [], []
        app = App.open(home)
        year = ReportPeriod.parse(str(TODAY.year))
        writes = []
        for _ in range(repeat):  # what any report computing in Python pays: the same rows read into it, and
            with app.store.reader() as tx, paused_gc():  # its ledger of every matter written out as JSON
                start = time.perf_counter()
                tx.facts("items", selection(year, True, ()), packed=True)
                reads.append(time.perf_counter() - start)
                ledger = build_report(app, tx, year, TODAY, only=("suggestions.ledger",))
                start = time.perf_counter()
                render_text(ledger, "json")
                writes.append(time.perf_counter() - start)
        for _ in range(repeat):  # the public aggregate (`ctx.facts.count`): the same groups, SQL made by the kernel
            with app.store.reader() as tx:
                start = time.perf_counter()
                app.context(tx, TODAY).facts.count(year, by=("kind", "lead", "status"), open_items=True)
                counts.append(time.perf_counter() - start)
        with pg.reader() as tx, tx.conn.cursor() as cur:
            cur.execute(f'SELECT count(*) FROM "{pg.schema}".facts WHERE tbl = %s AND (received BETWEEN %s AND %s OR open)',
                        ("items", f"{TODAY.year}-01-01", f"{TODAY.year}-12-31"))
            rows = cur.fetchone()[0]
    finally:
        pg.drop()
    report, aggregate = statistics.median(reports), statistics.median(aggregates)
    print(f"year report over {items} items ({rows} rows of the year or open, {len(groups)} groups), median of {repeat}:")
    print(f"  report: {report:7.3f} s   SQL aggregate {aggregate:7.3f} s   ratio {report / aggregate:.1f}× "
          f"(target ≤ 2×) {'PASS' if report <= 2 * aggregate else 'FAIL'}")
    print(f"  ctx.facts.count(year, by=(kind, lead, status), open_items=True): {statistics.median(counts):7.3f} s")
    read, write = statistics.median(reads), statistics.median(writes)
    print(f"  reading the same rows into Python (tx.facts, the report's first step): {read:7.3f} s "
          f"({read / aggregate:.1f}× the aggregate)")
    print(f"  writing the JSON of the ledger section alone (one row per matter of the year): {write:7.3f} s "
          f"({write / aggregate:.1f}×); the two together {(read + write) / aggregate:.1f}× the aggregate; the report "
          f"{report / (read + write):.1f}× the two (docs/performance.md, \"What is left\")")


def invoke(args: list[str]) -> None:
    """One `lianluo` command in this process, as the console script runs it (it always ends in SystemExit)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            cli.main(args)
    except SystemExit as end:
        if end.code:
            raise


def clerk(home: str, who: str, count: int) -> None:
    """One clerk's process: `count` registrations, one CLI command each."""
    for n in range(count):
        invoke(["--home", home, "--as", who, "item", "register", "--kind", "suggestion", "--title",
                f"{who}的第{n}件建议", "--deputy", "1", "--date", "2026-01-12", "--json"])


def ticker(home: str) -> None:
    invoke(["--home", home, "tick", "--today", TODAY.isoformat(), "--json"])


def bench_clerks(url: str, clerks: int, per_clerk: int, items: int, folder: Path) -> None:
    home = template_home(folder)
    data, due = make_data(home, items, 0.05)
    atomic_write(home / "lianluo.json", TinyStore._encode(data))
    start = time.perf_counter()
    run(home, "migrate", "--to", url)
    migrated = time.perf_counter() - start
    print(f"lianluo migrate of a {items}-item TinyDB home to PostgreSQL: {migrated:.1f} s (copy and digest check)")
    before = items
    ctx = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    alone = ctx.Process(target=clerk, args=(str(home), "单独书记员", per_clerk))
    alone.start()
    alone.join()
    single = time.perf_counter() - start
    procs = [ctx.Process(target=clerk, args=(str(home), f"书记员{n}", per_clerk)) for n in range(clerks)]
    procs.append(ctx.Process(target=ticker, args=(str(home),)))
    start = time.perf_counter()
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    wall = time.perf_counter() - start
    store = open_store(home)
    try:
        with store.reader() as tx:
            ids = sorted(d["id"] for d in tx.all("items"))
            counter = tx.meta["counters"]["items"]
            ticked = tx.meta.get("last_tick")
        expected = before + per_clerk * (clerks + 1)
        failed = [p.exitcode for p in procs if p.exitcode != 0] + ([alone.exitcode] if alone.exitcode else [])
        print(f"{clerks} clerks × {per_clerk} registrations + 1 tick ({due} items due) at once on PostgreSQL:")
        print(f"  one clerk alone: {per_clerk / single:6.1f} registrations/s (process start included)")
        print(f"  {clerks} clerks + tick: {clerks * per_clerk / wall:6.1f} registrations/s, wall {wall:.1f} s, "
              f"ratio to one clerk {(clerks * per_clerk / wall) / (per_clerk / single):.2f}× on {multiprocessing.cpu_count()} cores")
        print(f"  items {len(ids)} of {expected}; ids unique and gapless: {ids == list(range(1, expected + 1))}; "
              f"counter {counter}; tick committed: {ticked == TODAY.isoformat()}; failed processes: {failed or 'none'}")
    finally:
        store.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="postgresql://… of a server you may create schemas on")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clerks", type=int, default=8)
    parser.add_argument("--per-clerk", type=int, default=50)
    parser.add_argument("--clerk-items", type=int, default=10_000, help="items in the home the clerks work on")
    parser.add_argument("--report-items", default="1000,10000,100000",
                        help="items in the homes the year report counts, comma-separated (a PASS/FAIL line each)")
    parser.add_argument("--only", choices=("tick", "clerks", "report"), help="run one of the three figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "tick"):
            bench_tick(args.url, args.items, args.repeat, Path(folder) / "tick")
        if args.only in (None, "clerks"):
            bench_clerks(args.url, args.clerks, args.per_clerk, args.clerk_items, Path(folder) / "clerks")
        if args.only in (None, "report"):
            try:
                sizes = [int(n) for n in args.report_items.split(",")]
            except ValueError:
                parser.error(f"--report-items: not a list of integers: {args.report_items}")
            for items in sizes:
                bench_report(args.url, items, args.repeat, Path(folder) / f"report-{items}")


if __name__ == "__main__":
    main()
