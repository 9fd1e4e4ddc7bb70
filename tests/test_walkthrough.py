"""The README's commands: the demo through the installed console script, and the walkthrough script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_walkthrough_script_takes_a_suggestion_from_register_to_closed(tmp_path):
    env = {**os.environ, "LIANLUO_BIN": str(Path(sys.executable).parent / "lianluo")}
    home = tmp_path / "demo"
    done = subprocess.run(["bash", str(ROOT / "examples" / "walkthrough.sh"), str(home)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "状态：已办结" in done.stdout
    assert "【督办】" in done.stdout and "王某某" in done.stdout
    assert "13812345678" not in done.stdout  # phone numbers are masked in every listing
    assert (home / "lianluo.json").exists() and f"数据目录：{home}" in done.stdout


def test_readme_main_command_demo_writes_files_that_open(tmp_path):
    """The README's main command, `.venv/bin/lianluo demo --home demo-home`, through the installed console
    script: every file it names exists and opens."""
    import docx
    import openpyxl

    lianluo = Path(sys.executable).parent / "lianluo"
    done = subprocess.run([str(lianluo), "demo", "--home", "demo-home"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    named = dict(line.split("：", 1) for line in done.stdout.splitlines() if line.startswith("年度"))
    docx.Document(named["年度报告（Word）"])
    openpyxl.load_workbook(named["年度台账（Excel）"])
    assert Path(named["年度报告（Word）"]).parent.parent == tmp_path / "demo-home"
    assert "13800000" not in done.stdout  # the fictional roster's phone numbers stay masked
