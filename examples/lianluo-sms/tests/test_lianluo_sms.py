"""Tests for lianluo-sms, run against the INSTALLED package (`pip install ./lianluo-sms`, then `pytest tests`).

Each test builds a data home under pytest's tmp_path with the Liwan court profile plus "sms", and drives
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
    """The built-in Liwan profile with "sms" enabled and an [sms] section, as a court would edit it."""
    text = LIWAN.read_text(encoding="utf-8").replace("enable = [", 'enable = ["sms", ', 1)
    text += '\n[sms]\noutbox = "sms-outbox.jsonl"\n\n[sms.phones]\n'
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


def test_sms_is_listed_as_an_installed_enabled_plugin(clerk):
    """`lianluo plugins` shows where sms comes from and which hooks it implements."""
    row = next(r for r in clerk.json("plugins") if r["name"] == "sms")
    assert row["source"] == "lianluo-sms" and row["enabled"] is True
    assert {"check_profile", "on_due", "on_escalate"} <= set(row["hooks"])


def test_due_chases_and_escalations_are_texted_once_with_masked_numbers(clerk):
    """Due and chases go to the department head, escalations up the chain; a second tick sends nothing."""
    first = clerk.json("tick", "--today", "2026-06-30")
    clerk.json("tick", "--today", "2026-07-15")
    again = clerk.json("tick", "--today", "2026-07-15")
    sent = clerk.outbox()
    assert [(m["key"].rsplit("/", 1)[1], m["name"], m["phone"]) for m in sent] == [
        ("due", "李庭长", PHONES["李庭长"]),
        ("chase-1", "李庭长", PHONES["李庭长"]),
        ("chase-2", "李庭长", PHONES["李庭长"]),
        ("escalation-1", "王副院长", PHONES["王副院长"]),
        ("escalation-2", "周院长", PHONES["周院长"]),
    ]
    assert again["notices"] == []
    records = [n for n in first["notices"] if n["type"] == "sms"]
    assert len(records) == 3 and all("138****5678" in n["text"] for n in records)
    assert "138****5678" in clerk.run("sms", "list")
    for output in clerk.printed:
        assert not any(number in output for number in PHONES.values())


def test_a_person_without_a_number_gets_no_text_but_a_notice_says_so(tmp_path, monkeypatch):
    """A name missing from [sms.phones] is reported in the notices, and nothing is queued for it."""
    monkeypatch.setenv("LIANLUO_USER", "测试书记员")
    clerk = Clerk(tmp_path / "home")
    clerk.run("init", "--profile", str(profile_with_sms(tmp_path, {})))
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "spot",
              "--date", "2026-06-15")
    clerk.run("item", "assign", "1", "--lead", "立案庭", "--date", "2026-06-15")
    tick = clerk.json("tick", "--today", "2026-06-18")
    assert [n["text"] for n in tick["notices"] if n["type"] == "sms"] == ["未发短信：配置 [sms.phones] 中没有 李庭长 的手机号"]
    assert clerk.outbox() == []


def test_a_malformed_number_is_refused_at_init_naming_the_key(tmp_path):
    """`lianluo init` checks the [sms] section before the home is created."""
    result = CliRunner().invoke(cli, ["--home", str(tmp_path / "home"), "init", "--profile",
                                      str(profile_with_sms(tmp_path, {"李庭长": "138-1234"}))])
    assert result.exit_code == 2 and "sms.phones.李庭长" in result.stderr
    assert not (tmp_path / "home").exists()
