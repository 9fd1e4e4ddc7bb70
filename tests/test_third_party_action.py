"""A third party adds a workflow action without touching the kernel (issue 17): a procuratorate's package,
installed into a fresh venv from its entry point, declares 回访 (`followup`, a visit to the deputy after an
item is closed) with its own options and vocabulary, and the installed `lianluo` offers
`lianluo item followup ID …`, runs it through the kernel's desk and records it in the item's trail.

The venv is built as test_third_party_plugin.py builds the SMS example's: offline, seeing this environment's
packages through a `.pth` file, every `lianluo` run a subprocess with a clean environment.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_third_party_plugin import REPO, TIMEOUT, _can_build_wheels, _clean_env, _purelib, _run

PROCURATORATE = REPO / "plugins" / "profiles" / "liaoning-procuratorate.toml"

PLUGIN = '''\
"""回访: a procuratorate visits the deputy once an item is closed and records the deputy's opinion."""

from lianluo.kernel import Action, Option, Step, Vocabulary, hookimpl

WAYS = Vocabulary("way", {"phone": "电话回访", "visit": "上门回访"})


def followed_up(item, detail, ctx):
    WAYS.check(detail.get("way"), "--way")
    return Step(changes={"extra": {**item.extra, "followed_up": ctx.today.isoformat()}},
                record={"result": WAYS.label(detail["way"])})


@hookimpl
def register_actions(register):
    register(Action(
        name="followup", label="回访", help="办结后回访代表，记录代表对办理工作的意见。",
        options=(Option("way", "phone（电话回访）|visit（上门回访）", required=True, choices=WAYS),
                 Option("note", "代表意见", required=True)),
        apply=followed_up, kinds=("suggestion", "motion"), sources=frozenset({"closed"}),
    ))
'''

PYPROJECT = '''\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "lianluo-followup"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["lianluo>=0.1"]

[project.entry-points.lianluo]
followup = "lianluo_followup"

[tool.setuptools]
py-modules = ["lianluo_followup"]
'''


@pytest.fixture(scope="module")
def followup_venv(tmp_path_factory):
    """A fresh venv that sees this environment's packages, with the follow-up package installed into it."""
    if not _can_build_wheels():
        pytest.fail("building a plugin offline needs setuptools>=70.1 or the `wheel` package in this environment")
    root = tmp_path_factory.mktemp("followup")
    env = _clean_env(root)
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], env, root)
    python = venv / "bin" / "python"
    outer, inner = _purelib(sys.executable, env, root), _purelib(python, env, root)
    (Path(inner) / "_outer_env.pth").write_text(f"import site; site.addsitedir({outer!r})\n", encoding="utf-8")
    source = root / "lianluo-followup"
    source.mkdir()
    (source / "lianluo_followup.py").write_text(PLUGIN, encoding="utf-8")
    (source / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    _run([python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", source], env, root,
         timeout=300)
    return root, python


def _profile(folder: Path, enabled: bool) -> Path:
    text = PROCURATORATE.read_text(encoding="utf-8")
    if enabled:
        text = text.replace("enable = [", 'enable = ["followup", ', 1)
    path = folder / ("with-followup.toml" if enabled else "without-followup.toml")
    path.write_text(text, encoding="utf-8")
    return path


def _lianluo(python: Path, env: dict, root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-c", "from lianluo.kernel.cli.main import main; main()", *args], cwd=root,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT, check=False)


def _home(root: Path, python: Path, name: str, enabled: bool):
    """A home with one suggestion, closed on 2026-06-30, and a `lianluo` runner that must succeed."""
    env = _clean_env(root, LIANLUO_HOME=str(root / name), LIANLUO_USER="检察联络员")

    def ok(*args: str) -> str:
        return _run([python, "-c", "from lianluo.kernel.cli.main import main; main()", *args], env, root).stdout

    ok("init", "--profile", str(_profile(root, enabled)), "--org", "示例区人民检察院", "--head", "周检察长")
    ok("dept", "add", "第一检察部", "--head", "李主任", "--leader", "王副检察长")
    ok("deputy", "add", "--name", "陈代表", "--level", "district")
    ok("item", "register", "--kind", "suggestion", "--title", "加强公益诉讼", "--deputy", "1", "--channel", "spot",
       "--date", "2026-06-01")
    return env, ok


def test_register_actions_of_an_installed_plugin_adds_an_action_the_cli_offers_and_the_kernel_runs(followup_venv):
    root, python = followup_venv
    env, ok = _home(root, python, "home", enabled=True)
    assert "办结后回访代表" in ok("item", "--help")
    help_text = ok("item", "followup", "--help")
    assert "--way" in help_text and "phone（电话回访）|visit（上门回访）" in help_text and "代表意见" in help_text

    # from a state the action does not start from: refused by rule (exit 1), naming what the item may do
    early = _lianluo(python, env, root, "item", "followup", "1", "--way", "phone", "--note", "x",
                     "--date", "2026-06-02")
    assert early.returncode == 1, early.stderr
    assert early.stderr.strip() == "错误：事项 1 当前状态为「已登记」，不能回访；当前可以：审批、交办、并案"

    for args in (("assign", "1", "--lead", "第一检察部"), ("accept", "1"), ("contact", "1", "--mode", "phone"),
                 ("reply", "1", "--category", "D", "--text", "已立案督促整改"), ("contact", "1", "--mode", "visit"),
                 ("close", "1")):
        ok("item", *args, "--date", "2026-06-30")
    before = json.loads(ok("item", "show", "1", "--json"))

    # bad input: one line naming the option, exit 2, nothing written
    for args, line in (
        (("--way", "letter", "--note", "满意"), "错误：--way：无效值 'letter'；可用：phone（电话回访）、visit（上门回访）"),
        (("--way", "phone"), "错误：--note：缺少必填参数"),
        (("--note", "满意"), "错误：--way：缺少必填参数"),
        (("--way", "phone", "--note", "满意", "--date", "2026-13-01"), "错误：--date："),
    ):
        bad = _lianluo(python, env, root, "item", "followup", "1", *args)
        assert bad.returncode == 2, (args, bad.stderr)
        assert bad.stderr.startswith(line) and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
        assert json.loads(ok("item", "show", "1", "--json")) == before

    shown = ok("item", "followup", "1", "--way", "visit", "--note", "代表对办理结果满意", "--date", "2026-07-10")
    assert "  状态：已办结" in shown
    assert "    2026-07-10 回访：代表对办理结果满意；上门回访（检察联络员，记录于" in shown

    item = json.loads(ok("item", "show", "1", "--json"))
    assert item["status"] == "closed"
    assert item["extra"]["followed_up"] == "2026-07-10"
    last = item["events"][-1]
    assert (last["action"], last["at"], last["who"]) == ("followup", "2026-07-10", "检察联络员")
    assert (last["detail"]["way"], last["detail"]["note"], last["detail"]["result"]) == (
        "visit", "代表对办理结果满意", "上门回访")
    history = ok("item", "history", "1")
    assert "2026-07-10 回访（检察联络员" in history and "way：上门回访" in history


def test_the_action_is_refused_where_the_profile_does_not_enable_its_plugin(followup_venv):
    root, python = followup_venv
    env, ok = _home(root, python, "plain", enabled=False)
    refused = _lianluo(python, env, root, "item", "followup", "1", "--way", "visit", "--note", "x")
    assert refused.returncode == 1, refused.stderr
    assert refused.stderr.strip().endswith("未启用插件 followup，不能使用此命令（启用：lianluo plugins enable followup）")
    assert json.loads(ok("item", "show", "1", "--json"))["events"][-1]["action"] == "register"
