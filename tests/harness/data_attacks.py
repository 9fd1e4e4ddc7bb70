"""Issue 24's scriptable attacks on the data home's files, run through the installed `lianluo` command the way a
clerk or cron would: restores and backups in the same second, outputs aimed at the data files or at a device,
a FIFO or /dev/zero as a backup, a deeply nested backup, a zip-bomb roster, stdout on a full disk or a closed
pipe after a commit. Each attack checks what the user sees (exit code, one line) and what is on disk after it
(no committed record lost, no file overwritten, nothing hung). `run` returns the figures; bench/reliability.py
prints them and tests/test_harden_data.py holds the one-attack tests."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from click.testing import CliRunner

LIANLUO = str(Path(sys.executable).parent / "lianluo")
SAVED_EXIT = 4
HANG_SECONDS = 30


def _run(home: Path, *args: str, stdout=subprocess.PIPE, env: dict | None = None) -> tuple[int, str, float]:
    """(exit code, stderr, seconds); a command still running after HANG_SECONDS counts as hung (code None)."""
    started = time.monotonic()
    try:
        done = subprocess.run([LIANLUO, "--home", str(home), *args], stdout=stdout, stderr=subprocess.PIPE,
                              timeout=HANG_SECONDS, env={**os.environ, **(env or {})})
    except subprocess.TimeoutExpired:
        return None, "hung", HANG_SECONDS
    return done.returncode, done.stderr.decode(errors="replace"), time.monotonic() - started


def _titles(home: Path) -> set[str]:
    from lianluo.kernel.store.factory import open_store

    return {doc["title"] for doc in open_store(home).dump().get("items", {}).values()}


def make_home(home: Path) -> None:
    from lianluo.kernel.cli.main import cli

    runner = CliRunner()
    for args in (["init", "--profile", "liwan-court", "--org", "示例区人民法院"], ["dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长"],
                 ["deputy", "add", "--name", "陈代表", "--level", "district"]):
        done = runner.invoke(cli, ["--home", str(home), *args])
        assert done.exit_code == 0, done.output


def _register(home: Path, title: str) -> None:
    code, err, _ = _run(home, "item", "register", "--kind", "suggestion", "--deputy", "1", "--title", title)
    assert code == 0, err


class Tally:
    """Attacks tried and what went wrong, by kind."""

    def __init__(self) -> None:
        self.tried = 0
        self.problems: list[str] = []
        self.lost = 0
        self.overwritten = 0
        self.hung = 0
        self.slowest = 0.0

    def check(self, name: str, good: bool, detail: str = "") -> None:
        self.tried += 1
        if not good:
            self.problems.append(f"{name}: {detail}")


def same_second_copies(work: Path, tally: Tally, rounds: int) -> None:
    """Restores and backups one right after the other (the same second, often): every replaced copy and every
    backup is its own file, and each holds the item registered just before it."""
    home = work / "same-second"
    make_home(home)
    code, out = _run_json(home, "backup")
    first_backup = out["backup"]
    kept_paths, backups = set(), {first_backup}
    for n in range(rounds):
        _register(home, f"恢复前第{n}件")
        code, out = _run_json(home, "restore", first_backup)
        replaced = out.get("replaced")
        ok = code == 0 and replaced and replaced not in kept_paths and f"恢复前第{n}件" in _file_titles(replaced)
        tally.check("restore twice in a second", bool(ok), str(out))
        tally.lost += 0 if ok else 1
        kept_paths.add(replaced)
        code, out = _run_json(home, "backup")
        ok = code == 0 and out.get("backup") not in backups
        tally.check("backup twice in a second", bool(ok), str(out))
        tally.overwritten += 0 if ok else 1
        backups.add(out.get("backup"))


def _run_json(home: Path, *args: str) -> tuple[int, dict]:
    done = subprocess.run([LIANLUO, "--home", str(home), *args, "--json"], capture_output=True, timeout=HANG_SECONDS)
    try:
        return done.returncode, json.loads(done.stdout or b"{}")
    except ValueError:
        return done.returncode, {"stderr": done.stderr.decode(errors="replace")}


def _file_titles(path: str) -> set[str]:
    data = json.loads(Path(path).read_bytes())
    return {doc["title"] for doc in data.get("items", {}).values()}


def outputs_at_data_files(work: Path, tally: Tally) -> None:
    """Every user-chosen output aimed at each of the home's data files: refused (exit 2), the data unchanged."""
    from lianluo.kernel.store.factory import open_store

    home = work / "targets"
    make_home(home)
    _register(home, "不能被报告覆盖")
    before = open_store(home).dump()
    targets = ["lianluo.json", "lianluo.json.bak", "data", "data/new.md", "profile.toml", ".lianluo.lock"]
    for target in targets:
        path = str(home / target)
        for args in (("report", "--period", "2026", "--out", path, "--force"), ("backup", "--out", path),
                     ("deputy", "template", path + "/名册.xlsx" if target == "data" else path)):
            code, err, _ = _run(home, *args)
            tally.check(f"{args[0]} → {target}", code == 2 and len(err.strip().splitlines()) == 1, err)
    intact = open_store(home).dump() == before
    tally.check("data unchanged after aimed outputs", intact)
    tally.overwritten += 0 if intact else 1


