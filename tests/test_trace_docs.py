"""docs/plugins.md's LIANLUO_TRACE_PLUGINS example is what the commands print today: each command of the example
is run on a Liwan home and every trace line shown under it is found, in that order, in its stderr (only the
milliseconds may differ)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"
BLOCK = re.compile(r"<!-- trace-example -->\n```text\n(.*?)```\n<!-- /trace-example -->", re.S)


def _example() -> list[tuple[list[str], list[str]]]:
    """[(command arguments after `lianluo`, [trace lines shown under it])]."""
    [block] = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    runs: list[tuple[list[str], list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            words = shlex.split(line[2:])
            assert words[:2] == ["LIANLUO_TRACE_PLUGINS=1", "lianluo"], line
            runs.append((words[2:], []))
        else:
            runs[-1][1].append(line)
    return runs


def _pattern(line: str) -> re.Pattern:
    head, _, tail = re.escape(line).partition(r"ms=")
    return re.compile("^" + head + r"ms=\d+\.\d{3}" + re.sub(r"^\d+\\\.\d+", "", tail) + "$")


def test_the_documented_trace_lines_are_printed_in_order(liwan, monkeypatch):
    runs = _example()
    assert len(runs) == 2 and all(shown for _, shown in runs)
    monkeypatch.setenv("LIANLUO_TRACE_PLUGINS", "1")
    for args, shown in runs:
        printed = liwan.run(*args).stderr.splitlines()
        at = 0
        for line in shown:
            pattern = _pattern(line)
            found = next((i for i in range(at, len(printed)) if pattern.match(printed[i])), None)
            assert found is not None, f"{' '.join(args)}: {line!r} not printed (after line {at}):\n" + "\n".join(printed)
            at = found + 1
