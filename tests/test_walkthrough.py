"""The README's commands: the demo through the installed console script, and the walkthrough script."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_readme_main_command_demo_writes_files_that_open(tmp_path):
    """The README's main command, as written, up to `pip install .`, then its demo part run through the
    installed console script in a fresh folder: every file it names exists and opens."""
    import docx
    import openpyxl

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    main, tests = re.findall(r"```bash\n(.*?)\n```", readme.split("## 在新机器上的两条命令", 1)[1], flags=re.S)[:2]
    assert tests == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest -q"
    setup, install, demo = main.split(" && ")
    assert (setup, install) == ("python3 -m venv .venv", ".venv/bin/pip install .")
    args = shlex.split(demo)
    assert args[:2] == [".venv/bin/lianluo", "demo"]
    lianluo = Path(sys.executable).parent / "lianluo"
    done = subprocess.run([str(lianluo), *args[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    named = dict(line.split("：", 1) for line in done.stdout.splitlines() if line.startswith("年度"))
    docx.Document(named["年度报告（Word）"])
    openpyxl.load_workbook(named["年度台账（Excel）"])
    assert Path(named["年度报告（Word）"]).parent.parent == tmp_path / args[args.index("--home") + 1]
    assert "13800000" not in done.stdout  # the fictional roster's phone numbers stay masked


def test_shell_completion_of_the_installed_script_offers_plugin_commands():
    """docs/deployment.md's completion lines work for the installed script: bash sources click's script and completes
    `lianluo de` to the demo and the other commands; zsh and fish get their scripts and the same answers."""
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ["PATH"]}
    script = ('eval "$(_LIANLUO_COMPLETE=bash_source lianluo)"; COMP_WORDS=(lianluo demo --pro); COMP_CWORD=2; '
              '_lianluo_completion lianluo; echo "${COMPREPLY[@]}"; COMPREPLY=(); COMP_WORDS=(lianluo de); COMP_CWORD=1; '
              '_lianluo_completion lianluo; echo "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines() == ["--profile", "demo dept deputy"], done.stderr
    for shell in ("zsh", "fish"):
        source = subprocess.run(["lianluo"], env={**env, "_LIANLUO_COMPLETE": f"{shell}_source"},
                                capture_output=True, text=True, timeout=60).stdout
        assert "_LIANLUO_COMPLETE" in source and "_lianluo_completion" in source, shell
        answer = subprocess.run(["lianluo"], env={**env, "_LIANLUO_COMPLETE": f"{shell}_complete",
                                                  "COMP_WORDS": "lianluo de", "COMP_CWORD": "1" if shell == "zsh" else "de"},
                                capture_output=True, text=True, timeout=60).stdout
        assert "demo" in answer, (shell, answer)


def _quick_start(readme: str, heading: str) -> str:
    return re.search(r"```bash\n(.*?)```", readme.split(heading, 1)[1], flags=re.S).group(1)


def test_readme_quick_start_runs_as_written_in_a_fresh_account(tmp_path):
    """The README's ten-line quick start (Chinese; the English one is the same commands with English comments),
    run as one script by bash with nothing but PATH and HOME set: every line succeeds and the report exists."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    chinese, english = _quick_start(readme, "## 上手"), _quick_start(readme, "## Quick start")
    strip = lambda block: [line.split("  #")[0].rstrip() for line in block.splitlines()]  # noqa: E731
    assert strip(chinese) == strip(english) and len(strip(chinese)) == 10
    env = {"PATH": str(Path(sys.executable).parent) + os.pathsep + "/usr/bin:/bin", "HOME": str(tmp_path),
           "LANG": "C.UTF-8"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", chinese], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "单位：示例区人民法院" in done.stdout and "状态：已交办" in done.stdout
    assert len(list((tmp_path / "联络数据" / "reports").glob("报告-*.docx"))) == 1


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_contrib_systemd_units_verify(tmp_path):
    """contrib/'s service and timer pass `systemd-analyze verify` once ExecStart names a real lianluo."""
    lianluo = Path(sys.executable).parent / "lianluo"
    service = (ROOT / "contrib" / "lianluo-tick.service").read_text(encoding="utf-8")
    assert "ExecStart=/opt/lianluo/.venv/bin/lianluo tick" in service
    (tmp_path / "lianluo-tick.service").write_text(service.replace("/opt/lianluo/.venv/bin/lianluo", str(lianluo)),
                                                   encoding="utf-8")
    timer = (ROOT / "contrib" / "lianluo-tick.timer").read_text(encoding="utf-8")
    assert "Persistent=true" in timer
    (tmp_path / "lianluo-tick.timer").write_text(timer, encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "lianluo-tick.service"),
                           str(tmp_path / "lianluo-tick.timer")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_clerks_guide_commands_run_in_order_on_a_new_home(tmp_path):
    """docs/guide.md's command blocks, run in order as one script in a fresh folder, all succeed."""
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", guide, flags=re.S)
    assert len(blocks) >= 8
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]}
    env.pop("LIANLUO_HOME", None)
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", "\n".join(blocks)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    home = tmp_path / "联络数据"
    assert (tmp_path / "上半年报告.docx").exists() and (tmp_path / "上半年台账.xlsx").exists()
    assert "状态：已办结" in done.stdout and list((home / "backups").iterdir())
    assert "13800001234" not in done.stdout
