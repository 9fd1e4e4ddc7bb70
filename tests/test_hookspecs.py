"""Meta-tests that keep the kernel–plugin contract honest (after datasette's test_plugin_hooks_have_tests).

Every hook in `lianluo.kernel.hookspecs` documents each argument and its return value, is exercised by name
in some test file, is implemented by a built-in plugin, and is what pluggy validates plugins against.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import re
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner

from lianluo.kernel import hookspecs
from lianluo.kernel.errors import ProfileError
from lianluo.kernel.cli.main import cli
from lianluo.kernel.hooks import hookimpl
from lianluo.kernel.plugins import get_plugin_manager
from lianluo.plugins.scoring import hookspecs as scoring_hookspecs
from lianluo.plugins.web import hookspecs as web_hookspecs

TESTS = Path(__file__).resolve().parent
BUILTINS = ("suggestions", "session", "reminders")


def _hookspecs(module=hookspecs) -> dict[str, object]:
    return {name: fn for name, fn in inspect.getmembers(module, inspect.isfunction)
            if hasattr(fn, "lianluo_spec")}


KERNEL_HOOKS = _hookspecs()
# with the hooks the built-in plugins add through register_hookspecs (every test below covers them too)
HOOKS = {**KERNEL_HOOKS, **_hookspecs(scoring_hookspecs), **_hookspecs(web_hookspecs)}


def test_the_hookspecs_are_found_and_are_what_the_plugin_manager_knows():
    assert KERNEL_HOOKS, "no hookspecs found in lianluo.kernel.hookspecs"
    # (a built-in's optional implementation of another plugin's hook, such as session's register_web_pages,
    # gives the manager a hook without a spec where that plugin is not enabled: only specified hooks count)
    pm = get_plugin_manager(BUILTINS)
    assert set(KERNEL_HOOKS) == {name for name, hook in vars(pm.hook).items()
                                 if not name.startswith("_") and hook.spec is not None}
    with_both = get_plugin_manager((*BUILTINS, "scoring", "web"))
    assert set(HOOKS) == {name for name, hook in vars(with_both.hook).items()
                          if not name.startswith("_") and hook.spec is not None}


# --- docstrings -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hookspec_docstring_documents_every_argument_and_the_return(name):
    fn = HOOKS[name]
    doc = inspect.getdoc(fn) or ""
    assert doc.strip(), f"{name} has no docstring"
    args = list(inspect.signature(fn).parameters)
    documented = re.findall(r"^:param (\w+):", doc, re.M)
    missing = [a for a in args if a not in documented]
    assert not missing, f"{name}: no ':param NAME:' line for {missing}"
    stale = [d for d in documented if d not in args]
    assert not stale, f"{name}: documents arguments it does not take: {stale}"
    assert len(documented) == len(set(documented)), f"{name}: an argument is documented twice"
    assert re.search(r"^:return:\s*\S", doc, re.M), f"{name}: no ':return:' line"


# --- typed and versioned ----------------------------------------------------------------------------------


def _resolved_hints(fn) -> dict[str, object]:
    """The spec's annotations resolved against the modules that define the types they name."""
    import datetime as dt

    import click

    from lianluo.kernel import actions, context, jobs, models, periods, registry, report
    from lianluo.kernel.network import ranking
    from lianluo.kernel.store import owners
    from lianluo.plugins.scoring import ruleset
    from lianluo.plugins.web import pages

    names = {"dt": dt, "click": click, "Path": Path}
    for module in (actions, context, jobs, models, periods, ranking, registry, report, owners, ruleset, pages):
        names.update(vars(module))
    return typing.get_type_hints(fn, globalns={**vars(inspect.getmodule(fn)), **names})


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hookspec_annotates_every_argument_and_the_return_with_real_types(name):
    fn = HOOKS[name]
    signature = inspect.signature(fn)
    bare = [p for p, param in signature.parameters.items() if param.annotation is inspect.Parameter.empty]
    assert not bare, f"{name}: arguments without a type: {bare}"
    assert signature.return_annotation is not inspect.Signature.empty, f"{name}: no return type"
    hints = _resolved_hints(fn)
    assert set(signature.parameters) | {"return"} == set(hints), f"{name}: {hints}"


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hookspec_docstring_says_in_which_version_it_appeared(name):
    assert re.search(r"^\.\. versionadded:: \d+\.\d+", inspect.getdoc(HOOKS[name]) or "", re.M), name


# --- every hook is exercised by some test -----------------------------------------------------------------

# Hooks that no test file names yet. Each entry is a strict xfail: once a test names the hook, the XPASS fails
# the run so that the entry is deleted here, and the list only ever shrinks. A new hookspec needs a test (or,
# knowingly, an entry here).
NOT_YET_TESTED: set[str] = set()


