"""bench/scale.py at a tiny size: the homes hold what was asked, every figure is there and sane, the ratios are
the ones printed. No timing is asserted: speed is what the bench prints, not what the suite checks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import scale  # noqa: E402
from scale_homes import QUIET, TODAY, Mix, data_bytes, item_count  # noqa: E402
from scale_ops import OPS, Workspace, peak_memory  # noqa: E402

from lianluo.kernel.store.factory import open_store  # noqa: E402


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    return scale.Bench(tmp_path_factory.mktemp("scale"), repeat=1, memory=False, progress=lambda text: None)


def test_generated_home_holds_the_mix_asked_for(bench):
    mix = Mix.realistic(200)
    home, avg = bench.home(mix)
    assert item_count(home) == 200
    with open_store(home).reader() as tx:
        docs = tx.all("items")
        assert sorted(d["id"] for d in docs) == list(range(1, 201))
        assert len([d for d in docs if d["status"] == "closed"]) == mix.closed == 170
        assert len(tx.due("items", TODAY.isoformat())) == mix.due == 10
        assert tx.due("items", QUIET.isoformat()) == []
        assert len(tx.all("deputies")) >= 50 and len(tx.all("departments")) == 8
        years = {d["received"][:4] for d in docs}
        assert min(years) == "2017" and max(years) == "2026"
        assert all(len(d["events"]) >= 3 for d in docs)
        assert len({d["title"] for d in docs}) > 10 and len({tuple(d["deputies"]) for d in docs}) > 20
    assert 1000 < avg < 4000


def test_size_figures_are_complete_and_ratios_are_time_over_floor(bench):
    figures = bench.size(200)
    assert figures["items"] == 200 and figures["data_bytes"] > 200 * 1000 and figures["floor_seconds"] > 0
    assert set(figures["ops"]) == {op.name for op in OPS}
    for name, op in figures["ops"].items():
        assert op["seconds"] > 0, name
        assert op["x_floor"] == pytest.approx(op["seconds"] / figures["floor_seconds"])
    assert figures["ops"]["tick_quiet"]["notices"] == 0
    assert figures["ops"]["tick_due"]["notices"] >= 1  # caught-up points reach each department as one digest
    table = scale.size_table(figures)
    assert "200 items" in table and all(name in table for name in figures["ops"])


def test_targets_compare_the_homes_they_name(bench):
    rows = bench.targets(scale=200, register_at=200, largest=None)
    assert [r["limit"] for r in rows] == [2.0, 1.5, 3.0]
    for row in rows:
        assert row["measured"] > 0 and row["reference"] > 0
        assert row["ratio"] == pytest.approx(row["measured"] / row["reference"])
        assert row["pass"] == (row["ratio"] <= row["limit"])
    assert "200 closed + 200 open" in rows[0]["target"]
    assert bench.paired[(Mix(0, 0, 0), "register")].seconds == rows[2]["reference"]
    for row, line in zip(rows, scale.target_table(rows).splitlines()[1:]):
        assert line.endswith("PASS" if row["pass"] else "FAIL")


def test_peak_memory_runs_in_a_fresh_process(bench):
    home, _ = bench.home(Mix.realistic(200))
    space = Workspace(home, bench.folder, bench.docs)
    tick = next(op for op in OPS if op.name == "tick_due")
    baseline, peak = peak_memory(space, tick, 0)
    space.close()
    assert baseline > 10 * 1024 * 1024 and peak > 0
    with open_store(home).reader() as tx:  # the measured tick ran on a copy
        assert tx.meta["last_tick"] != TODAY.isoformat()


def test_data_bytes_counts_the_store_files_in_either_layout(tmp_path):
    files = {"lianluo.json": 100, "data/items/1.7.json": 40, "data/items/index.json": 7,
             "lianluo.json.bak": 1000, "lianluo.json.schema1-20260101": 1000, "reports/报告.docx": 1000,
             "profile.toml": 1000, ".lianluo.lock": 0, ".lianluo.json.abc.tmp": 1000, "backups/x.json": 1000}
    for name, size in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * size)
    assert data_bytes(tmp_path) == 147


def test_main_prints_tables_and_writes_json(tmp_path, capsys):
    out = tmp_path / "figures.json"
    assert scale.main(["--sizes", "120", "--repeat", "1", "--no-memory", "--json", str(out), "--tmp", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "120 items" in printed and "targets" in printed and "register: 120-item home vs empty home" in printed
    assert "report targets (issue 20)" in printed and "report: 120 items vs 0.2 s" in printed
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert [s["items"] for s in figures["sizes"]] == [120] and len(figures["targets"]) == 3
    reports = figures["report_targets"]
    assert [r["target"] for r in reports] == ["report: 120 items vs 0.2 s", "report: 120 items vs floor",
                                              "score: 120 items vs 0.2 s", "score: 120 items vs floor",
                                              "register with the report facts vs without"]
    ops = figures["sizes"][0]["ops"]
    assert reports[0]["measured"] == ops["report"]["seconds"] and reports[1]["limit"] == 0.5
    assert reports[-1]["limit"] == 1.2 and reports[-1]["pass"] == (reports[-1]["ratio"] <= 1.2)
    assert [p for p in tmp_path.iterdir() if p.name.startswith("lianluo-scale-")] == []  # homes cleaned up


def test_report_targets_hold_time_floor_memory_and_register_limits():
    """Issue 20's rows: ≤ 0.2 s up to 10k items, 1 s above, ≤ 0.5× floor, report memory on the largest home."""
    def size(items, report, score, floor, peak=None):
        ops = {"report": {"seconds": report, **({"peak_bytes": peak} if peak else {})}, "score": {"seconds": score}}
        return {"items": items, "floor_seconds": floor, "data_bytes": 1000, "ops": ops}

    register = (scale.Timing(0.11, [0.11], ""), scale.Timing(0.1, [0.1], ""))
    rows = scale.report_targets([size(1000, 0.1, 0.3, 0.4, 900), size(100_000, 0.9, 0.5, 1.5, 400)], register)
    by_name = {r["target"]: r for r in rows}
    assert by_name["report: 1000 items vs 0.2 s"]["pass"] and not by_name["score: 1000 items vs 0.2 s"]["pass"]
    assert by_name["report: 100000 items vs 1 s"]["pass"] and not by_name["report: 100000 items vs floor"]["pass"]
    assert "report peak memory: 1000 items vs data" not in by_name  # only on the largest home
    assert by_name["report peak memory: 100000 items vs data"]["ratio"] == 0.4
    assert by_name["register with the report facts vs without"]["ratio"] == pytest.approx(1.1)


def test_bad_sizes_are_refused(capsys):
    with pytest.raises(SystemExit) as end:
        scale.main(["--sizes", "1k"])
    assert end.value.code == 2 and "--sizes" in capsys.readouterr().err
