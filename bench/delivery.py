"""What delivery through a channel plugin costs: two commits per notice ("sending", then "delivered"), measured
in one run as the same tick on two copies of one home, without a channel and with one that sends instantly.

    python bench/delivery.py [--items 200]

Each of the N spot suggestions is due on the tick's day, so the tick posts one notice per item (plus the
registration notices, if the profile makes any, which a channel also sends at this tick).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from lianluo.kernel.cli.main import cli
from lianluo.kernel.hooks import hookimpl


class Instant:
    """A channel that sends by counting."""

    def __init__(self):
        self.sent = 0

    @hookimpl
    def deliver(self, notice):
        self.sent += 1
        return True


def run(home: Path, *args: str, plugins: dict | None = None) -> dict:
    result = CliRunner().invoke(cli, ["--home", str(home), *args, "--json"], obj=plugins)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def build(home: Path, items: int) -> None:
    run(home, "init", "--profile", "liwan-court", "--org", "示例区人民法院")
    run(home, "deputy", "add", "--name", "陈代表", "--level", "district")
    for n in range(items):
        run(home, "item", "register", "--kind", "suggestion", "--title", f"建议{n}", "--deputy", "1",
            "--channel", "spot", "--date", "2026-06-15")


def timed_tick(home: Path, plugins: dict | None) -> tuple[float, dict]:
    started = time.perf_counter()
    out = run(home, "tick", "--today", "2026-06-18", plugins=plugins)
    return time.perf_counter() - started, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("LIANLUO_USER", "bench")
    with tempfile.TemporaryDirectory() as tmp:
        plain, channel = Path(tmp) / "plain", Path(tmp) / "channel"
        build(plain, args.items)
        shutil.copytree(plain, channel)
        bare, out = timed_tick(plain, None)
        instant = Instant()
        sending, sent = timed_tick(channel, {"instant": instant})
    delivered = len(sent["delivery"]["delivered"])
    assert delivered == instant.sent and sent["delivery"]["failed"] == []
    print(f"items {args.items}; notices posted by the tick {len(out['notices'])}; "
          f"delivered through the channel {delivered}")
    print(f"tick without a channel: {bare:.2f} s")
    print(f"tick with an instant channel: {sending:.2f} s "
          f"({(sending - bare) / max(delivered, 1) * 1000:.1f} ms per delivered notice, ratio {sending / bare:.1f}×)")


if __name__ == "__main__":
    main()
