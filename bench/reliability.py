"""Issue 9's reliability figures from one run: kills survived, acknowledged records lost, concurrent writers
and operations, duplicate ids, bad inputs tried and refused, unmasked numbers found.

    .venv/bin/python bench/reliability.py            # 200 kills during registers + 50 during ticks, 8 × 25
    .venv/bin/python bench/reliability.py --full     # 1000 + 250 kills, 8 × 200, fuzz plus random strings
    .venv/bin/python bench/reliability.py --kills 50 --seed 3

Every experiment is the tests' own harness (tests/harness/, and `kill_cycles` from
tests/test_store_durability.py), so the figures are those of the code the tests check. Runs on the TinyDB
store in a throwaway folder; exits 1 when any figure breaks its guarantee.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from harness import concurrency, data_attacks, fuzz, kills, output_attacks, privacy  # noqa: E402
from test_store_durability import kill_cycles  # noqa: E402
from test_bulletin import kill_figures as bulletin_kills  # noqa: E402


def bulletin_rows(work: Path, seed: int) -> list[tuple[str, object, bool]]:
    """Block 13 (issue 22): `bulletin send` to 200 deputies through a loopback SMTP server, SIGKILLed 50 times at
    random points and run again each time: no deputy gets a second copy, every uncertain one is named."""
    print("13. a bulletin send to 200 deputies killed at random (issue 22) …", flush=True)
    (work / "bulletin").mkdir()
    got = _timed("bulletin kills", lambda: bulletin_kills(work / "bulletin", 200, 50, seed))
    for problem in got["problems"]:
        print(f"   ! {problem}")
    return [
        ("bulletin sends killed (200 deputies each)", f"{got['kills']} over {got['issues']} issues", not got["problems"]),
        ("  copies delivered / uncertain (all named)", f"{got['delivered']} / {got['uncertain']} ({got['named']} named)",
         got["uncertain"] == got["named"]),
        ("  deputies with a second copy", got["twice"], got["twice"] == 0),
    ]


def _timed(label: str, run):
    started = time.monotonic()
    result = run()
    print(f"  ({label}: {time.monotonic() - started:.0f} s)", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="SIGKILLs during register loops (a quarter as many "
                                                               "again during ticks)")
    parser.add_argument("--full", action="store_true", help="1000 kills, 8 × 200 writers, fuzz with random strings")
    parser.add_argument("--seed", type=int, default=20260309)
    parser.add_argument("--bulletin-only", action="store_true", help="only block 13: a bulletin send to 200 deputies "
                                                                     "killed 50 times (issue 22)")
    args = parser.parse_args()
    kill_count = max(args.kills, 1000) if args.full else args.kills
    ops = 200 if args.full else 25
    os.environ.update(LIANLUO_USER="可靠性测试")
    for name in ("LIANLUO_TODAY", "LIANLUO_STORE", "LIANLUO_DEBUG"):
        os.environ.pop(name, None)

    ok = True
    if args.bulletin_only:
        with tempfile.TemporaryDirectory(prefix="lianluo-reliability-") as scratch:
            os.environ["LIANLUO_HOME"] = str(Path(scratch) / "default-home")
            rows = bulletin_rows(Path(scratch), args.seed)
        for label, value, good in rows:
            ok &= good
            print(f"  {label:<58} {value}{'' if good else '   ← FAILS'}")
        return 0 if ok else 1
    with tempfile.TemporaryDirectory(prefix="lianluo-reliability-") as scratch:
        work = Path(scratch)
        os.environ["LIANLUO_HOME"] = str(work / "default-home")

        print(f"1. kills during `item register` loops ({kill_count}) …", flush=True)
        (work / "kills").mkdir()
        reg = _timed("kills", lambda: kill_cycles(work / "kills", cycles=kill_count, seed=args.seed))
        print(f"1. kills during ticks ({kill_count // 4}) …", flush=True)
        (work / "tick-kills").mkdir()
        tick = _timed("tick kills", lambda: kills.tick_kill_cycles(work / "tick-kills", kill_count // 4, args.seed))
        for problem in tick["problems"]:
            print(f"   ! {problem}")

        print(f"3. 8 concurrent writers × {ops} operations …", flush=True)
        home = work / "concurrent"
        kills.make_home(home)
        conc = _timed("concurrency", lambda: concurrency.check_store(
            home, concurrency.run_writers(home, 8, ops, seed=args.seed)))

        print("8. bad input on every command …", flush=True)
        fuzz.build_desk(work / "desk")
        bad = _timed("fuzz", lambda: fuzz.run(work / "desk", work / "fuzz", seed=args.seed,
                                               extra=40 if args.full else 0))
        for failure in bad["failures"][:20]:
            print(f"   ! {failure}")

        print("10. personal data in a full run …", flush=True)
        outputs, _ = privacy.full_run(work / "private", work / "exports")
        texts = {f"output {n}": text for n, text in enumerate(outputs)}
        files = {str(k): v for root in (work / "private", work / "exports")
                 for k, v in privacy.written_texts(root).items()}
        leaked = privacy.leaks({**texts, **files})
        loose = privacy.loose_modes(work / "private", work / "exports")
        for problem in [*leaked, *loose]:
            print(f"   ! {problem}")

        print("11. formulas, control characters and phone shapes (issue 24) …", flush=True)
        leaving = _timed("output attacks", lambda: output_attacks.figures(work / "output-attacks"))
        print("12. attacks on the data files (issue 24) …", flush=True)
        attacks = _timed("data attacks", lambda: data_attacks.run(work / "attacks", rounds=20 if args.full else 5))
        for problem in attacks["problems"][:20]:
            print(f"   ! {problem}")
        bulletin = bulletin_rows(work, args.seed)

    rows = [
        ("kills survived (register loops)", reg["kills"], reg["kills"] == kill_count),
        ("kills survived (ticks)", tick["kills"], tick["kills"] == kill_count // 4 and not tick["problems"]),
        ("acknowledged records", reg["acknowledged"] + tick["acknowledged"] + conc["registers_acked"], True),
        ("acknowledged records lost", reg["lost"] + tick["lost"] + conc["lost"],
         reg["lost"] + tick["lost"] + conc["lost"] == 0),
        ("kills that left a temp file mid-write", reg["mid_write"], True),
        ("concurrent writers × operations", f"{conc['processes']} × {conc['operations'] // conc['processes']}",
         conc["phantoms"] == 0),
        ("  registers / ticks acknowledged, busy", f"{conc['registers_acked']} / {conc['ticks_acked']}, {conc['busy']}",
         True),
        ("duplicate ids", conc["duplicates"], conc["duplicates"] == 0),
        ("bad inputs tried", f"{bad['tried']} over {bad['commands']} commands", True),
        ("  refused cleanly (exit 2, one line) / accepted as valid", f"{bad['refused']} / {bad['accepted']}", True),
        ("  mishandled (traceback, wrong field, data changed)", len(bad["failures"]), not bad["failures"]),
        ("outputs and files searched for numbers", f"{len(texts)} outputs, {len(files)} files", True),
        ("unmasked numbers or addresses found", len(leaked), not leaked),
        ("files not 0600 / folders not 0700", len(loose), not loose),
        *leaving,
        *data_attacks.figure_rows(attacks),
        *bulletin,
    ]
    print("\nreliability figures (issue 9)")
    for label, value, good in rows:
        ok &= good
        print(f"  {label:<58} {value}{'' if good else '   ← FAILS'}")
    print(f"  {'all guarantees held':<58} {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
