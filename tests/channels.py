"""A channel plugin for the delivery tests: it "sends" by appending a line to a JSON-lines file that stands for
the outside world (an SMS gateway's log), and can be told to fail, hang, or kill its process mid-send.

Run as a script it is the `lianluo` CLI with this channel installed, for the test that kills a real process:
    python channels.py LOG MODE lianluo-args...
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from lianluo.kernel.hooks import hookimpl
from lianluo.kernel.store.factory import open_store


class LogChannel:
    """Sends each notice by logging it; `fail` failures first, then works; `mode` "die" (after the first send; "dieN": after the Nth) or "hang" after sending."""

    def __init__(self, log: Path, fail: int = 0, mode: str = "ok"):
        self.log = Path(log)
        self.fail = fail
        self.mode = mode
        self.calls: list[tuple[int, str]] = []  # (notice id, its committed state when we were called)

    @hookimpl
    def deliver(self, notice, ctx):
        with open_store(ctx.app.home).reader() as tx:
            self.calls.append((notice.id, tx.get("notices", notice.id)["state"]))
        if self.fail:
            self.fail -= 1
            raise ConnectionError("短信网关无响应")
        with self.log.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"id": notice.id, "key": notice.key, "to": notice.to}, ensure_ascii=False) + "\n")
        if self.mode == "die" or (self.mode.startswith("die") and len(sent(self.log)) >= int(self.mode[3:])):
            os._exit(9)  # the process dies between the send and its record: no cleanup, no commit
        if self.mode == "hang":
            time.sleep(30)
        return True


def sent(log: Path) -> list[int]:
    """The notice ids the outside world received, in order."""
    if not log.exists():
        return []
    return [json.loads(line)["id"] for line in log.read_text(encoding="utf-8").splitlines()]


if __name__ == "__main__":
    from lianluo.kernel.cli.main import cli

    log, mode, *args = sys.argv[1:]
    cli.main(args, obj={"channel": LogChannel(Path(log), mode=mode)}, prog_name="lianluo")