def _test_files_text() -> dict[str, str]:
    here = Path(__file__).resolve()
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(TESTS.rglob("test_*.py")) if p.resolve() != here}


def _hook_params():
    for name in sorted(HOOKS):
        marks = ()
        if name in NOT_YET_TESTED:
            marks = pytest.mark.xfail(strict=True, reason=f"no test file names the hook {name} yet")
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", list(_hook_params()))
def test_every_hook_is_named_in_some_test_file(name):
    files = _test_files_text()
    users = [f for f, text in files.items() if re.search(rf"\b{re.escape(name)}\b", text)]
    assert users, f"hook {name} appears in no test file under tests/ (searched {sorted(files)})"


@pytest.mark.parametrize("name", list(_hook_params()))
def test_every_hook_has_a_test_named_after_it(name):
    """A test function whose name holds the hook's name as whole words: `test_on_due_…`, `test_…_deliver_…`."""
    tests = [t for text in _test_files_text().values() for t in re.findall(r"^\s*def (test_\w+)\(", text, re.M)]
    named = [t for t in tests if re.search(rf"(^|_){re.escape(name)}(_|$)", t[len("test_"):])]
    assert named, f"no test function is named after the hook {name} (e.g. test_{name}_…)"


def test_the_not_yet_tested_list_names_real_hooks():
    assert NOT_YET_TESTED <= set(HOOKS), sorted(NOT_YET_TESTED - set(HOOKS))


# --- the plugin manager -----------------------------------------------------------------------------------


def test_builtin_plugin_manager_passes_check_pending():
    pm = get_plugin_manager(BUILTINS)
    pm.check_pending()
    assert {name for name, _ in pm.list_name_plugin()} == {"profiles", *BUILTINS}


class Misspelt:
    """A plugin whose author typed `on_dues` for `on_due`: it would silently never be called."""

    @hookimpl
    def on_dues(self, item, clock, point, today, ctx):  # pragma: no cover - must never be registered
        return None


class WrongArgument:
    """A plugin asking for an argument the spec does not pass."""

    @hookimpl
    def on_due(self, item, clok):  # pragma: no cover - must never be registered
        return None


def test_misspelt_hook_is_refused_by_check_pending_naming_the_plugin():
    with pytest.raises(ProfileError, match="on_dues") as caught:
        get_plugin_manager(BUILTINS, extra={"bad": Misspelt()})
    assert "bad" in str(caught.value)


def test_hookimpl_with_an_argument_the_spec_lacks_is_refused_naming_the_plugin():
    with pytest.raises(ProfileError, match="clok") as caught:
        get_plugin_manager(BUILTINS, extra={"bad": WrongArgument()})
    assert "bad" in str(caught.value)


def test_cli_names_a_plugin_with_a_misspelt_hook(liwan):
    result = CliRunner().invoke(cli, ["--home", str(liwan.home), "item", "list"], obj={"bad": Misspelt()})
    lines = result.stderr.strip().splitlines()
    assert result.exit_code != 0 and len(lines) == 1
    assert "bad" in lines[0] and "on_dues" in lines[0] and "内部错误" not in lines[0], lines[0]


# --- `lianluo plugins --json` -------------------------------------------------------------------------------

# at least these; a built-in may take on more hooks as it grows
EXPECTED_HOOKS = {
    "profiles": {"register_profiles"},
    "suggestions": {"on_received", "on_transition", "register_kinds"},
    "session": {"on_received", "on_transition"},
    "reminders": {"alarm_for", "on_due", "on_escalate"},
}


def test_plugins_json_lists_the_builtins_with_version_hooks_and_enabled(liwan):
    rows = {row["name"]: row for row in liwan.json("plugins")}
    version = importlib.metadata.version("lianluo")
    pm = get_plugin_manager(BUILTINS)
    for name, hooks in EXPECTED_HOOKS.items():
        row = rows[name]
        assert row["version"] == version and row["source"] == "builtin", row
        assert row["enabled"] is True, row
        assert row["hooks"] == sorted(row["hooks"]) and hooks <= set(row["hooks"]) <= set(HOOKS), row
        implemented = sorted(h.name for h in pm.get_hookcallers(pm.get_plugin(name)))
        assert row["hooks"] == implemented, row


def test_plugins_json_on_a_fresh_home_enables_only_profiles(clerk):
    rows = {row["name"]: row for row in clerk.json("plugins")}
    assert rows["profiles"]["enabled"] is True
    assert not any(rows[name]["enabled"] for name in BUILTINS)
    assert not clerk.home.exists()
