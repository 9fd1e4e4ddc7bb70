"""Test helpers shared by the test files (import them from here, never from conftest): the clerk who drives the
CLI, the set-up of a Liwan home, the isolated environment, and whether the suite runs on PostgreSQL."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from lianluo.kernel.cli.main import cli
from lianluo.kernel.errors import StoreError
from lianluo.kernel.store.factory import STORE_FILE, open_store
from lianluo.kernel.store.tinydb_store import TinyStore

# The whole suite runs on PostgreSQL too when this names a server (`.ci/run` starts one): every `init` then
# puts its home's data in a fresh schema of that database, through `LIANLUO_STORE` as a user would.
TEST_PG = os.environ.get("LIANLUO_TEST_PG", "")

# Tests about the TinyDB data file itself (atomic replacement, kills mid-write, the file's backups and
# checks) have no counterpart on a server; their PostgreSQL side is tests/test_pg_*.py.
FILE_BOUND = {
    "test_store_durability.py": "测试 TinyDB 数据文件本身（原子替换、写入中被杀、文件备份）",
    "test_store_segments.py": "测试 TinyDB 数据目录的分段文件（只重写改动的分段、开放时钟索引、旧版数据文件的转换）",
}


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

    def json(self, *args: str, expect: int = 0):
        return json.loads(self.run(*args, "--json", expect=expect).stdout)

    def fails(self, *args: str, code: int = 2) -> str:
        """Run a command that must be refused; returns its one-line stderr."""
        result = self.run(*args, expect=code)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one error line, got: {result.stderr!r}"
        assert "Traceback" not in result.output
        return lines[0]

    def data_bytes(self) -> bytes:
        """The committed data as a lianluo JSON document, to read or to compare before and after a refused
        command. On TinyDB: the whole home in the backup file's shape plus, under `_files`, a digest of every
        byte of the manifest, segments and indexes (so a rewrite of equal data still shows), or only that
        digest when the home no longer loads. On PostgreSQL: every row in (table, id) order, the same rows
        `fingerprint()` digests, so equal bytes mean equal fingerprints."""
        store = open_store(self.home)
        if (self.home / STORE_FILE).exists():
            return TinyStore._encode(store.dump())
        files = {"_files": store.fingerprint().hex()}
        try:
            return TinyStore._encode({**store.dump(), **files})
        except StoreError:
            return TinyStore._encode(files)

    def has_data(self) -> bool:
        """Whether `init` made a store (a TinyDB file or a PostgreSQL schema)."""
        return open_store(self.home).exists()


@contextlib.contextmanager
def isolated_environment(default_home: Path) -> Iterator[pytest.MonkeyPatch]:
    """No test touches a real data home or depends on the machine's user or date; module-scoped fixtures, which
    cannot use the `monkeypatch` fixture, enter it too."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIANLUO_HOME", str(default_home))
        mp.setenv("LIANLUO_USER", "测试书记员")
        mp.delenv("LIANLUO_TODAY", raising=False)
        mp.delenv("LIANLUO_TRACE_PLUGINS", raising=False)
        mp.setenv("LIANLUO_ORG", "示例区人民法院")  # `init` requires the organisation's name; a fictional one
        if TEST_PG:
            mp.setenv("LIANLUO_STORE", TEST_PG)
        else:
            mp.delenv("LIANLUO_STORE", raising=False)
        yield mp


def set_up_liwan(clerk: Clerk) -> Clerk:
    """The `liwan` fixture's home, for a test that needs it somewhere else (e.g. on TinyDB in a PG run)."""
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("dept", "add", "民一庭", "--head", "赵庭长", "--leader", "钱副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district", "--phone", "13812345678")
    clerk.run("deputy", "add", "--name", "林委员", "--level", "district", "--body", "cppcc")
    clerk.run("session", "add", "--name", "区人大五次会议", "--opens", "2026-01-06", "--closes", "2026-01-09")
    return clerk


# --- the web desk (plugins/web) --------------------------------------------------------------------------

WEB_PASSWORD = "correct-horse-42"


def add_web_user(clerk: Clerk, name: str, role: str, *options: str, password: str = WEB_PASSWORD) -> None:
    """`lianluo user add NAME --role ROLE … --password-stdin`, the password given on stdin as a script would."""
    result = clerk.runner.invoke(cli, ["--home", str(clerk.home), "user", "add", name, "--role", role, *options,
                                       "--password-stdin"], input=password + "\n")
    assert result.exit_code == 0, result.output


WEB_PEOPLE = {"clerk": "书记员", "department": "立案庭承办", "leader": "王副院长", "admin": "管理员"}


@contextlib.contextmanager
def liwan_web_home(folder: Path, today: str, people: dict[str, str] = WEB_PEOPLE,
                   password: str = WEB_PASSWORD) -> Iterator[Clerk]:
    """The `liwan` home dated `today` with one web login per role (the department's in 立案庭), for a module's web
    tests; its PostgreSQL schema is dropped afterwards."""
    with isolated_environment(folder / "default-home") as mp:
        mp.setenv("LIANLUO_TODAY", today)
        clerk = set_up_liwan(Clerk(folder / "home"))
        for role, name in people.items():
            add_web_user(clerk, name, role, *(("--dept", "立案庭") if role == "department" else ()), password=password)
        try:
            yield clerk
        finally:
            if TEST_PG:
                open_store(clerk.home).drop()


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token of the first form on `path`, as a browser would post it back."""
    import re

    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert found, f"no CSRF token on {path} ({page.status_code})"
    return found.group(1)


def web_login(client, name: str, password: str = WEB_PASSWORD):
    """Log in through the /login form (CSRF token included); returns the answer to the POST."""
    return client.post("/login", data={"username": name, "password": password, "csrf_token": csrf_token(client)})


def unfold(notices: list[dict]) -> list[dict]:
    """Notices as the points they carry, in the order of their days: a digest (caught-up points for one person,
    kernel/digest.py) stands for each of its parts, addressed to the digest's recipient."""
    points = []
    for notice in notices:
        if notice.get("type") == "digest":
            points += [{**part, "to": notice["to"], "id": notice["id"], "digest": notice["id"]} for part in notice["parts"]]
        else:
            points.append(notice)
    return sorted(points, key=lambda point: point["date"])


@contextlib.contextmanager
def waitress_server(flask_app, threads: int = 4) -> Iterator[str]:
    """The application served by waitress on 127.0.0.1 (a free port) in a thread, as `lianluo serve` serves it;
    yields its base URL and stops the server afterwards."""
    import threading

    from waitress.server import create_server

    server = create_server(flask_app, host="127.0.0.1", port=0, threads=threads, ident="lianluo")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:  # the sockets closed by the loop's own thread (its trigger): closed from here, they raced its select
        from waitress import wasyncore  # (EBADF in the server thread); with its map empty the loop returns

        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()
