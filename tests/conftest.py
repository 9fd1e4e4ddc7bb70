"""Shared fixtures: every test gets its own data home; the CLI is driven the way a clerk types it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from lianluo.kernel.cli.main import cli


class Clerk:
    """Runs `lianluo` commands against one data home and parses `--json` output."""

    def __init__(self, home: Path, plugins: dict | None = None):
        self.home = home
        self.plugins = plugins or {}
        self.runner = CliRunner()

    def run(self, *args: str, expect: int = 0):
        result = self.runner.invoke(cli, ["--home", str(self.home), *args], obj=dict(self.plugins) or None)
        assert result.exit_code == expect, (
            f"lianluo {' '.join(args)} exited {result.exit_code}, expected {expect}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}"
        )
        return result

    def json(self, *args: str):
        return json.loads(self.run(*args, "--json").stdout)

    def fails(self, *args: str, code: int = 2) -> str:
        """Run a command that must be refused; returns its one-line stderr."""
        result = self.run(*args, expect=code)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one error line, got: {result.stderr!r}"
        assert "Traceback" not in result.output
        return lines[0]

    def data_bytes(self) -> bytes:
        return (self.home / "lianluo.json").read_bytes()


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path, monkeypatch):
    """No test touches a real data home or depends on the machine's user or date."""
    monkeypatch.setenv("LIANLUO_HOME", str(tmp_path / "default-home"))
    monkeypatch.setenv("LIANLUO_USER", "测试书记员")
    monkeypatch.delenv("LIANLUO_TODAY", raising=False)
    monkeypatch.delenv("LIANLUO_TRACE_PLUGINS", raising=False)


@pytest.fixture
def clerk(tmp_path) -> Clerk:
    """A clerk with a fresh, uninitialised data home."""
    return Clerk(tmp_path / "home")


@pytest.fixture
def liwan(clerk) -> Clerk:
    """A Liwan court home with two departments, two deputies and the January 2026 session."""
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("dept", "add", "民一庭", "--head", "赵庭长", "--leader", "钱副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district", "--phone", "13812345678")
    clerk.run("deputy", "add", "--name", "林委员", "--level", "district", "--body", "cppcc")
    clerk.run("session", "add", "--name", "区人大五次会议", "--opens", "2026-01-06", "--closes", "2026-01-09")
    return clerk