def unreadable_sources(work: Path, tally: Tally) -> None:
    """/dev/zero, a FIFO, a folder, a 100,000-deep JSON as a backup; a FIFO and /dev/full as a report; a zip
    bomb as a roster: each refused in one line within seconds, nothing written."""
    home = work / "sources"
    make_home(home)
    fifo = work / "fifo"
    os.mkfifo(fifo)
    deep = work / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    bomb = work / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", "<worksheet>" + "<row/>" * 12_000_000 + "</worksheet>")
    attacks = [("restore", "/dev/zero"), ("restore", str(fifo)), ("restore", str(work)), ("restore", str(deep)),
               ("report", "--period", "2026", "--out", str(fifo), "--force"),
               ("report", "--period", "2026", "--format", "docx", "--out", "/dev/full", "--force"),
               ("deputy", "import", str(bomb)), ("report", "--period", "2026", "--out", ""),
               ("report", "--period", "2026", "--out", "x" * 5000), ("backup", "--out", str(work / "无此目录" / "b.json"))]
    for args in attacks:
        code, err, seconds = _run(home, *args)
        tally.slowest = max(tally.slowest, seconds)
        tally.hung += code is None
        clean = code in (1, 2) and len(err.strip().splitlines()) == 1 and "内部错误" not in err
        tally.check(" ".join(a[:40] for a in args), clean and seconds < 10, f"exit {code}, {seconds:.1f} s: {err}")


def output_failures(work: Path, tally: Tally, rounds: int) -> None:
    """A register and a tick whose stdout is /dev/full or a closed pipe: exit 4 saying the work was saved, the
    item there once; a read-only command failing the same way does not claim anything was saved."""
    from lianluo.kernel.store.factory import open_store

    home = work / "full"
    make_home(home)
    for n in range(rounds):
        title = f"输出失败第{n}件"
        with open("/dev/full", "w") as full:
            code, err, _ = _run(home, "item", "register", "--kind", "suggestion", "--deputy", "1", "--title", title,
                                stdout=full)
        kept = title in _titles(home)
        tally.check("register > /dev/full", code == SAVED_EXIT and "已保存" in err and kept, f"exit {code}: {err}")
        tally.lost += 0 if kept else 1
        read, write = os.pipe()
        os.close(read)
        before = open_store(home).fingerprint()
        try:
            code, err, _ = _run(home, "tick", "--today", str(dt.date.today() + dt.timedelta(days=20 * (n + 1))),
                                stdout=write)
        finally:
            os.close(write)
        changed = open_store(home).fingerprint() != before  # the claim made must be the truth
        said = (SAVED_EXIT, "已保存") if changed else (1, "数据未作修改")
        tally.check("tick | closed pipe", code in (0, said[0]) and (code == 0 or said[1] in err),
                    f"exit {code}, data {'changed' if changed else 'unchanged'}: {err}")
        with open("/dev/full", "w") as full:
            code, err, _ = _run(home, "item", "list", stdout=full)
        tally.check("item list > /dev/full", code == 1 and "已保存" not in err, f"exit {code}: {err}")


def run(work: Path, rounds: int = 5) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    tally = Tally()
    same_second_copies(work, tally, rounds)
    outputs_at_data_files(work, tally)
    unreadable_sources(work, tally)
    output_failures(work, tally, rounds)
    return {"tried": tally.tried, "problems": tally.problems, "lost": tally.lost,
            "overwritten": tally.overwritten, "hung": tally.hung, "slowest": tally.slowest}


def figure_rows(found: dict) -> list[tuple[str, object, bool]]:
    """bench/reliability.py's rows for these attacks: (label, value, whether the guarantee held)."""
    return [
        ("data-file attacks tried (issue 24)", found["tried"], True),
        ("  mishandled (wrong exit, not one line, claim untrue)", len(found["problems"]), not found["problems"]),
        ("  committed records lost / files overwritten", f"{found['lost']} / {found['overwritten']}",
         found["lost"] == found["overwritten"] == 0),
        ("  commands hung / slowest refusal", f"{found['hung']} / {found['slowest']:.1f} s", found["hung"] == 0),
    ]
