"""Each web page alone (issue 21): CPU and wall time of one view through Flask's test client on bench/web.py's
10k-item home, warm, with no other request running; optionally the cProfile of one page.

    python bench/web_pages.py                                  # TinyDB, a clerk and a department
    python bench/web_pages.py --pg 'postgresql:///postgres?host=/tmp/pgshared&port=55432&user=postgres'
    python bench/web_pages.py --profile '/items?status=handling' # the top of cProfile for that page (a clerk)

What a page costs alone is what it adds to the queue under load (bench/web.py): the server runs Python on one
core at a time per process, so twenty people wait for the sum of what their pages cost. CPU time is the
thread's own (time.thread_time), so other jobs on a shared machine hardly move it; wall time includes the
database's share on PostgreSQL. Medians of --repeat views after one unmeasured view.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import web as load  # noqa: E402  (bench/web.py: the same home, people and password)

from lianluo.kernel import Root  # noqa: E402
from lianluo.kernel.store.factory import open_store  # noqa: E402
from lianluo.plugins.web import create_app  # noqa: E402

PAGES = ["/", "/items", "/items?page=7", "/items?overdue=1", "/items?status=handling", "/items?all=1&page=150",
         "/items/{item}", "/notices", "/tasks", "/reports"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pg", help="PostgreSQL URL: the home is migrated to a fresh schema there")
    parser.add_argument("--profile", help="a page's path: print the top of its cProfile (as a clerk)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lianluo-bench-pages-") as folder:
        os.environ["LIANLUO_TODAY"] = load.TODAY
        os.environ.pop("LIANLUO_STORE", None)
        home = load.build(Path(folder), args.items, args.pg)
        people = {p["role"]: p for p in reversed(load.add_users(home, 5))}  # the first of each role
        app = create_app(Root(home, "web", {}))
        app.config["WTF_CSRF_ENABLED"] = False
        with app.extensions["lianluo"].app.store.reader() as tx:  # as `lianluo serve` does before it listens
            docs = tx.all("items")
        try:
            print(f"web pages alone, {'PostgreSQL' if args.pg else 'TinyDB'}, {len(docs)} items "
                  f"(median of {args.repeat}; CPU = the request's thread)")
            for role in ("clerk", "department"):
                who = people[role]
                mine = next(d["id"] for d in docs if who["dept"] is None or d.get("lead") == who["dept"])
                client = app.test_client()
                assert client.post("/login", data={"username": who["name"], "password": load.PASSWORD}).status_code == 303
                for page in PAGES:
                    path = page.format(item=mine)
                    status = client.get(path).status_code
                    cpu, wall = [], []
                    for _ in range(args.repeat):
                        started, begun = time.thread_time(), time.perf_counter()
                        client.get(path)
                        cpu.append(time.thread_time() - started)
                        wall.append(time.perf_counter() - begun)
                    print(f"  {role:<10} {path:<26} {status}  CPU {statistics.median(cpu) * 1000:6.1f} ms  "
                          f"wall {statistics.median(wall) * 1000:6.1f} ms")
            if args.profile:
                client = app.test_client()
                client.post("/login", data={"username": people["clerk"]["name"], "password": load.PASSWORD})
                client.get(args.profile)
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(args.repeat):
                    client.get(args.profile)
                profile.disable()
                shown = io.StringIO()
                pstats.Stats(profile, stream=shown).sort_stats("cumulative").print_stats(30)
                print(shown.getvalue())
        finally:
            if args.pg:
                open_store(home).drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
