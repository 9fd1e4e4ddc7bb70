"""Guarantee 8: bad input everywhere. Walks the click command tree (plugin commands included), and for each
command's options and arguments feeds bad values chosen by the parameter's type, one at a time, into an
otherwise valid command line.

Each input is judged as a clerk would see it: no traceback; exit 0 (the value was acceptable after all) or
exit 2 with exactly one line that names the field, the data byte for byte as before. An input whose command
line cannot be made valid apart from the fuzzed value (no base below) is still held to "no traceback, one
line, nothing written", but not to naming that field, since another field may be the one refused."""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

import click
from click.testing import CliRunner

from lianluo.kernel.cli.main import cli

DATES = ["2026-02-30", "26-1-1", "", "9999-99-99", "明天", " ", "2026-13-01", "2026-03-10x"]
IDS = ["0", "-1", "999999", "abc", "9" * 40, "", " ", "1.5", "１"]
KINDS = ["unknown", "", " ", "建议类", "x" * 300]
INTS = ["abc", "-1", "0", "9" * 40, "", "1e3"]
STRINGS = ["", " \t ", "长" * 100_000, "Ab中文Ωабв١٢٣", "\u202eabc\u202c", "a\x07b\x1bc\x7f", "a\x00b", "a\udcffb"]
PERIODS = ["2026-Q5", "2026-H3", "", "明年", "session:999", "2026-13"]

ID_NAMES = {"ref", "deputy_id", "session_id", "activity_id", "--deputy", "--session", "--case", "--to"}
KIND_NAMES = {"--kind", "--level", "--body", "--channel", "--category", "--rating", "--mode", "--method",
              "--clock", "--status", "--format", "--rules", "--profile", "--lead", "--co", "--dept", "--division"}
INT_NAMES = {"--year", "--count", "--seed"}
SKIP_COMMANDS = {"demo", "init", "migrate", "restore", "deputy template", "serve"}  # make homes or files, or run a server, by design
SKIP_PARAMS = {"--home", "--out", "--template", "--store", "--schema"}  # where to write, not what

# A command line that succeeds on the desk below, per command; each fuzzed value replaces one of its values.
BASES = {
    "activity add": ["--kind", "visit", "--date", "2026-03-05", "--title", "走访", "--deputy", "1"],
    "activity attend": ["1", "--deputy", "2", "--date", "2026-03-05"],
    "activity coverage": ["--year", "2026"],
    "activity list": ["--year", "2026"],
    "activity report": ["1", "--text", "活动情况", "--date", "2026-03-06"],
    "activity show": ["1"],
    "case list": [],
    "case register": ["--title", "某合同纠纷案", "--case-number", "（2026）粤0103民初9号", "--deputy", "1",
                      "--division", "民一庭", "--panel", "张法官", "--chief", "赵庭长", "--vp", "钱副院长",
                      "--content", "代表关注", "--date", "2026-03-05"],
    "case report": ["5", "--text", "书面报告", "--date", "2026-03-06"],
    "case stats": ["--year", "2026"],
    "activity invite": ["--count", "1", "--method", "lottery", "--seed", "7", "--level", "district"],
    "item link": ["2", "--to", "1", "--date", "2026-03-05"],
    "session move": ["1", "--opens", "2026-01-07", "--closes", "2026-01-10", "--date", "2026-01-02"],
    "dept add": ["刑庭", "--head", "孙庭长", "--leader", "王副院长"],
    "dept list": [],
    "deputy add": ["--name", "新代表", "--level", "district", "--phone", "13800001111", "--address", "某路1号"],
    "deputy list": [],
    "deputy pair": ["1", "--liaison", "张联络员", "--date", "2026-03-05"],
    "deputy show": ["1"],
    "item accept": ["1", "--date", "2026-03-04"],
    "item assign": ["4", "--lead", "立案庭", "--date", "2026-03-04"],
    "item approve": ["2", "--date", "2026-03-03"],
    "item close": ["3", "--date", "2026-03-12"],
    "item contact": ["1", "--mode", "phone", "--note", "电话沟通", "--date", "2026-03-05"],
    "item explain": ["1"],
    "item extend": ["1", "--to", "2026-06-30", "--reason", "案情复杂", "--date", "2026-03-05"],
    "item feedback": ["3", "--rating", "satisfied", "--date", "2026-03-12"],
    "item history": ["1"],
    "item list": ["--today", "2026-03-10"],
    "item pause": ["1", "--reason", "等待补充材料", "--date", "2026-03-05"],
    "item register": ["--kind", "suggestion", "--title", "新建议", "--deputy", "1", "--channel", "interim",
                      "--date", "2026-03-05", "--content", "内容"],
    "item reply": ["1", "--category", "A", "--text", "已解决", "--date", "2026-03-06"],
    "item return": ["1", "--reason", "交办不当", "--date", "2026-03-04"],
    "item show": ["1"],
    "notices": ["--since", "2026-01-01"],
    "plugins": [],
    "profile diff": ["liwan-court", "county-court"],
    "profile show": ["liwan-court"],
    "profiles": [],
    "report": ["--period", "2026", "--today", "2026-03-10"],
    "score": ["--period", "2026", "--today", "2026-03-10"],
    "session add": ["--name", "区人大六次会议", "--opens", "2027-01-06", "--closes", "2027-01-09",
                    "--date", "2026-03-05"],
    "session list": [],
    "session show": ["1"],
    "session stats": ["1"],
    "session tasks": ["1"],
    "task list": ["--session", "1", "--today", "2026-03-10"],
    "tick": ["--today", "2026-03-10"],
    "--as": ["dept", "add", "刑庭", "--head", "孙庭长", "--leader", "王副院长"],
}

