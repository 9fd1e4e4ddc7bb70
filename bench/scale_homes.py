"""Realistic data homes for bench/scale.py, built only through public paths (the CLI and the store's Tx), so
they survive a change of the store's file layout.

A base home (liwan-court profile, the demo's departments and ~60-deputy roster, imported as a clerk would) is
set up through the CLI; a few real items are driven through the CLI in a scratch copy of it (register,
approve, assign, accept, contact, reply, feedback, close); their documents are then copied, with shifted dates
and varied titles, deputies and departments, into copies of the base home through `store.transaction()`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any, Callable, NamedTuple

from click.testing import CliRunner

from lianluo.kernel.cli.main import cli
from lianluo.kernel.store.factory import open_store
from lianluo.plugins.demo.court import Court, roster_rows, write_roster
from lianluo.plugins.demo.matters import CATEGORIES, title

LAST_TICK = dt.date(2026, 6, 4)  # the generated homes were last ticked on this day
QUIET = dt.date(2026, 6, 5)      # a tick on this day finds nothing due (and no scheduled report)
TODAY = dt.date(2026, 6, 10)     # a tick on this day finds the "due" items' next check fallen
FIRST = dt.date(2017, 1, 1)      # history starts here
LAST_CLOSED = dt.date(2026, 3, 31)  # the last day a closed item may be received (closed well before QUIET)
BATCH = 20000                    # documents per write transaction while generating
NO_PG = {"LIANLUO_STORE": ""}    # the bench measures the file store, whatever the environment says

# template name → (kind, the CLI steps after registering); {lead}/{co} are department names.
FLOWS = {
    "closed": ("suggestion", [
        ("approve",), ("assign", "--lead", "{lead}"), ("accept",), ("contact", "--mode", "phone", "--note", "电话沟通办理思路"),
        ("reply", "--category", "A", "--text", "已采纳并落实，详见答复函"), ("feedback", "--rating", "satisfied"), ("close",)]),
    "closed_co": ("suggestion", [
        ("approve",), ("assign", "--lead", "{lead}", "--co", "{co}"), ("accept",),
        ("reply", "--dept", "{co}", "--category", "B", "--text", "协办意见：配合主办部门推进"),
        ("reply", "--category", "B", "--text", "正在解决，已列入年度工作计划"), ("feedback", "--rating", "basic"), ("close",)]),
    "closed_letter": ("letter", [
        ("approve",), ("assign", "--lead", "{lead}"), ("reply", "--category", "C", "--text", "已向来信代表说明情况"),
        ("close",)]),
    "approved": ("suggestion", [("approve",)]),  # only to be assigned in a measurement
    "open": ("suggestion", [("approve",), ("assign", "--lead", "{lead}")]),
    "open_contacted": ("suggestion", [
        ("approve",), ("assign", "--lead", "{lead}"), ("accept",), ("contact", "--mode", "meet", "--note", "当面听取代表意见")]),
}
CLOSED = ("closed", "closed", "closed_co", "closed_letter")
OPEN = ("open", "open_contacted")
CONTENT = ("建议{topic}，方便群众诉讼，提升司法公信力。", "希望法院进一步{topic}，并定期向代表通报进展情况。",
           "群众反映{topic}方面仍有不足，建议完善工作机制、明确责任部门和办理时限。")


class Mix(NamedTuple):
    """How many items a generated home holds: closed, open with a far-off next check, and open ones whose
    next check falls between QUIET (exclusive) and TODAY."""

    closed: int
    open: int
    due: int

    @property
    def items(self) -> int:
        return self.closed + self.open + self.due

    @classmethod
    def realistic(cls, items: int) -> "Mix":
        """Most closed (85%), 10% open, 5% due."""
        due, open_ = round(items * 0.05), round(items * 0.10)
        return cls(items - due - open_, open_, due)


def run(home: Path, *args: str, env: dict | None = None) -> str:
    """One `lianluo` command in this process; a failure stops the bench with the command's own message."""
    result = CliRunner().invoke(cli, ["--home", str(home), *args], env=env)
    if result.exit_code != 0:
        raise RuntimeError(f"lianluo {' '.join(args)} exited {result.exit_code}: {result.output}")
    return result.stdout


