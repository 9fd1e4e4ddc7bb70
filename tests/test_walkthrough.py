"""The README's main command: the walkthrough script runs to the end on a fresh home."""

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
    assert ((home / "lianluo.json").exists() or (home / "store.toml").exists()) and f"数据目录：{home}" in done.stdout
