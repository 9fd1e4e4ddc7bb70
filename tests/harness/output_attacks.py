"""Issue 24's attacks on what leaves the program, scripted through the CLI as a clerk would type them: formulas
typed as names, control and zero-width characters in every kind of text input, and phone-shaped numbers and
pieces of addresses in free text, looked for in every output format. Used by tests/test_output_hardening.py and
bench/reliability.py; each returns counts and the problems found."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner

from lianluo.kernel.cli.main import cli

FORMULAS = ('=HYPERLINK("http://example.invalid/x","点击")', "=1+1", "+1+2", "-3+4", "@SUM(A1)", "=cmd|' /C calc'!A0")
# Every shape issue 24 found unmasked, the address piece last (the deputy's address is ADDRESS).
ADDRESS = "广州市荔湾区中山八路123号5栋"
PHONE_FORMS = ("13912345678", "138 1234 5678", "+86 138-1234-5678", "１３８１２３４５６７８", "(020)81234567",
               "020-8123-4567", "138.1234.5678", "中山八路123号5栋")
CONTROLS = {"NUL": "\x00", "BEL": "\x07", "ESC": "\x1b", "DEL": "\x7f", "C1": "\x9b"}
ZERO_WIDTH = ("\u200b", "\u200b\u200d\ufeff", " \u2060 ")


def lianluo(home: Path, *args: str, plugins: dict | None = None):
    return CliRunner().invoke(cli, ["--home", str(home), *args], obj=dict(plugins) if plugins else None)


def _ok(home: Path, *args: str) -> str:
    done = lianluo(home, *args)
    if done.exit_code != 0:
        raise RuntimeError(f"lianluo {' '.join(args)} exited {done.exit_code}: {done.output}")
    return done.stdout


def file_text(path: Path) -> str:
    """Every XML part of an XLSX or DOCX (so text hidden anywhere in the file is found), or a text file."""
    if path.suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(path) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return path.read_text(encoding="utf-8")


def base_home(home: Path, org: str = "广州市荔湾区人民法院") -> None:
    _ok(home, "init", "--profile", "liwan-court", "--org", org, "--head", "周院长")
    _ok(home, "dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")


# --- 5. formulas -------------------------------------------------------------------------------------------

def formula_cells(path: Path) -> tuple[int, list[str]]:
    """(text cells holding an escaped formula, every cell the workbook would run as a formula)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    escaped, live = 0, []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    live.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
                elif isinstance(cell.value, str) and cell.value.startswith("'") and cell.value[1:] in FORMULAS:
                    escaped += 1
    return escaped, live


def formula_attack(home: Path, out: Path) -> dict:
    """Formulas as the organisation, a department, deputies, titles: the report's XLSX is searched for live
    formula cells."""
    base_home(home, org=FORMULAS[1])
    _ok(home, "dept", "add", FORMULAS[2], "--head", FORMULAS[3], "--leader", "王副院长")
    for n, text in enumerate(FORMULAS, 1):
        _ok(home, "deputy", "add", "--name", text, "--level", "district", "--group", FORMULAS[-1])
        _ok(home, "item", "register", "--kind", "suggestion", "--title", text, "--deputy", str(n),
            "--channel", "interim", "--date", "2026-03-02")
    _ok(home, "item", "approve", "1", "--date", "2026-03-02")
    _ok(home, "item", "assign", "1", "--lead", FORMULAS[2], "--date", "2026-03-03")
    path = out / "formulas.xlsx"
    _ok(home, "report", "--period", "2026", "--format", "xlsx", "--out", str(path), "--today", "2026-06-30")
    escaped, live = formula_cells(path)
    return {"typed": len(FORMULAS) * 2 + 3, "escaped_cells": escaped, "live": live, "path": path}


# --- 6. control characters -----------------------------------------------------------------------------------

def control_inputs(home: Path, folder: Path) -> list[tuple[str, list[str]]]:
    """(field the error must name, command line) for every kind of text input with a bad character in it."""
    lines = []
    for name, ch in CONTROLS.items():
        lines += [
            ("--title", ["item", "register", "--kind", "suggestion", "--title", f"标题{ch}", "--deputy", "1",
                         "--channel", "interim", "--date", "2026-03-02"]),
            ("--content", ["item", "register", "--kind", "suggestion", "--title", "标题", "--deputy", "1",
                           "--channel", "interim", "--date", "2026-03-02", "--content", f"内容{ch}"]),
            ("--name", ["deputy", "add", "--name", f"张{ch}三", "--level", "district"]),
            ("--address", ["deputy", "add", "--name", "张三", "--level", "district", "--address", f"地址{ch}"]),
            ("--head", ["dept", "add", "审判庭", "--head", f"庭长{ch}", "--leader", "王副院长"]),
            ("--note", ["item", "contact", "1", "--mode", "phone", "--note", f"已联系{ch}", "--date", "2026-03-05"]),
            ("--as", ["--as", f"书记员{ch}", "item", "list"]),
        ]
        roster = folder / f"roster-{name}.csv"
        roster.write_text(f"姓名,层级\n王{ch}五,区\n", encoding="utf-8")
        lines.append(("[姓名]", ["deputy", "import", str(roster)]))
    for n, blank in enumerate(ZERO_WIDTH):
        lines += [("--name", ["deputy", "add", "--name", blank, "--level", "district"]),
                  ("--title", ["item", "register", "--kind", "suggestion", "--title", blank, "--deputy", "1",
                               "--channel", "interim", "--date", "2026-03-02"])]
    return lines