DESK = [
    ["init", "--profile", "liwan-court", "--org", "示例区人民法院", "--head", "周院长"],
    ["dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长"],
    ["dept", "add", "民一庭", "--head", "赵庭长", "--leader", "钱副院长"],
    ["deputy", "add", "--name", "陈代表", "--level", "district", "--phone", "13812345678"],
    ["deputy", "add", "--name", "林委员", "--level", "district", "--body", "cppcc"],
    ["session", "add", "--name", "区人大五次会议", "--opens", "2026-01-06", "--closes", "2026-01-09",
     "--date", "2025-12-20"],
    *[["item", "register", "--kind", "suggestion", "--title", t, "--deputy", "1", "--channel", "interim",
       "--date", "2026-03-02"] for t in ("交办的建议", "刚登记的建议", "已答复的建议", "已审批的建议")],
    ["item", "approve", "1", "--date", "2026-03-02"], ["item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-03"],
    ["item", "approve", "3", "--date", "2026-03-02"], ["item", "assign", "3", "--lead", "立案庭", "--date", "2026-03-03"],
    ["item", "reply", "3", "--category", "A", "--text", "已解决", "--date", "2026-03-10"],
    ["item", "approve", "4", "--date", "2026-03-02"],
    ["case", "register", "--title", "某借款纠纷案", "--case-number", "（2026）粤0103民初1号", "--deputy", "1",
     "--division", "民一庭", "--panel", "王法官", "--chief", "赵庭长", "--vp", "钱副院长", "--date", "2026-03-02"],
    ["activity", "add", "--kind", "visit", "--date", "2026-03-04", "--title", "走访代表", "--deputy", "1"],
]


def build_desk(home: Path) -> None:
    """The home every fuzzed command runs against: items in several states, a session, an activity."""
    runner = CliRunner()
    for args in DESK:
        done = runner.invoke(cli, ["--home", str(home), *args])
        assert done.exit_code == 0, f"desk: lianluo {' '.join(args)}: {done.output}"


