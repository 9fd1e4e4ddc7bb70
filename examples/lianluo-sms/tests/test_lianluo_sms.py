"""Tests for lianluo-sms, run against the INSTALLED package (`pip install ./lianluo-sms`, then `pytest tests`).

Each test builds a data home under pytest's tmp_path with the Liwan court profile plus "sms-file", and drives
the `lianluo` CLI in-process the way a clerk types it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lianluo.kernel import lianluo_command as cli, resolve_profile

PHONES = {"李庭长": "13812345678", "王副院长": "13900001111", "周院长": "13700002222"}
LIWAN = resolve_profile("liwan-court")  # the built-in profile file, to copy and extend


def profile_with_sms(folder: Path, phones: dict[str, str]) -> Path:
    """The built-in Liwan profile with "sms-file" enabled and an [sms_file] section, as a court would edit it."""
    text = LIWAN.read_text(encoding="utf-8").replace("enable = [", 'enable = ["sms-file", ', 1)
    text += '\n[sms_file]\noutbox = "sms-outbox.jsonl"\n\n[sms_file.phones]\n'
    text += "".join(f'"{name}" = "{number}"\n' for name, number in phones.items())
    path = folder / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


class Clerk:
    """Runs `lianluo --home HOME …` in-process; every command must succeed."""

    def __init__(self, home: Path):
        self.home = home
        self.runner = CliRunner()
        self.printed: list[str] = []

    def run(self, *args: str) -> str:
        result = self.runner.invoke(cli, ["--home", str(self.home), *args])
        assert result.exit_code == 0, f"lianluo {' '.join(args)}: {result.output}"
        self.printed.append(result.output)
        return result.stdout

    def json(self, *args: str):
        return json.loads(self.run(*args, "--json"))

    def outbox(self) -> list[dict]:
        path = self.home / "sms-outbox.jsonl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


@pytest.fixture
def clerk(tmp_path, monkeypatch) -> Clerk:
    """A home with one department, one deputy and one spot suggestion assigned on 2026-06-15 (due 06-18)."""
    monkeypatch.setenv("LIANLUO_USER", "测试书记员")
    clerk = Clerk(tmp_path / "home")
    clerk.run("init", "--profile", str(profile_with_sms(tmp_path, PHONES)), "--head", "周院长")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "关于优化诉讼服务中心导诉的建议",
              "--deputy", "1", "--channel", "spot", "--date", "2026-06-15")
    clerk.run("item", "assign", "1", "--lead", "立案庭", "--date", "2026-06-15")
    return clerk


def point(line: dict) -> str:
    """The threshold a text was for: item/1/reply/r1/<point>/reminders/1."""
    return line["key"].split("/")[4]


def test_sms_is_listed_as_an_installed_enabled_channel(clerk):
    """`lianluo plugins` shows where sms-file comes from and that it is a channel (the deliver hook)."""
    row = next(r for r in clerk.json("plugins") if r["name"] == "sms-file")
    assert row["source"] == "lianluo-sms" and row["enabled"] is True
    assert {"check_profile", "deliver", "register_commands"} <= set(row["hooks"])


def test_due_chases_and_escalations_are_texted_once_with_masked_numbers(clerk):
    """Due and chases go to the department head, escalations up the chain; each notice is delivered through
    the channel once, and a second tick sends nothing."""
    # each point on its day (a tick catching up several points for one person sends them as one digest)
    first = [clerk.json("tick", "--today", day) for day in ("2026-06-18", "2026-06-22", "2026-06-29")]
    clerk.json("tick", "--today", "2026-07-15")
    again = clerk.json("tick", "--today", "2026-07-15")
    sent = clerk.outbox()
    assert [(point(m), m["name"], m["phone"]) for m in sent] == [
        ("due", "李庭长", PHONES["李庭长"]),
        ("chase-1", "李庭长", PHONES["李庭长"]),
        ("chase-2", "李庭长", PHONES["李庭长"]),
        ("escalation-1", "王副院长", PHONES["王副院长"]),
        ("escalation-2", "周院长", PHONES["周院长"]),
    ]
    assert again["notices"] == [] and again["delivery"]["delivered"] == []
    assert [i for tick in first for i in sorted(tick["delivery"]["delivered"])] == [
        n["id"] for tick in first for n in tick["notices"]]
    notices = clerk.json("notices")
    assert [n["id"] for n in notices if n["channel"] == "sms-file"] == [m["id"] for m in sent]
    assert {n["state"] for n in notices} == {"delivered"}  # the others (a report's notice …) have no number: the outbox
    assert "138****5678" in clerk.run("sms-file", "list")
    for output in clerk.printed:
        assert not any(number in output for number in PHONES.values())


def test_a_person_without_a_number_is_left_in_the_outbox(tmp_path, monkeypatch):
    """No number for the handler: the channel declines (None) and the notice stays in lianluo's own list."""
    monkeypatch.setenv("LIANLUO_USER", "测试书记员")
    clerk = Clerk(tmp_path / "home")
    clerk.run("init", "--profile", str(profile_with_sms(tmp_path, {})))
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "spot",
              "--date", "2026-06-15")
    clerk.run("item", "assign", "1", "--lead", "立案庭", "--date", "2026-06-15")
    tick = clerk.json("tick", "--today", "2026-06-18")
    assert [n["to"] for n in tick["notices"]] == ["立案庭（李庭长）"]
    assert [(n["state"], n["channel"]) for n in clerk.json("notices")] == [("delivered", "")]
    assert clerk.outbox() == []


def test_a_malformed_number_is_refused_at_init_naming_the_key(tmp_path):
    """`lianluo init` checks the [sms_file] section before the home is created."""
    result = CliRunner().invoke(cli, ["--home", str(tmp_path / "home"), "init", "--profile",
                                      str(profile_with_sms(tmp_path, {"李庭长": "138-1234"}))])
    assert result.exit_code == 2 and "sms_file.phones.李庭长" in result.stderr
    assert not (tmp_path / "home").exists()