def base_home(folder: Path) -> Path:
    """A liwan-court home with the demo's departments and roster, and no items."""
    home = folder / "base"
    court = Court.build("court")
    run(home, "init", "--profile", "liwan-court", "--org", court.name, "--head", court.head, env=NO_PG)
    for dept in court.departments:
        run(home, "dept", "add", dept.name, "--head", dept.head, "--leader", dept.leader)
    run(home, "dept", "add", "信访室", "--head", "癸某", "--leader", court.departments[0].leader)
    roster = folder / "roster.csv"
    write_roster(roster, roster_rows(court, random.Random(1)))
    run(home, "deputy", "import", str(roster))
    return home


def templates(base: Path, folder: Path) -> dict[str, dict[str, Any]]:
    """One real document per flow, each driven through the CLI in a scratch copy of the base home."""
    home = copy_home(base, folder / "templates")
    with open_store(home).reader() as tx:
        depts = [d["name"] for d in sorted(tx.all("departments"), key=lambda d: d["id"])]
    day = dt.date(2026, 4, 8)  # the templates' warnings fall on working days, so shifted copies keep their lead time
    docs = {}
    for name, (kind, steps) in FLOWS.items():
        out = run(home, "item", "register", "--kind", kind, "--title", title(kind, random.Random(name)),
                  "--deputy", "1", "--date", day.isoformat(), "--content", CONTENT[0].format(topic="优化诉讼服务"),
                  "--json")
        item = json.loads(out)["id"]
        when = day
        for step in steps:
            when += dt.timedelta(days={"approve": 0, "assign": 1, "reply": 30}.get(step[0], 4))
            args = [a.format(lead=depts[0], co=depts[1]) for a in step]
            run(home, "item", args[0], str(item), *args[1:], "--date", when.isoformat())
        with open_store(home).reader() as tx:
            docs[name] = tx.get("items", item)
    return docs


def add_item(home: Path, docs: dict[str, dict[str, Any]], name: str, received: dt.date, seed: int) -> int:
    """One more item copied from template `name`, received on `received`, written through the store's Tx:
    the untimed preparation of a measured command (an approved item to assign, an assigned one to reply to)."""
    doc = Generator.for_home(home, docs, seed).doc(received, name)
    with open_store(home).transaction() as tx:
        return tx.insert("items", doc)


def copy_home(source: Path, target: Path) -> Path:
    """A full copy of a home: measurements that write never touch the cached original."""
    shutil.copytree(source, target, symlinks=True)
    return target


def shifted(value: Any, days: int, depts: dict[int, int]) -> Any:
    """A copy of a template document with every ISO date (and timestamp) moved by `days` and every
    department reference (lead, co, owner, dept) renumbered through `depts`."""
    if isinstance(value, dict):
        out = {}
        for key, v in value.items():
            if key in ("lead", "owner", "dept") and isinstance(v, int):
                out[key] = depts.get(v, v)
            elif key == "co" and isinstance(v, list):
                out[key] = [depts.get(x, x) for x in v]
            else:
                out[key] = shifted(v, days, depts)
        return out
    if isinstance(value, list):
        return [shifted(v, days, depts) for v in value]
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
        try:
            moved = dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)
        except ValueError:
            return value
        return moved.isoformat() + value[10:]
    return value


