"""Reports over many deputies (issue 24 point 13), for bench/scale.py --deputies: the base home plus N more
deputies imported from a roster file with a phone number and an address each (as a clerk would import them),
and 1,000 items among them; `report` (json and xlsx) and `score` are timed, wall and CPU seconds of this
process (the linearity target uses CPU: on the shared machine wall time mostly measures the neighbours). Every report masks each deputy's
number and address wherever it occurs, so before the fix the report was quadratic in the deputies (each string
of the report searched for every deputy's number and address); the target is linear: time(largest) ≤ 1.5 ×
time(smallest) × largest / smallest."""

from __future__ import annotations

import csv
import statistics
import time
from pathlib import Path
from typing import Any

from scale_homes import Mix, build_home, copy_home, run
from scale_ops import TODAY

ITEMS = 1_000
LINEAR_SLACK = 1.5
COMMANDS = {
    "report_json": ["report", "--period", str(TODAY.year), "--format", "json", "--today", TODAY.isoformat()],
    "report_xlsx": ["report", "--period", str(TODAY.year), "--format", "xlsx", "--today", TODAY.isoformat()],
    "score": ["score", "--period", str(TODAY.year), "--today", TODAY.isoformat(), "--json"],
}


def roster(path: Path, count: int) -> Path:
    """`count` deputies, each with a distinct mobile number and a street address sharing a few street names."""
    streets = ("中山八路", "芳村大道东", "多宝路", "龙津西路", "花地大道南", "环市西路", "康王中路")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "层级", "代表团或联组", "电话", "地址"])
        for n in range(count):
            writer.writerow([f"测试代表{n:06d}", "区", f"第{n % 40 + 1}联组", f"139{n:08d}",
                             f"广州市荔湾区{streets[n % len(streets)]}{n // 7 + 1}号{n % 9 + 1}栋"])
    return path


def deputies_home(base: Path, docs: dict, count: int, folder: Path, progress) -> Path:
    progress(f"importing {count} deputies")
    with_deputies = copy_home(base, folder / f"deputies-{count}-base")
    run(with_deputies, "deputy", "import", str(roster(folder / f"roster-{count}.csv", count)))
    progress(f"generating {ITEMS} items among {count} deputies")
    home, _ = build_home(with_deputies, docs, Mix.realistic(ITEMS), folder / f"deputies-{count}")
    return home


def measure(base: Path, docs: dict, counts: tuple[int, ...], repeat: int, folder: Path, progress) -> dict[str, Any]:
    """Median seconds of each command per deputy count, and the linearity target over the largest and smallest."""
    rows = []
    for count in counts:
        home = deputies_home(base, docs, count, folder, progress)
        row: dict[str, Any] = {"deputies": count}
        for name, args in COMMANDS.items():
            progress(f"measuring {name} over {count} deputies")
            runs, cpu = [], []
            for _ in range(repeat):
                began, began_cpu = time.perf_counter(), time.process_time()
                run(home, *args)
                runs.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
            row[name], row[f"{name}_cpu"] = statistics.median(runs), statistics.median(cpu)
        rows.append(row)
    small, large = min(rows, key=lambda r: r["deputies"]), max(rows, key=lambda r: r["deputies"])
    scale = large["deputies"] / small["deputies"]
    targets = [{"target": f"{name} over {large['deputies']} deputies ≤ {LINEAR_SLACK} × linear from {small['deputies']}",
                "ratio": large[f"{name}_cpu"] / (small[f"{name}_cpu"] * scale), "limit": LINEAR_SLACK,
                "pass": large[f"{name}_cpu"] <= LINEAR_SLACK * small[f"{name}_cpu"] * scale}
               for name in COMMANDS] if scale > 1 else []
    return {"items": ITEMS, "rows": rows, "targets": targets}


def table(figures: dict[str, Any]) -> str:
    lines = [f"reports over many deputies ({figures['items']} items), median seconds, wall / CPU:",
             f"  {'deputies':>9} " + " ".join(f"{name:>17}" for name in COMMANDS)]
    for row in figures["rows"]:
        lines.append(f"  {row['deputies']:>9} " + " ".join(f"{row[name]:8.2f} /{row[name + '_cpu']:7.2f}"
                                                         for name in COMMANDS))
    for t in figures["targets"]:
        lines.append(f"  {t['target']} (CPU): {t['ratio']:.2f} (limit {t['limit']}) {'PASS' if t['pass'] else 'FAIL'}")
    return "\n".join(lines)