def failing_bases(home_template: Path, work: Path) -> list[str]:
    """The known-good lines that are not: each base must succeed on a fresh copy of the desk, or the fuzz
    would blame the fuzzed field for another field's refusal."""
    runner, failing = CliRunner(), []
    for key, base in BASES.items():
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(home_template, work)
        line = base if key == "--as" else [*key.split(), *base]
        done = runner.invoke(cli, ["--home", str(work), *(["--as", "书记员"] if key == "--as" else []), *line])
        if done.exit_code != 0:
            failing.append(f"{key}: exit {done.exit_code}: {done.output.strip()[:200]}")
    return failing


def _name(param: click.Parameter) -> str:
    return param.opts[0] if isinstance(param, click.Option) else param.name


def field_names(param: click.Parameter) -> list[str]:
    """How an error line may name this parameter: the option, or the argument's metavar (either part of
    NAME|FILE)."""
    return [param.opts[0]] if isinstance(param, click.Option) else param.human_readable_name.split("|")


def bad_values(param: click.Parameter) -> list[str]:
    """The bad values for a parameter, by its type (and, for click's plain strings, its name)."""
    from lianluo.kernel.cli.common import DateType

    name = _name(param)
    if isinstance(param.type, DateType):
        return DATES
    if isinstance(param.type, click.Choice) or name in KIND_NAMES:
        return KINDS + STRINGS[3:]
    if isinstance(param.type, (click.types.IntParamType, click.IntRange)) or name in INT_NAMES:
        return INTS
    if name in ID_NAMES:
        return IDS + STRINGS[5:]
    if name == "--period":
        return PERIODS + STRINGS[4:]
    return STRINGS


