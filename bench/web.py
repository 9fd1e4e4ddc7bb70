"""Web desk under load (issue 21): 20 people working at once against `lianluo serve` (waitress) on a 10k-item home.

    python bench/web.py                       # 10k items, 20 users, 60 s (about 3 min with the home's build)
    python bench/web.py --quick               # 10k items, 20 users, 15 s
    python bench/web.py --pg 'postgresql:///postgres?host=/tmp/pgshared&port=55432&user=postgres'
    python bench/web.py --items 2000 --users 10 --seconds 30 --json figures.json

The home is bench/scale.py's (scale_homes: the liwan-court profile, the demo's departments and roster, items
copied from real CLI-driven ones, 85% closed, 15% open); with --pg it is moved to a fresh schema with
`lianluo migrate --to URL`. Then one web account per simulated person — clerks, one per department, leaders —
and `lianluo serve` in a subprocess on 127.0.0.1 (loopback only; --threads 8, the default). Each person is a
thread with its own cookie jar: it logs in through the form (not timed), then for the duration loops over a
realistic mix (by weight): 工作台 3, the item list (a page, or filtered by department/overdue) 4, an item page 4,
notices 1, tasks 1; writes: a clerk registers a matter 1 (unique title), a department records a contact on one of
its open matters 1 (unique note), with a think time of 0–50 ms. Bounded: --seconds, and --max-requests per person.

Figures: p50/p95/max latency of page views and of writes, throughput, errors (any non-2xx/3xx answer or a
failed connection). Checks after the run, reading the store: every registration answered with an id is in the
store under that id with its title (0 lost writes), each title once and ids unique (0 duplicate ids), every
contact recorded once in its item's trail under the person's login name. Targets: p95 ≤ 300 ms for pages,
0 errors, 0 lost writes, 0 duplicate ids. Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from click.testing import CliRunner  # noqa: E402

from lianluo.kernel import Item  # noqa: E402
from lianluo.kernel.cli.main import cli  # noqa: E402
from lianluo.kernel.store.factory import open_store  # noqa: E402
from scale_homes import Mix, base_home, build_home, progress_line, run, templates  # noqa: E402

TODAY = "2026-06-10"
PASSWORD = "bench-password-1"
PAGE_P95_MS = 300
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
WORKING = ("assigned", "handling", "replied")


def build(folder: Path, items: int, pg: str | None) -> Path:
    base = base_home(folder)
    docs = templates(base, folder)
    home, _ = build_home(base, docs, Mix.realistic(items), folder / f"home-{items}", progress_line)
    if pg:
        run(home, "migrate", "--to", pg)
    return home


def add_users(home: Path, count: int) -> list[dict]:
    """About 40% clerks, 40% department staff (round the departments), 20% leaders."""
    with open_store(home).reader() as tx:
        depts = sorted(tx.all("departments"), key=lambda d: d["id"])
    people = []
    for n in range(count):
        role = ("clerk", "department", "clerk", "department", "leader")[n % 5]
        dept = depts[n % len(depts)] if role == "department" else None
        name = f"{role}{n:02d}"
        args = ["--home", str(home), "user", "add", name, "--role", role, "--password-stdin"]
        result = CliRunner().invoke(cli, args + (["--dept", dept["name"]] if dept else []), input=PASSWORD + "\n")
        assert result.exit_code == 0, result.output
        people.append({"name": name, "role": role, "dept": dept["id"] if dept else None})
    return people


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(home: Path, port: int, threads: int, workers: int = 1) -> subprocess.Popen:
    env = {**os.environ, "LIANLUO_TODAY": TODAY}
    # the server's stderr goes to a file: waitress warns at every queued task, and a pipe nobody reads fills up
    # after a minute and stops the server's main loop (every request then hangs)
    log = open(home.parent / "serve.log", "wb")
    server = subprocess.Popen([sys.executable, "-c", "from lianluo.kernel.cli.main import main; main()",
                               "--home", str(home), "serve", "--port", str(port), "--threads", str(threads),
                               "--workers", str(workers)],
                              stdout=subprocess.DEVNULL, stderr=log, env=env)
    log.close()
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5).read()
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                said = (home.parent / "serve.log").read_text(encoding="utf-8", errors="replace")[-2000:]
                raise SystemExit(f"lianluo serve did not start: {said}")
            time.sleep(0.3)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Person:
    """One simulated person: a cookie jar, what they may touch, and what they wrote."""

    def __init__(self, base: str, who: dict, open_items: list[int], rng: random.Random):
        self.base, self.who, self.rng = base, who, rng
        self.open_items = open_items
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        self.timings: list[tuple[str, float]] = []  # (page|write, seconds)
        self.errors: list[str] = []
        self.registered: dict[str, int] = {}  # title → id the answer named
        self.contacts: list[tuple[int, str]] = []
        self.serial = 0

    def request(self, path: str, form: dict | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=30) as answer:
                return answer.status, answer.headers.get("Location", ""), answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", ""), exc.read().decode(errors="replace")

    def token(self, body: str) -> str:
        return TOKEN.search(body).group(1)

    def login(self) -> None:
        status, _, body = self.request("/login")
        status, where, _ = self.request("/login", {"username": self.who["name"], "password": PASSWORD,
                                                   "csrf_token": self.token(body)})
        assert status == 303 and where == "/", (self.who, status, where)
        self.csrf = self.token(self.request("/")[2])

    def timed(self, kind: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        start = time.perf_counter()
        try:
            status, where, body = self.request(path, form)
        except OSError as exc:
            self.errors.append(f"{path}: {exc}")
            return 0, "", ""
        self.timings.append((kind, time.perf_counter() - start))
        if status >= 400:
            said = re.sub(r"<[^>]+>|\s+", " ", body)[-200:]
            self.errors.append(f"{path}: HTTP {status} {said}")
        return status, where, body

    def step(self, items: int) -> None:
        role = self.who["role"]
        choices = [("home", 3), ("list", 4), ("item", 4), ("notices", 1), ("tasks", 1)]
        if role == "clerk":
            choices.append(("register", 1))
        if role == "department" and self.open_items:
            choices.append(("contact", 1))
        what = self.rng.choices([c for c, _ in choices], [w for _, w in choices])[0]
        if what == "home":
            self.timed("page", "/")
        elif what == "list":
            query = self.rng.choice(["", f"?page={self.rng.randint(1, 20)}", "?overdue=1", "?status=handling"])
            self.timed("page", "/items" + query)
        elif what == "item":
            pool = self.open_items if role == "department" else None
            ref = self.rng.choice(pool) if pool else self.rng.randint(1, items)
            self.timed("page", f"/items/{ref}")
        elif what == "notices":
            self.timed("page", "/notices")
        elif what == "tasks":
            self.timed("page", "/tasks")
        elif what == "register":
            self.serial += 1
            title = f"压力测试建议 {self.who['name']}-{self.serial}"
            status, where, _ = self.timed("write", "/items/new", {
                "kind": "suggestion", "title": title, "deputy": str(self.rng.randint(1, 50)), "channel": "interim",
                "date": TODAY, "content": "压力测试", "csrf_token": self.csrf})
            if status == 303:
                self.registered[title] = int(where.rsplit("/", 1)[1])
        elif what == "contact":
            self.serial += 1
            ref, note = self.rng.choice(self.open_items), f"压力测试联系 {self.who['name']}-{self.serial}"
            status, _, _ = self.timed("write", f"/items/{ref}/actions/contact",
                                      {"mode": "phone", "note": note, "date": TODAY, "csrf_token": self.csrf})
            if status == 303:
                self.contacts.append((ref, note))


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of a process and its children still running, from /proc (Linux; None elsewhere):
    what the server spent during the run, beside what the simulated people spent on the same cores."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    own = (int(fields[11]) + int(fields[12])) / tick
    return own + sum(cpu_seconds(int(c)) or 0.0 for c in children)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def check_writes(home: Path, people: list[Person]) -> dict:
    """Lost writes and duplicate ids, read from the store after the server has stopped."""
    with open_store(home).reader() as tx:
        items = [Item.from_doc(d) for d in tx.all("items")]
    ids = Counter(i.id for i in items)
    by_title = Counter(i.title for i in items)
    stored = {i.id: i for i in items}
    lost, dup = [], [i for i, n in ids.items() if n > 1]
    for person in people:
        for title, ref in person.registered.items():
            if ref not in stored or stored[ref].title != title:
                lost.append(f"register {title} → {ref}")
            elif by_title[title] != 1:
                dup.append(title)
        for ref, note in person.contacts:
            found = [e for e in stored[ref].events if e.action == "contact" and e.detail.get("note") == note]
            if len(found) != 1 or found[0].who != person.who["name"]:
                lost.append(f"contact {ref} {note} ({len(found)} found)")
    writes = sum(len(p.registered) + len(p.contacts) for p in people)
    return {"writes_acknowledged": writes, "lost_writes": len(lost), "duplicate_ids": len(dup),
            "examples": (lost + [str(d) for d in dup])[:5]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--quick", action="store_true", help="a short run: 15 s")
    parser.add_argument("--max-requests", type=int, default=100_000, help="per person, an upper bound")
    parser.add_argument("--threads", type=int, default=8, help="the server's threads (lianluo serve --threads)")
    parser.add_argument("--workers", type=int, default=1, help="the server's processes (lianluo serve --workers)")
    parser.add_argument("--pg", help="PostgreSQL URL: the home is migrated to a fresh schema there")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)
    seconds = 15.0 if args.quick else args.seconds
    with tempfile.TemporaryDirectory(prefix="lianluo-bench-web-") as folder:
        os.environ["LIANLUO_TODAY"] = TODAY
        os.environ.pop("LIANLUO_STORE", None)
        started = time.perf_counter()
        home = build(Path(folder), args.items, args.pg)
        who = add_users(home, args.users)
        with open_store(home).reader() as tx:
            docs = [Item.from_doc(d) for d in tx.all("items")]
        open_by_dept: dict[int, list[int]] = {}
        today = dt.date.fromisoformat(TODAY)
        for item in docs:
            if item.status in WORKING and item.lead is not None and item.received <= today \
                    and all(e.at <= today for e in item.events):  # a contact dated today follows its history
                open_by_dept.setdefault(item.lead, []).append(item.id)
        progress_line(f"home of {len(docs)} items built in {time.perf_counter() - started:.0f} s; serving")
        port = free_port()
        server = serve(home, port, args.threads, args.workers)
        try:
            people = [Person(f"http://127.0.0.1:{port}", w, open_by_dept.get(w["dept"], []) if w["dept"] else [],
                             random.Random(n)) for n, w in enumerate(who)]
            for person in people:
                try:
                    person.login()
                except AssertionError as failed:
                    said = (home.parent / "serve.log").read_text(encoding="utf-8", errors="replace")[-3000:]
                    raise SystemExit(f"login failed {failed}: {said}") from None
            deadline = time.monotonic() + seconds

            def work(person: Person) -> None:
                for _ in range(args.max_requests):
                    if time.monotonic() >= deadline:
                        return
                    person.step(len(docs))
                    time.sleep(person.rng.uniform(0, 0.05))

            threads = [threading.Thread(target=work, args=(p,)) for p in people]
            server_cpu, own_cpu = cpu_seconds(server.pid), time.process_time()
            begun = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - begun
            ended = cpu_seconds(server.pid)
            server_cpu = round(ended - server_cpu, 1) if ended is not None and server_cpu is not None else None
            own_cpu = round(time.process_time() - own_cpu, 1)
        finally:
            server.terminate()
            server.wait(timeout=30)
        writes = check_writes(home, people)
        if args.pg:
            open_store(home).drop()
    pages = [s for p in people for k, s in p.timings if k == "page"]
    wrote = [s for p in people for k, s in p.timings if k == "write"]
    errors = [e for p in people for e in p.errors]
    figures = {
        "store": "PostgreSQL" if args.pg else "TinyDB", "items": len(docs), "users": args.users,
        "server_threads": args.threads, "server_workers": args.workers, "seconds": round(elapsed, 1),
        "requests": len(pages) + len(wrote), "throughput_rps": round((len(pages) + len(wrote)) / elapsed, 1),
        "pages": {"count": len(pages), "p50_ms": round(percentile(pages, 50) * 1000),
                  "p95_ms": round(percentile(pages, 95) * 1000), "max_ms": round(max(pages, default=0) * 1000)},
        "writes": {"count": len(wrote), "p50_ms": round(percentile(wrote, 50) * 1000),
                   "p95_ms": round(percentile(wrote, 95) * 1000), "max_ms": round(max(wrote, default=0) * 1000)},
        "server_cpu_s": server_cpu, "load_generator_cpu_s": own_cpu, "load_average": os.getloadavg()[0],
        "errors": len(errors), "error_examples": errors[:5], **writes,
    }
    checks = {f"page p95 ≤ {PAGE_P95_MS} ms": figures["pages"]["p95_ms"] <= PAGE_P95_MS,
              "0 errors": not errors, "0 lost writes": writes["lost_writes"] == 0,
              "0 duplicate ids": writes["duplicate_ids"] == 0}
    figures["checks"] = checks
    print(f"web desk, {figures['store']}, {figures['items']} items, {args.users} users, server --threads "
          f"{args.threads} --workers {args.workers}, {figures['seconds']} s:")
    print(f"  requests {figures['requests']} ({figures['throughput_rps']}/s); errors {figures['errors']}")
    print(f"  CPU: server {server_cpu} s, simulated people {own_cpu} s in {figures['seconds']} s on "
          f"{os.cpu_count()} cores; load average {figures['load_average']:.1f}")
    for kind in ("pages", "writes"):
        f = figures[kind]
        print(f"  {kind:<6} {f['count']:>6}  p50 {f['p50_ms']:>5} ms  p95 {f['p95_ms']:>5} ms  max {f['max_ms']:>5} ms")
    print(f"  writes acknowledged {writes['writes_acknowledged']}; lost {writes['lost_writes']}; "
          f"duplicate ids {writes['duplicate_ids']}")
    for example in figures["error_examples"] + writes["examples"]:
        print(f"    {example}")
    for label, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
