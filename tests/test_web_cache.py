"""The web desk's pages read through the store's per-process read cache (kernel/store/filecache.py): a write made
by another process (a clerk's command, the daily tick) shows on the very next page view; a writer's change that
was never committed never shows; the 工作台 is paged, most urgent first. On both stores."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from fixtures import TEST_PG, liwan_web_home, web_login
from lianluo.kernel import Root
from lianluo.kernel.store.factory import open_store
from lianluo.kernel.store.filecache import FILES
from lianluo.plugins.web import create_app
from lianluo.plugins.web import views

TODAY = "2026-03-10"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    with liwan_web_home(tmp_path_factory.mktemp("web-cache"), TODAY, {"clerk": "书记员甲"}) as clerk:
        for n in (1, 2):
            found = clerk.json("item", "register", "--kind", "suggestion", "--title", f"第{n}件建议", "--deputy", "1",
                               "--channel", "interim", "--date", f"2026-03-0{n}", "--content", "内容")
            clerk.run("item", "approve", str(found["id"]), "--date", f"2026-03-0{n}")
            clerk.run("item", "assign", str(found["id"]), "--lead", "立案庭", "--date", f"2026-03-0{n}")
        for day in ("2026-03-06", "2026-03-05"):  # awaiting approval: a clock due within days, the 05's first
            clerk.run("item", "register", "--kind", "suggestion", "--title", f"{day}收到的建议", "--deputy", "1",
                      "--channel", "interim", "--date", day, "--content", "内容")
        yield clerk, create_app(Root(clerk.home, "web", {}), testing=True)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("LIANLUO_TODAY", TODAY)


def _client(app):
    client = app.test_client()
    assert web_login(client, "书记员甲").status_code == 303
    return client


def _lianluo(home, *args: str) -> None:
    """A command in a process of its own, as cron or a clerk's shell would run it."""
    done = subprocess.run([sys.executable, "-c", "from lianluo.kernel.cli.main import main; main()", "--home",
                           str(home), *args], capture_output=True, text=True, env={**os.environ}, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_write_by_another_process_shows_on_the_next_page_view(home):
    clerk, app = home
    client = _client(app)
    for _ in range(2):  # the second view of each page is answered from what the first one read
        hits = FILES.hits
        assert "外部进程的联系" not in client.get("/items/1").get_data(as_text=True)
        assert "外部进程登记的建议" not in client.get("/items?all=1").get_data(as_text=True)
        assert "外部进程登记的建议" not in client.get("/").get_data(as_text=True)
    assert TEST_PG or FILES.hits > hits
    with open_store(clerk.home).reader() as tx:
        changes = tx.changes if TEST_PG else None  # PostgreSQL: the count that keeps the listings cached
    _lianluo(clerk.home, "item", "contact", "1", "--mode", "phone", "--note", "外部进程的联系", "--date", TODAY)
    _lianluo(clerk.home, "item", "register", "--kind", "suggestion", "--title", "外部进程登记的建议", "--deputy",
             "1", "--channel", "interim", "--date", TODAY, "--content", "内容")
    if TEST_PG:
        with open_store(clerk.home).reader() as tx:
            assert tx.changes == changes + 2
    assert "外部进程的联系" in client.get("/items/1").get_data(as_text=True)
    listed = client.get("/items?all=1").get_data(as_text=True)
    assert "外部进程登记的建议" in listed and "共 5 件" in listed
    assert "外部进程登记的建议" in client.get("/").get_data(as_text=True)  # its approval clock, due within days


def test_a_change_a_writer_dropped_never_shows_and_a_committed_one_does(home):
    clerk, app = home
    store = open_store(clerk.home)
    with store.reader() as tx:
        before = tx.get("items", 2)
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            doc = tx.get("items", 2)
            doc["events"].append({"action": "contact", "at": TODAY, "who": "x", "recorded": "", "detail": {}})
            doc["deputies"].append(2)
            tx.put("items", doc)
            raise RuntimeError("abandoned")
    with store.reader() as tx:
        assert tx.get("items", 2) == before
    assert "第2件建议" in _client(app).get("/items/2").get_data(as_text=True)
    with store.transaction() as tx:
        doc = tx.get("items", 2)
        doc["extra"] = {**doc.get("extra", {}), "tag": ("a", "b")}  # a tuple is stored as JSON's list
        tx.put("items", doc)
    doc["extra"]["tag"] = "changed after the commit"  # the caller's object, not what was committed
    with store.reader() as tx:
        assert tx.get("items", 2)["extra"]["tag"] == ["a", "b"]
        assert tx.get("items", 2)["events"] == before["events"]


def test_the_home_page_is_paged_most_urgent_first(home, monkeypatch):
    clerk, app = home
    monkeypatch.setattr(views, "HOME_ROWS", 1)
    client = _client(app)
    first, second = (client.get(f"/?page={n}").get_data(as_text=True) for n in (1, 2))
    total = int(re.search(r"需关注的期限 (\d+) 个", first).group(1))
    assert total >= 2 and f"第 1/{total} 页" in first and f"第 2/{total} 页" in second
    assert 'href="/?page=2">下一页' in first and 'href="/?page=1">上一页' in second
    assert "2026-03-05收到的建议" in first and "2026-03-06收到的建议" not in first  # received first, due first
    assert "2026-03-06收到的建议" in second
    wrong = client.get("/?page=x")
    assert wrong.status_code == 400 and "页码" in wrong.get_data(as_text=True)
