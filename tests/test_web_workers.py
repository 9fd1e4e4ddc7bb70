"""`lianluo serve --workers 2`: two processes answer on one port, and a write answered by either shows on every
page that follows, whichever process serves it (each keeps its own read cache, keyed by what is stored). On
both stores. Linux (fork and /proc) only: elsewhere the server runs as one process and says so."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from fixtures import WEB_PASSWORD, liwan_web_home

TODAY = "2026-03-10"
pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not os.path.exists("/proc/self/stat"),
                                reason="--workers forks; the test reads each process's CPU time from /proc")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _cpu(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _processes(pid: int) -> list[int]:
    return [pid, *(int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]


@pytest.fixture
def server(tmp_path):
    with liwan_web_home(tmp_path, TODAY, {"clerk": "书记员甲"}) as clerk:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        started = subprocess.Popen([sys.executable, "-c", "from lianluo.kernel.cli.main import main; main()", "--home",
                                    str(clerk.home), "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ.copy())
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5).read()
                    break
                except OSError:
                    assert started.poll() is None and time.monotonic() < deadline, started.stderr.read().decode()
                    time.sleep(0.2)
            yield started, f"http://127.0.0.1:{port}", clerk
        finally:
            started.terminate()
            started.wait(timeout=30)
        said = started.stderr.read().decode()
        assert "2 个进程" in said and "Traceback" not in said, said


def test_a_write_answered_by_one_worker_shows_on_the_pages_every_worker_serves(server):
    started, base, _ = server
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)

    def fetch(path: str, form: dict | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with opener.open(base + path, data=data, timeout=30) as answer:  # a new connection each time
                return answer.status, answer.headers.get("Location", ""), answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", ""), exc.read().decode()

    def token(path: str) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', fetch(path)[2]).group(1)

    status, where, _ = fetch("/login", {"username": "书记员甲", "password": WEB_PASSWORD, "csrf_token": token("/login")})
    assert status == 303 and where == "/"
    workers = _processes(started.pid)
    assert len(workers) == 2
    before = [_cpu(pid) for pid in workers]
    for n in range(1, 7):
        status, where, _ = fetch("/items/new", {"kind": "suggestion", "title": f"第{n}件网页登记的建议", "deputy": "1",
                                                "channel": "interim", "date": TODAY, "content": "内容",
                                                "csrf_token": token("/items/new")})
        assert status == 303, status
        for _ in range(4):  # each on a new connection, taken by whichever process accepts it first
            assert f"第{n}件网页登记的建议" in fetch(where)[2]
            listed = fetch("/items?all=1")[2]
            assert f"第{n}件网页登记的建议" in listed and f"共 {n} 件" in listed
            assert f"第{n}件网页登记的建议" in fetch("/")[2]
    assert all(after > was for after, was in zip((_cpu(pid) for pid in workers), before))  # both served pages


def test_workers_on_a_taken_port_are_refused_in_one_line_before_any_fork(server):
    _, base, clerk = server
    port = base.rsplit(":", 1)[1]
    said = clerk.fails("serve", "--port", port, "--workers", "2", code=1)
    assert f"无法在 127.0.0.1:{port} 上监听" in said
