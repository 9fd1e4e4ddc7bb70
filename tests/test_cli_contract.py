"""Issue 19 point 9: the command line's promises, checked over the whole click command tree — every printing
command takes --json, help is Chinese throughout, a mistyped command gets "您是否要输入", and every missing required
option is named in one line."""

from __future__ import annotations

import json

import click
import pytest

from fixtures import Clerk
from lianluo.kernel.cli.main import cli

# Commands that print and still have no --json, each with the reason.
NO_JSON: dict[str, str] = {"serve": "runs the web server until stopped; it prints only where it listens"}
# click's English, none of which may reach a clerk in any help page.
ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "Show the version", "[OPTIONS]", "COMMAND [ARGS]",
           " TEXT", " INTEGER", " PATH", "[required]", "default:", "env var")


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    """Every command of the tree, the plugins' included, as (path, command)."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


@pytest.fixture(scope="module")
def tree() -> list[tuple[tuple[str, ...], click.Command]]:
    cli.load_plugin_commands()
    return list(_commands(cli))


def test_every_command_that_prints_takes_json(tree):
    leaves = [(path, c) for path, c in tree if not isinstance(c, click.Group)]
    assert len(leaves) > 60  # the plugins' commands are in the tree too
    lacking = {" ".join(path) for path, command in leaves
               if not any("--json" in getattr(p, "opts", ()) for p in command.params)}
    assert lacking == set(NO_JSON), f"without --json: {sorted(lacking - set(NO_JSON))}"


def test_every_help_page_is_chinese(tree, clerk):
    pages = [(), *(path for path, _ in tree)]
    for path in pages:
        shown = clerk.run(*path, "--help").stdout
        assert shown.startswith(f"用法：lianluo {' '.join(path)}".rstrip() + " "), shown
        assert "选项：" in shown and "显示本帮助并退出。" in shown
        english = [word for word in ENGLISH if word in shown]
        assert not english, f"lianluo {' '.join(path)} --help shows {english}:\n{shown}"


@pytest.mark.parametrize(("args", "line"), [
    (("itme",), "错误：未知命令 itme。您是否要输入：item"),
    (("item", "regster"), "错误：未知命令 regster。您是否要输入：register"),
    (("deputy", "improt", "名册.xlsx"), "错误：未知命令 improt。您是否要输入：import"),
    (("item", "frobnicate"), "错误：未知命令 frobnicate（用 lianluo item --help 查看可用命令）"),
    (("item", "register"), "错误：--kind、--title、--deputy：缺少必填参数"),
    (("item", "register", "--title", "甲"), "错误：--kind、--deputy：缺少必填参数"),
    (("deputy", "add"), "错误：--name、--level：缺少必填参数"),
])
def test_a_mistyped_command_or_missing_options_are_one_line(liwan, args, line):
    before = liwan.data_bytes()
    assert liwan.fails(*args) == line or liwan.fails(*args).startswith(line)
    assert liwan.data_bytes() == before


def test_report_template_and_letter_answer_in_json(liwan, tmp_path):
    report = liwan.json("report", "--period", "2026", "--today", "2026-12-31")
    assert report == json.loads(liwan.run("report", "--period", "2026", "--today", "2026-12-31",
                                          "--format", "json").stdout)
    written = liwan.json("report", "--period", "2026", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"))
    assert written == {"path": str(tmp_path / "r.xlsx")} and (tmp_path / "r.xlsx").is_file()
    assert liwan.fails("report", "--period", "2026", "--format", "md", "--json").startswith("错误：--json：")

    template = liwan.json("deputy", "template", str(tmp_path / "名册.xlsx"))
    assert template == {"path": str(tmp_path / "名册.xlsx")}

    liwan.run("item", "register", "--kind", "建议", "--title", "加强诉源治理", "--deputy", "陈代表",
              "--channel", "闭会期间", "--date", "2026-03-02")
    for args in (("approve", "1"), ("assign", "1", "--lead", "民一庭"), ("reply", "1", "--category", "A", "--text", "已答复")):
        liwan.run("item", *args, "--date", "2026-03-03")
    letters = liwan.json("item", "letter", "1", "--out", str(tmp_path / "答复函.docx"))
    assert letters == {"item": 1, "letters": [{"deputy": 1, "path": str(tmp_path / "答复函.docx")}]}


def test_run_command_reports_the_missing_options_the_same_way(tmp_path):
    """A plugin driving the CLI in-process gets the same error (click's MissingParameter) to translate."""
    clerk = Clerk(tmp_path / "home")
    result = clerk.run("session", "add", "--opens", "2026-01-01", expect=2)
    assert result.stderr.strip() == "错误：--name、--closes：缺少必填参数"


def test_a_number_option_given_words_is_refused_in_chinese(tree, liwan):
    """Every option that takes a number (click's INT, IntRange, FLOAT, FloatRange), given letters: one Chinese line
    naming the option, exit 2, nothing written — never click's "'abc' is not a valid integer range."."""
    numeric = [(path, opt.opts[0]) for path, command in tree if not isinstance(command, click.Group)
               for opt in command.params
               if isinstance(opt, click.Option) and isinstance(opt.type, (click.types._NumberParamTypeBase))]
    assert len(numeric) > 5  # --year, --days, --limit … across kernel and plugins
    before = liwan.data_bytes()
    for path, option in numeric:
        line = liwan.fails(*path, option, "abc")
        assert line.startswith(f"错误：{option}：应为"), f"lianluo {' '.join(path)} {option} abc: {line}"
        assert "valid" not in line and "range" not in line, line
    assert liwan.data_bytes() == before