def commands(group: click.Group = cli, path: tuple[str, ...] = ()):
    """Every leaf command with its path, plugin commands included."""
    if hasattr(group, "load_plugin_commands"):  # the root group adds plugin commands on first use
        group.load_plugin_commands()
    for name in sorted(group.list_commands(None)):
        command = group.get_command(None, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


def _with_value(base: list[str], command: click.Command, param: click.Parameter, value: str) -> list[str]:
    """`base` with `param` set to `value`: an option's value replaced (or added), an argument's replaced."""
    if isinstance(param, click.Option):
        args, i = [], 0
        while i < len(base):
            if base[i] in param.opts:
                i += 2
                continue
            args.append(base[i])
            i += 1
        return [*args, param.opts[0], value]
    position = [p for p in command.params if isinstance(p, click.Argument)].index(param)
    args = list(base)
    args[position] = value  # bases put arguments first
    return args


POOL = "0123456789-:/ .,;'\"\\\t\n\r\x00\x1b\u200b\u202e\ufeffaZ中文代表庭ΩабвاﻻँＡ１\U0001f600\udcff"


def random_values(rng: random.Random, count: int) -> list[str]:
    """Strings drawn from a pool of digits, separators, control, bidi and zero-width characters and several
    scripts, of lengths 0 to 300: the values `-m slow` adds to every parameter's list."""
    return ["".join(rng.choice(POOL) for _ in range(rng.choice((0, 1, 3, 10, 40, 300)))) for _ in range(count)]


def cases(seed: int, limit: int | None, extra: int = 0) -> list[tuple[str, click.Parameter, list[str], str, bool]]:
    """(command path, parameter, command line, value, base is valid): every combination, plus `extra` seeded
    random strings per parameter, or a seeded sample of `limit` of them."""
    rng = random.Random(seed)
    found = []
    root_as = next(p for p in cli.params if p.name == "user")
    for value in bad_values(root_as) + random_values(rng, extra):
        found.append(("--as", root_as, ["--as", value, *BASES["--as"]], value, True))
    for path, command in commands():
        key = " ".join(path)
        if key in SKIP_COMMANDS:
            continue
        for param in command.params:
            if getattr(param, "is_flag", False) or param.name == "help" or _name(param) in SKIP_PARAMS:
                continue
            base = BASES.get(key)
            valid = base is not None
            base = base if valid else _generic_base(command)
            for value in bad_values(param) + random_values(rng, extra):
                found.append((key, param, [*path, *_with_value(base, command, param, value)], value, valid))
    if limit is not None and limit < len(found):
        found = rng.sample(found, limit)
    return found


def _generic_base(command: click.Command) -> list[str]:
    """Required parameters filled with plausible values, for commands with no known-good line."""
    line = ["1" for p in command.params if isinstance(p, click.Argument)]
    for p in command.params:
        if isinstance(p, click.Option) and p.required:
            line += [p.opts[0], "2026-03-05" if "Date" in type(p.type).__name__ else "1"]
    return line


def _expected_fields(param: click.Parameter, value: str) -> list[str] | None:
    """What the refusal must name; None when the value is a real record's id, since the rules may then refuse
    the command itself (exit 1) or another field (a date before that record's last action)."""
    text = value.strip()
    if text.isascii() and text.isdigit() and 0 < int(text) <= 20:
        return None
    if value.startswith("-") and isinstance(param, click.Argument):
        return [value[:2]]  # click reads it as short options and names the first
    return field_names(param)


def _one_line(output: str) -> bool:
    return len(output.strip().splitlines()) == 1


def run(home_template: Path, work: Path, seed: int = 8, limit: int | None = None, extra: int = 0,
        only: str | None = None) -> dict:
    """Run the inputs (those of command `only`, if given) against copies of `home_template`; returns figures
    and every failure, described."""
    from fixtures import Clerk

    runner = CliRunner()
    shutil.copytree(home_template, work)
    clerk = Clerk(work)
    before = clerk.data_bytes()
    figures = {"tried": 0, "refused": 0, "accepted": 0, "commands": set(), "failures": []}
    cwd = os.getcwd()
    os.chdir(work)  # a relative path a command accepts lands in the throwaway home
    try:
        for key, param, line, value, valid in cases(seed, limit, extra):
            if only is not None and key != only:
                continue
            figures["tried"] += 1
            figures["commands"].add(key)
            done = runner.invoke(cli, ["--home", str(work), *line])
            problem = _judge(done, _expected_fields(param, value) if valid else None, clerk, before)
            shown = value if len(value) < 40 else f"{value[:10]}…({len(value)} chars)"
            if problem:
                figures["failures"].append(f"lianluo {key} {field_names(param)[0]}={shown!r}: {problem}")
            if done.exit_code == 0:
                figures["accepted"] += 1
                shutil.rmtree(work)
                shutil.copytree(home_template, work)
                os.chdir(work)
            else:
                figures["refused"] += 1
    finally:
        os.chdir(cwd)
    figures["commands"] = len(figures["commands"])
    return figures


def _judge(done, fields: list[str] | None, clerk, before: bytes) -> str | None:
    """What is wrong with this outcome, or None."""
    text = done.output
    if "Traceback" in text or (done.exception and not isinstance(done.exception, SystemExit)):
        return f"traceback / exception {done.exception!r}"
    if "内部错误" in text:
        return f"internal error: {text.strip()}"
    if done.exit_code == 0:
        return None
    if not _one_line(done.stderr) or done.stdout.strip():
        return f"exit {done.exit_code} without exactly one line: {text[:300]!r}"
    if clerk.data_bytes() != before:
        return f"exit {done.exit_code} but the data changed"
    if fields is not None and done.exit_code != 2:
        return f"exit {done.exit_code}, expected 0 or 2: {text.strip()[:200]}"
    # as the line prints it: a lone surrogate escaped, each run of whitespace one space
    shown = [re.sub(r"\s+", " ", f.encode("utf-8", "backslashreplace").decode()) for f in fields or ()]
    if fields is not None and not any(f in text for f in [*fields, *shown]):
        return f"the line does not name {fields[0]}: {text.strip()[:200]}"
    return None