class Generator:
    """Makes item documents from the templates: dates, titles, deputies and departments vary by seed."""

    def __init__(self, docs: dict[str, dict[str, Any]], deputies: list[int], depts: list[int], seed: int = 10):
        self.docs = docs
        self.deputies = deputies
        self.depts = depts
        self.rng = random.Random(seed)

    @classmethod
    def for_home(cls, home: Path, docs: dict[str, dict[str, Any]], seed: int = 10) -> "Generator":
        """A generator drawing deputies and departments from the home's own."""
        with open_store(home).reader() as tx:
            deputies = [d["id"] for d in tx.all("deputies")]
            depts = [d["id"] for d in tx.all("departments")]
        return cls(docs, deputies, depts, seed)

    def plan(self, mix: Mix) -> list[tuple[dt.date, str]]:
        """(received day, template) for every item, in date order: ids grow with time as in a real home."""
        rng = self.rng
        span = (LAST_CLOSED - FIRST).days
        plan = [(FIRST + dt.timedelta(days=rng.randrange(span + 1)), rng.choice(CLOSED)) for _ in range(mix.closed)]
        for count, lo, hi in ((mix.open, TODAY + dt.timedelta(days=7), TODAY + dt.timedelta(days=60)),
                              (mix.due, QUIET + dt.timedelta(days=1), TODAY)):
            for _ in range(count):
                name = rng.choice(OPEN)
                check = lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))
                plan.append((check - self._lead_time(name), name))
        plan.sort()
        return plan

    def _lead_time(self, name: str) -> dt.timedelta:
        doc = self.docs[name]
        return dt.date.fromisoformat(doc["next_check"]) - dt.date.fromisoformat(doc["received"])

    def doc(self, received: dt.date, name: str) -> dict[str, Any]:
        template = self.docs[name]
        rng = self.rng
        lead, co = rng.sample(self.depts, 2)
        days = (received - dt.date.fromisoformat(template["received"])).days
        doc = shifted(template, days, {template["lead"]: lead, **{c: co for c in template["co"]}})
        kind = template["kind"]
        topic = title(kind, rng)
        doc["title"] = topic
        doc["content"] = rng.choice(CONTENT).format(topic=topic.removeprefix("关于").removesuffix("的建议"))
        doc["deputies"] = rng.sample(self.deputies, rng.choice((1, 1, 1, 2, 3)))
        if doc.get("reply"):
            doc["reply"] = {**doc["reply"], "category": rng.choice(CATEGORIES)}
        doc.pop("id", None)
        return doc


def build_home(base: Path, docs: dict[str, dict[str, Any]], mix: Mix, target: Path,
               progress: Callable[[str], None] | None = None) -> tuple[Path, float]:
    """A copy of the base home holding `mix`'s items, written through the store's Tx in batches; returns it
    and the average size of an item document (compact UTF-8 JSON, as the file store writes it)."""
    home = copy_home(base, target)
    size = 0
    store = open_store(home)
    gen = Generator.for_home(home, docs)
    plan = gen.plan(mix)
    for start in range(0, len(plan), BATCH):
        with store.transaction() as tx:
            for received, name in plan[start:start + BATCH]:
                doc = gen.doc(received, name)
                size += len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
                tx.insert("items", doc)
        if progress:
            progress(f"generating {target.name}: {min(start + BATCH, len(plan))}/{len(plan)} items")
    with store.transaction() as tx:
        tx.set_meta(last_tick=LAST_TICK.isoformat())
    return home, size / len(plan) if plan else 0.0


def is_data_file(path: Path, home: Path) -> bool:
    """Whether a file under `home` holds the store's data: not a report, backup, lock, temp file, template or
    the configuration (profile.toml, holidays.toml, store.toml)."""
    rel = path.relative_to(home)
    name = path.name
    if rel.parts[0] in ("reports", "backups", "templates"):
        return False
    if ".bak" in name or ".schema1-" in name or name.endswith((".tmp", ".lock", ".toml")):
        return False
    return True


def data_files(home: Path) -> list[Path]:
    return sorted(p for p in Path(home).rglob("*") if p.is_file() and is_data_file(p, Path(home)))


def data_bytes(home: Path) -> int:
    """Bytes of every data file of the home (one file or a segmented layout alike)."""
    return sum(p.stat().st_size for p in data_files(home))


def item_count(home: Path) -> int:
    with open_store(home).reader() as tx:
        return tx.count("items")


def progress_line(text: str) -> None:
    """A progress line on stderr, overwritten in place."""
    sys.stderr.write(f"\r\033[K  {text}")
    sys.stderr.flush()
