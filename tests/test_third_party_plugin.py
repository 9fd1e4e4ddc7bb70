"""Third-party plugins for real (STYLE 16): the plugin guide's hook reference is generated from the hookspecs,
and the example package examples/lianluo-sms, installed into a fresh venv, is listed by `lianluo plugins`
and acts in a tick.

The venv sees this environment's packages through a `.pth` file (no network): the example is built and
installed with `pip --no-deps --no-build-isolation --no-index` from a copy in tmp_path, so no build
artefacts land in the repository, and every `lianluo` run is a subprocess with a clean environment.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import inspect
import json
import os
import shutil
import stat
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest
from fixtures import unfold

from lianluo.kernel import hookspecs
from lianluo.plugins.scoring import hookspecs as scoring_hookspecs

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "lianluo-sms"
DOCS = REPO / "docs"
LIWAN = REPO / "plugins" / "profiles" / "liwan-court.toml"
PHONES = {"李庭长": "13812345678", "王副院长": "13900001111", "周院长": "13700002222"}
MASKED = {name: number[:3] + "****" + number[-4:] for name, number in PHONES.items()}
TIMEOUT = 120


# --- the hook reference in docs/plugins.md ------------------------------------------------------


def _gen_hooks() -> types.ModuleType:
    """docs/gen_hooks.py as a module, compiled in memory so that no __pycache__ lands in docs/."""
    path = DOCS / "gen_hooks.py"
    module = types.ModuleType("gen_hooks")
    module.__file__ = str(path)
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module.__dict__)
    return module


def test_hook_reference_in_docs_matches_hookspecs():
    """The generated section equals a fresh rendering of kernel/hookspecs.py, and names every hook."""
    gen = _gen_hooks()
    held = gen.section((DOCS / "plugins.md").read_text(encoding="utf-8"))
    assert held == gen.render(), "docs/plugins.md: the hook reference is out of date; run python docs/gen_hooks.py"
    specs = [fn for module in (hookspecs, scoring_hookspecs) for _, fn in inspect.getmembers(module, inspect.isfunction)
             if hasattr(fn, "lianluo_spec")]
    assert specs
    for fn in specs:
        typed = ", ".join(f"{name}: {p.annotation}" for name, p in inspect.signature(fn).parameters.items())
        assert f"`{fn.__name__}({typed}) -> " in held, f"hook {fn.__name__} is missing from docs/plugins.md"


# --- the example plugin, installed --------------------------------------------------------------


def _run(args: list, env: dict, cwd: Path, timeout: int = TIMEOUT) -> subprocess.CompletedProcess:
    """Run a command to completion (or its timeout); it must succeed."""
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=timeout, check=False)
    assert result.returncode == 0, (f"{' '.join(map(str, args))} exited {result.returncode}\n"
                                    f"stdout: {result.stdout}\nstderr: {result.stderr}")
    return result


def _clean_env(root: Path, **extra: str) -> dict:
    """Only what a cron job would have: no PYTHONPATH, no user pip configuration, UTF-8 output."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root),
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",  # the venv imports lianluo from the repository: leave no __pycache__ there
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
        "PIP_NO_CACHE_DIR": "1",
        **extra,
    }


def _purelib(python, env: dict, cwd: Path) -> str:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return _run([python, "-c", code], env, cwd).stdout.strip()


def _can_build_wheels() -> bool:
    """setuptools builds a wheel offline only with its own bdist_wheel (>= 70.1) or the `wheel` package."""
    if importlib.util.find_spec("wheel") is not None:
        return True
    major, minor = (int(p) for p in importlib.metadata.version("setuptools").split(".")[:2])
    return (major, minor) >= (70, 1)


