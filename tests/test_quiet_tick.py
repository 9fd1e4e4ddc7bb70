"""Issue 19 points 3 and 5: the tick as the systemd unit runs it (`env -i`, a HOME that does not exist) prints
only its own lines — no matplotlib or fontconfig cache complaints in the journal — and a home given as a
relative path never reaches a notice as that relative path. The unit's HOME is `/nonexistent`; here it lies below
a file, so that it cannot be created even when the tests run as root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fixtures import Clerk, set_up_liwan

SCRIPT = Path(sys.executable).parent / "lianluo"  # the installed console script
DUE = "2026-07-01"  # the bimonthly status report (a Word file with charts) falls due on this tick


def test_a_tick_under_an_empty_environment_prints_only_its_own_lines(liwan, tmp_path):
    liwan.run("item", "register", "--kind", "suggestion", "--title", "关于延时服务的建议", "--deputy", "1",
              "--date", "2026-05-11")  # the report covers May-June: it has a chart to draw
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # a HOME below a file cannot be created, even by root (/nonexistent can)
    env = {"HOME": str(blocker / "nonexistent"), "PATH": f"{SCRIPT.parent}:/usr/bin:/bin", "LIANLUO_HOME": str(liwan.home)}
    if os.environ.get("LIANLUO_STORE"):
        env["LIANLUO_STORE"] = os.environ["LIANLUO_STORE"]
    done = subprocess.run([str(SCRIPT), "tick", "--today", DUE], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "办理情况专项报告" in done.stdout and list((liwan.home / "reports").glob("*.docx"))
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{DUE}：发出通知") and all(line.startswith(("  ", "通知发送")) for line in lines[1:]), lines
    assert "Matplotlib" not in done.stdout and "Fontconfig" not in done.stdout


def test_a_relative_home_is_never_written_into_a_notice(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clerk = set_up_liwan(Clerk(Path("home2")))
    clerk.run("tick", "--today", DUE)
    texts = [n["text"] for n in clerk.json("notices") if "报告已生成" in n["text"]]
    assert texts and all(str(tmp_path / "home2" / "reports") in t for t in texts), texts
    assert not any("：home2/" in t for t in texts)
