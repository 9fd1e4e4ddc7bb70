"""Guarantee 10: personal data. A full scripted use of a home — deputies with phone numbers and addresses,
items through their life, ticks with a plugin that fails quoting a deputy's number, notices, reports in every
format, score, history, letters, backups, refused input — collecting every output and every file written, to
grep them for the numbers and addresses and to check the files' modes."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from click.testing import CliRunner

from lianluo.kernel.cli.main import cli
from lianluo.kernel.hooks import hookimpl

PHONES = ("13812345678", "020-81234567")
ADDRESSES = ("广州市荔湾区中山八路123号", "广州市荔湾区芳村大道东88号")
SECRETS = (*PHONES, *ADDRESSES, *(p.replace("-", "") for p in PHONES))
STORE_COPIES = ("lianluo.json", "data", "backups")  # the store (manifest, segments) and its copies hold the data by design


class Leaky:
    """A plugin whose delivery fails with the deputy's full number in the message, as a careless SMS gateway
    adapter would."""

    @hookimpl
    def on_due(self, item, clock, point):
        raise RuntimeError(f"短信网关拒绝号码 {PHONES[0]}")


def script(out: Path, free_text: bool) -> list[list[str]]:
    """The command lines of the full use, in order; exports go to `out`. With `free_text` the clerk also types
    deputies' numbers into an item's content, a contact note and a reply."""
    content = f"请致电 {PHONES[0]}" if free_text else "请改进诉讼服务"
    note = f"已电话联系 {PHONES[1]}" if free_text else "已电话联系"
    lines = [
        ["init", "--profile", "liwan-court", "--head", "周院长"],
        ["dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长"],
        ["deputy", "add", "--name", "陈代表", "--level", "district", "--phone", PHONES[0], "--address", ADDRESSES[0]],
        ["deputy", "add", "--name", "林代表", "--level", "district", "--phone", PHONES[1], "--address", ADDRESSES[1],
         "--json"],
        ["deputy", "list"], ["deputy", "list", "--json"], ["deputy", "show", "1"], ["deputy", "show", "2", "--json"],
        ["deputy", "add", "--name", "错号码", "--level", "district", "--phone", PHONES[0] + "x"],
        ["item", "register", "--kind", "suggestion", "--title", "诉讼服务", "--deputy", "1", "--deputy", "2",
         "--channel", "interim", "--date", "2026-03-02", "--content", content],
        ["item", "approve", "1", "--date", "2026-03-02"],
        ["item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-03"],
        ["item", "contact", "1", "--mode", "phone", "--note", note, "--date", "2026-03-05"],
        ["tick", "--today", "2026-04-20"], ["tick", "--today", "2026-05-10", "--json"],
        ["item", "reply", "1", "--category", "A", "--text", "已解决", "--date", "2026-05-12"],
        ["item", "feedback", "1", "--rating", "satisfied", "--deputy", "1", "--date", "2026-05-20"],
        ["item", "show", "1"], ["item", "show", "1", "--json"], ["item", "history", "1"],
        ["item", "history", "1", "--json"], ["item", "list", "--json"], ["notices"], ["notices", "--json"],
        ["item", "letter", "1", "--out", str(out / "letters")],
        ["report", "--period", "2026", "--today", "2026-06-30"],
        ["report", "--period", "2026", "--format", "json", "--today", "2026-06-30"],
        ["report", "--period", "2026", "--format", "xlsx", "--today", "2026-06-30"],
        ["report", "--period", "2026", "--format", "docx", "--today", "2026-06-30"],
        ["report", "--period", "2026", "--format", "xlsx", "--out", str(out / "report.xlsx"), "--today", "2026-06-30"],
        ["score", "--period", "2026", "--today", "2026-06-30"], ["score", "--period", "2026", "--json",
                                                                  "--today", "2026-06-30"],
        ["backup"], ["backup", "--out", str(out / "lianluo.json.copy")],
        ["item", "reply", "999", "--category", "A", "--text", PHONES[0]],
    ]
    return lines


def full_run(home: Path, out: Path, free_text: bool = True) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Run the script with LIANLUO_DEBUG set (so any traceback would be printed) and a plugin whose every
    reminder fails quoting a number; returns every output text and each command's exit code."""
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    runner = CliRunner(env={"LIANLUO_DEBUG": "1"})
    outputs, codes = [], []
    for line in script(out, free_text):
        done = runner.invoke(cli, ["--home", str(home), *line], obj={"leaky": Leaky()})
        outputs.append(done.output)
        codes.append((done.exit_code, line))
    return outputs, codes


def written_texts(root: Path) -> dict[Path, str]:
    """Every file under `root` as text, xlsx and docx unzipped to their XML; the store's own copies skipped."""
    texts = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if any(part.startswith(STORE_COPIES) for part in path.relative_to(root).parts):
            continue
        if path.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(path) as archive:
                texts[path] = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        else:
            texts[path] = path.read_bytes().decode("utf-8", "replace")
    return texts


def leaks(texts: dict[str, str]) -> list[str]:
    """'where: secret' for every secret found in any text."""
    return [f"{where}: {secret}" for where, text in texts.items() for secret in SECRETS if secret in text]


def loose_modes(*roots: Path) -> list[str]:
    """Every directory under the roots not 0700 and every file not 0600 (the roots themselves included)."""
    found = []
    for root in roots:
        for path in [root, *root.rglob("*")]:
            want = 0o700 if path.is_dir() else 0o600
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode != want:
                found.append(f"{path}: {mode:o}")
    return found
