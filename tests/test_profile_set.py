"""`init` never names a home after a court by default (`--org` required, asked for at a terminal), and
`lianluo profile set KEY VALUE` changes a value with the loader's checks, atomically, in the audit trail."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fixtures import Clerk, TEST_PG
from lianluo.kernel.store.factory import open_store


def test_init_without_org_is_refused_and_nothing_is_made(clerk, monkeypatch):
    monkeypatch.delenv("LIANLUO_ORG")
    line = clerk.fails("init", "--profile", "liwan-court")
    assert line.startswith("错误：--org：") and "本单位全称" in line
    assert not clerk.home.exists()
    assert "--org" in clerk.fails("init", "--profile", "liwan-court", "--org", "  ")


def test_init_asks_for_the_name_at_a_terminal(tmp_path):
    """Run as a clerk would at a terminal (a pseudo-terminal): the question, the answer, the home named so."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("LIANLUO_ORG", "LIANLUO_STORE")}
    master, slave = os.openpty()
    child = subprocess.Popen([sys.executable, "-c", "from lianluo.kernel.cli.main import main; main()",
                              "--home", str(home), "init", "--profile", "liwan-court", "--store", ""],
                             stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    seen = _read_until(master, "本单位全称")
    os.write(master, "甲区人民法院\n".encode())
    seen += _read_until(master, "单位：")
    assert child.wait(timeout=60) == 0, seen
    os.close(master)
    assert "单位：甲区人民法院" in seen
    assert open_store(home).reader().__enter__().meta["organisation"]["name"] == "甲区人民法院"


def _read_until(fd: int, wanted: str, timeout: float = 60) -> str:
    text, end = b"", time.monotonic() + timeout
    while wanted.encode() not in text and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            text += chunk
    return text.decode("utf-8", "replace")


def _audit(clerk: Clerk) -> list[dict]:
    with open_store(clerk.home).reader() as tx:
        return [doc for doc in tx.all("audit") if doc.get("what") == "profile set"]


def test_profile_set_changes_the_name_on_reports_and_is_audited(liwan):
    done = liwan.json("profile", "set", "organisation.name", "甲区人民法院")
    assert done["old"] == "示例区人民法院" and done["new"] == "甲区人民法院"
    assert "甲区人民法院" in liwan.run("report", "--period", "2026").stdout.splitlines()[0]
    assert "organisation.name = \"甲区人民法院\"" in liwan.run("profile", "show").stdout
    [entry] = _audit(liwan)
    assert entry["key"] == "organisation.name" and entry["who"] == "测试书记员" and entry["new"] == "甲区人民法院"


def test_profile_set_edits_the_file_keeping_its_clauses(liwan):
    path = liwan.home / "profile.toml"
    before = path.read_text(encoding="utf-8")
    out = liwan.run("profile", "set", "session.lead_reply", "2 months").stdout
    assert "已修改 session.lead_reply：\"3 months\" → \"2 months\"" in out and "原依据为" in out
    after = path.read_text(encoding="utf-8")
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(changed) == 1 and changed[0].startswith('lead_reply = { value = "2 months", clause = "')
    assert "lead_reply = \"2 months\"" in liwan.run("profile", "show").stdout
    assert liwan.json("profile", "set", "calendar.future_days", "60")["new"] == 60
    assert [e["key"] for e in _audit(liwan)] == ["session.lead_reply", "calendar.future_days"]


@pytest.mark.parametrize("key,value,words", [
    ("calendar.future_days", "abc", "应为整数"),
    ("calendar.roll_forward", "maybe", "true 或 false"),
    ("session.lead_reply", "2 fortnights", "应为期限"),
    ("session.no_such_key", "1", "没有这个参数"),
    ("session", "1", "没有这个参数"),
    ("plugins.enable", "[]", "lianluo plugins enable"),
    ("organisation.name", "", "organisation.name"),
])
def test_profile_set_refuses_bad_values_and_writes_nothing(liwan, key, value, words):
    path = liwan.home / "profile.toml"
    before, data = path.read_bytes(), liwan.data_bytes()
    line = liwan.fails("profile", "set", key, value)
    assert words in line and key in line, line
    assert path.read_bytes() == before and liwan.data_bytes() == data