@pytest.fixture(scope="module")
def sms_venv(tmp_path_factory):
    """A fresh venv that sees this environment's packages, with lianluo-sms installed into it from a copy."""
    if not _can_build_wheels():
        pytest.fail("building examples/lianluo-sms offline needs setuptools>=70.1 or the `wheel` package in this "
                    "environment: add \"setuptools>=70.1\" to the test extra in pyproject.toml and reinstall")
    root = tmp_path_factory.mktemp("sms")
    env = _clean_env(root)
    venv = root / "venv"
    # --without-pip: the outer pip, setuptools and wheel (seen through the .pth) do the install, rather than
    # ensurepip's bundled setuptools shadowing them; it is also seconds faster.
    _run([sys.executable, "-m", "venv", "--without-pip", venv], env, root)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    outer, inner = _purelib(sys.executable, env, root), _purelib(python, env, root)
    assert outer != inner
    # addsitedir, not a bare path line, so that the outer site-packages' own .pth files (lianluo's editable
    # finder) are processed too
    (Path(inner) / "_outer_env.pth").write_text(f"import site; site.addsitedir({outer!r})\n", encoding="utf-8")
    source = root / "lianluo-sms"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__",
                                                                    ".pytest_cache"))
    before = sorted(p.name for p in EXAMPLE.iterdir())
    _run([python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", source], env, root,
         timeout=300)
    assert sorted(p.name for p in EXAMPLE.iterdir()) == before, "the install left build artefacts in the repository"
    return root, python, source


def _court_profile(folder: Path) -> Path:
    """The Liwan court profile as a court would edit it: "sms" enabled and an [sms] section."""
    text = LIWAN.read_text(encoding="utf-8")
    assert text.count("enable = [") == 1
    text = text.replace("enable = [", 'enable = ["sms", ', 1)
    text += '\n[sms]\noutbox = "sms-outbox.jsonl"\n\n[sms.phones]\n'
    text += "".join(f'"{name}" = "{number}"\n' for name, number in PHONES.items())
    path = folder / "court-profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_plugin_installed_from_its_package_acts_in_a_tick(sms_venv):
    """`lianluo plugins` lists sms from its distribution; ticks text due, chases and escalations once each,
    and no full number is ever printed."""
    root, python, _ = sms_venv
    home = root / "home"
    env = _clean_env(root, LIANLUO_HOME=str(home), LIANLUO_USER="测试书记员")
    # The copy just installed is the one that acts, whether or not this environment has lianluo-sms installed
    # too (its README says to install it into the project's venv): the venv's own site-packages come first.
    where = _run([python, "-c", "import lianluo_sms; print(lianluo_sms.__file__)"], env, root).stdout.strip()
    assert Path(where).is_relative_to(root / "venv"), where
    code = ("import importlib.metadata as m; [print(ep.dist._path) for ep in m.entry_points(group='lianluo', "
            "name='sms')]")
    found = _run([python, "-c", code], env, root).stdout.split()
    assert len(found) == 1 and Path(found[0]).is_relative_to(root / "venv"), found
    printed: list[str] = []

    def lianluo(*args: str) -> str:
        result = _run([python, "-c", "from lianluo.kernel.cli.main import main; main()", *args], env, root)
        printed.extend((result.stdout, result.stderr))
        return result.stdout

    lianluo("init", "--profile", str(_court_profile(root)), "--org", "示例区人民法院", "--head", "周院长")
    lianluo("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    lianluo("deputy", "add", "--name", "陈代表", "--level", "district")
    lianluo("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "spot",
            "--date", "2026-06-15")
    lianluo("item", "assign", "1", "--lead", "立案庭", "--date", "2026-06-15")

    row = next(r for r in json.loads(lianluo("plugins", "--json")) if r["name"] == "sms")
    version = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert (row["source"], row["version"], row["enabled"]) == ("lianluo-sms", version, True)
    assert set(row["hooks"]) == {"check_profile", "on_due", "on_escalate", "register_commands"}

    outbox = home / "sms-outbox.jsonl"

    def queued() -> list[tuple[str, str, str]]:
        lines = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
        return [(line["key"], line["name"], line["phone"]) for line in lines]

    # due 06-18; chases on the first working day after it (06-22, after the Dragon Boat holiday) and a week on
    june = json.loads(lianluo("tick", "--today", "2026-06-30", "--json"))
    assert queued() == [
        ("item/1/reply/r1/due", "李庭长", PHONES["李庭长"]),
        ("item/1/reply/r1/chase-1", "李庭长", PHONES["李庭长"]),
        ("item/1/reply/r1/chase-2", "李庭长", PHONES["李庭长"]),
    ]
    texted = [n for n in june["notices"] if n["type"] == "sms"]
    assert [(n["to"], n["item"], n["clock"]) for n in texted] == [("李庭长", 1, "reply")] * 3
    assert all(n["text"].startswith(f"已发短信至 {MASKED['李庭长']}：") for n in texted)
    assert len([n for n in unfold(june["notices"]) if n["type"] in ("due", "chase")]) == 3  # the reminders' own (a digest)

    july = json.loads(lianluo("tick", "--today", "2026-07-15", "--json"))
    assert queued()[3:] == [
        ("item/1/reply/r1/escalation-1", "王副院长", PHONES["王副院长"]),
        ("item/1/reply/r1/escalation-2", "周院长", PHONES["周院长"]),
    ]
    assert [(n["to"], n["level"]) for n in july["notices"] if n["type"] == "sms"] == [("王副院长", 1), ("周院长", 2)]

    again = json.loads(lianluo("tick", "--today", "2026-07-15", "--json"))
    assert again["notices"] == [] and again["failures"] == [] and len(queued()) == 5

    assert stat.S_IMODE(outbox.stat().st_mode) == 0o600
    listing = lianluo("sms", "list")
    assert all(MASKED[name] in listing for name in PHONES)
    lianluo("notices")
    lianluo("tick", "--today", "2026-07-16")
    for output in printed:
        assert not any(number in output for number in PHONES.values()), output


def test_example_plugin_own_tests_pass_against_the_installed_package(sms_venv):
    """The tests shipped in examples/lianluo-sms/tests (the template courts copy) pass in the venv."""
    root, python, source = sms_venv
    # LIANLUO_ORG: `init` requires the organisation's name, and the example's tests do not give --org
    env = _clean_env(root, LIANLUO_HOME=str(root / "unused-home"), LIANLUO_ORG="示例区人民法院")
    # -P: the copy's folder is not put on sys.path, so the tests load the installed module
    result = _run([python, "-P", "-m", "pytest", "-q", "-p", "no:cacheprovider", source / "tests"], env, root)
    assert " passed" in result.stdout and "failed" not in result.stdout


# --- a package that adds a hook of its own, driven through the installed `lianluo` script -------------------

RELAY_PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "lianluo-relay"
version = "0.3.0"
dependencies = ["lianluo>=0.1"]

[project.entry-points.lianluo]
relay = "lianluo_relay"
relay_zh = "lianluo_relay.zh"

[tool.setuptools]
packages = ["lianluo_relay"]
"""

RELAY_INIT = '''\
"""relay: declares the hook `relay_greeting` and a command that calls it; relay_zh (zh.py) answers it."""
import click
import pluggy

from lianluo.kernel.cli.common import pass_root, require_plugin
from lianluo.kernel.hooks import call_each, hookimpl


class Specs:
    @pluggy.HookspecMarker("lianluo")
    def relay_greeting(self, name: str) -> "str | None":
        """Greet a deputy by name."""


@hookimpl
def register_hookspecs(register):
    register(Specs)


@click.command(name="relay-greet")
@click.argument("name")
@pass_root
def relay_greet(root, name):
    """问候（relay 插件）。"""
    app = root.app()
    require_plugin(app, "relay")
    for answer in call_each(app.pm, "relay_greeting", name=name):
        click.echo(f"{answer.plugin}: {answer.result}")


@hookimpl
def register_commands(cli):
    cli.add_command(relay_greet)
'''

RELAY_ZH = '''\
"""relay_zh: answers relay's own hook, and is a notice channel that logs what it sends."""
import json

from lianluo.kernel.hooks import hookimpl


@hookimpl
def relay_greeting(name):
    return f"你好，{name}"


@hookimpl
def deliver(notice, ctx):
    with open(ctx.app.home / "relay.log", "a", encoding="utf-8") as out:
        out.write(json.dumps({"id": notice.id, "key": notice.key}) + "\\n")
    return True
'''


@pytest.fixture(scope="module")
def relay_site(tmp_path_factory):
    """lianluo-relay installed with pip into its own folder (put on PYTHONPATH), seen through entry points."""
    if not _can_build_wheels():
        pytest.fail("building a plugin offline needs setuptools>=70.1 or the `wheel` package in this environment")
    root = tmp_path_factory.mktemp("relay")
    source = root / "lianluo-relay"
    (source / "lianluo_relay").mkdir(parents=True)
    (source / "pyproject.toml").write_text(RELAY_PYPROJECT, encoding="utf-8")
    (source / "lianluo_relay" / "__init__.py").write_text(RELAY_INIT, encoding="utf-8")
    (source / "lianluo_relay" / "zh.py").write_text(RELAY_ZH, encoding="utf-8")
    site = root / "site"
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "--target", site,
          source], _clean_env(root), root, timeout=300)
    return root, site


def test_register_hookspecs_from_an_installed_package_and_traced_tick_through_the_lianluo_script(relay_site):
    """A package's plugin declares a hook, its sibling implements it, and the plugin's command calls it; with
    LIANLUO_TRACE_PLUGINS=1 a tick prints a line for each on_due and deliver call."""
    root, site = relay_site
    script = Path(sys.executable).with_name("lianluo")
    assert script.exists(), f"the installed lianluo script is missing: {script}"
    home = root / "home"
    env = _clean_env(root, LIANLUO_HOME=str(home), LIANLUO_USER="测试书记员", PYTHONPATH=str(site))

    def lianluo(*args: str, **extra: str) -> subprocess.CompletedProcess:
        return _run([script, *args], {**env, **extra}, root)

    profile = root / "relay.toml"
    profile.write_text(LIWAN.read_text(encoding="utf-8").replace("enable = [", 'enable = ["relay", "relay_zh", ', 1),
                       encoding="utf-8")
    lianluo("init", "--profile", str(profile), "--org", "示例区人民法院", "--head", "周院长")
    lianluo("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    lianluo("deputy", "add", "--name", "陈代表", "--level", "district")
    lianluo("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "spot",
            "--date", "2026-06-15")
    lianluo("item", "assign", "1", "--lead", "立案庭", "--date", "2026-06-15")

    rows = {r["name"]: r for r in json.loads(lianluo("plugins", "--json").stdout)}
    assert (rows["relay"]["source"], rows["relay"]["version"]) == ("lianluo-relay", "0.3.0")
    assert "relay_greeting" in rows["relay_zh"]["hooks"] and "register_hookspecs" in rows["relay"]["hooks"]
    assert lianluo("relay-greet", "陈代表").stdout.splitlines() == ["relay_zh: 你好，陈代表"]

    tick = lianluo("tick", "--today", "2026-06-30", LIANLUO_TRACE_PLUGINS="1")
    trace = [line.split() for line in tick.stderr.splitlines() if line.startswith("lianluo trace:")]
    calls = {(fields[2], fields[3]) for fields in trace}
    assert ("hook=on_due", "plugin=reminders") in calls, tick.stderr
    assert ("hook=deliver", "plugin=relay_zh") in calls, tick.stderr
    sent = (home / "relay.log").read_text(encoding="utf-8").splitlines()
    assert len([f for f in trace if f[2] == "hook=deliver"]) == len(sent) > 0
    assert "lianluo trace:" not in lianluo("tick", "--today", "2026-07-01").stderr