def control_attack(home: Path, folder: Path) -> dict:
    """Every control-character input must be refused: exit 2, one line naming the field, nothing written; then
    `init --org` in a fresh folder, and the reports in every format still work."""
    base_home(home)
    _ok(home, "deputy", "add", "--name", "陈代表", "--level", "district")
    _ok(home, "item", "register", "--kind", "suggestion", "--title", "诉讼服务", "--deputy", "1", "--channel",
        "interim", "--date", "2026-03-02")
    _ok(home, "item", "approve", "1", "--date", "2026-03-02")
    _ok(home, "item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-02")
    folder.mkdir(parents=True, exist_ok=True)
    problems, tried = [], 0
    before = _ok(home, "item", "list", "--json") + _ok(home, "deputy", "list", "--json")
    attempts = control_inputs(home, folder)
    attempts += [("--org", ["init", "--profile", "liwan-court", "--org", f"法院{ch}"]) for ch in CONTROLS.values()]
    for field, line in attempts:
        tried += 1
        target = folder / f"fresh-{tried}" if line[0] == "init" else home
        done = lianluo(target, *line)
        lines = done.stderr.strip().splitlines()
        one_line = len(lines) == 1 or line[:2] == ["deputy", "import"]  # an import lists each bad row, then a total
        if done.exit_code != 2 or not one_line or field not in lines[0] or "Traceback" in done.output:
            problems.append(f"{' '.join(map(repr, line))}: exit {done.exit_code}: {done.stderr!r}")
        if line[0] == "init" and target.exists() and any(target.iterdir()):
            problems.append(f"init {line!r} wrote {target}")
    after = _ok(home, "item", "list", "--json") + _ok(home, "deputy", "list", "--json")
    if after != before:
        problems.append("a refused input changed the data")
    for fmt in ("md", "json", "xlsx", "docx"):
        done = lianluo(home, "report", "--period", "2026", "--format", fmt, "--out", str(folder / f"r.{fmt}"))
        if done.exit_code != 0:
            problems.append(f"report --format {fmt}: exit {done.exit_code}: {done.output}")
    return {"tried": tried, "problems": problems}


# --- 7. phone-shaped text ------------------------------------------------------------------------------------

def phone_attack(home: Path, out: Path) -> dict:
    """Every phone shape, and a piece of a deputy's address, typed into a title, content, a contact note and a
    reply; then every output is searched: list, show, history (text and JSON), notices, reports in md, json,
    xlsx and docx, and the reply letter."""
    base_home(home)
    _ok(home, "deputy", "add", "--name", "陈代表", "--level", "district", "--phone", "13700001111",
        "--address", ADDRESS)
    forms = "、".join(PHONE_FORMS)
    _ok(home, "item", "register", "--kind", "suggestion", "--title", f"群众来电{PHONE_FORMS[0]}反映问题",
        "--deputy", "1", "--channel", "interim", "--date", "2026-03-02", "--content", f"联系方式：{forms}")
    _ok(home, "item", "register", "--kind", "suggestion", "--title", f"号码 {forms}", "--deputy", "1",
        "--channel", "interim", "--date", "2026-03-02")
    _ok(home, "item", "approve", "1", "--date", "2026-03-02")
    _ok(home, "item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-03")
    _ok(home, "item", "contact", "1", "--mode", "phone", "--note", f"已致电 {forms}", "--date", "2026-03-05")
    _ok(home, "item", "reply", "1", "--category", "A", "--text", f"已回复，可拨打 {forms}", "--date", "2026-04-01")
    out.mkdir(parents=True, exist_ok=True)
    texts = {}
    for args in (["item", "list"], ["item", "list", "--json"], ["item", "show", "1"], ["item", "show", "2", "--json"],
                 ["item", "history", "1"], ["tick", "--today", "2026-05-10"], ["notices", "--json"],
                 ["report", "--period", "2026", "--today", "2026-06-30"],
                 ["report", "--period", "2026", "--format", "json", "--today", "2026-06-30"]):
        texts[" ".join(args)] = _ok(home, *args)
    for fmt in ("xlsx", "docx"):
        path = out / f"report.{fmt}"
        _ok(home, "report", "--period", "2026", "--format", fmt, "--out", str(path), "--today", "2026-06-30")
        texts[path.name] = file_text(path)
    letter = out / "letter.docx"
    _ok(home, "item", "letter", "1", "--out", str(letter))
    texts[letter.name] = file_text(letter)
    found = [f"{where}: {form}" for where, text in texts.items() for form in PHONE_FORMS if form in text]
    return {"outputs": len(texts), "forms": len(PHONE_FORMS), "leaks": found, "texts": texts}


def figures(work: Path) -> list[tuple[str, object, bool]]:
    """bench/reliability.py's rows for these attacks: (label, value, whether the guarantee held), problems
    printed as they are found."""
    formulas = formula_attack(work / "formulas", work)
    controls = control_attack(work / "controls", work / "controls-work")
    phones = phone_attack(work / "phones", work / "phones-out")
    for problem in [*formulas["live"], *controls["problems"], *phones["leaks"]]:
        print(f"   ! {problem}")
    return [
        ("formulas typed (org, department, deputies, titles)", formulas["typed"], True),
        ("  live formula cells in the XLSX report", len(formulas["live"]), not formulas["live"]),
        ("control / zero-width inputs tried", controls["tried"], True),
        ("  not refused cleanly (exit 2, naming the field)", len(controls["problems"]), not controls["problems"]),
        ("phone shapes × outputs searched", f"{phones['forms']} × {phones['outputs']}", True),
        ("  phone shapes or address pieces found unmasked", len(phones["leaks"]), not phones["leaks"]),
    ]
