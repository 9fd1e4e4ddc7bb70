"""The item list answered from the report facts (kernel/item_query.py: PostgreSQL filters and pages its `facts`
table in SQL, the file store its cached summaries) shows exactly what the documents say: every filter a
clerk or a department can choose, with and without 只看逾期 and 包括已答复, page by page, compared with the
document path (LIANLUO_FACTS=documents) — before and after writes made through the web. On both stores."""

from __future__ import annotations

import re

import pytest

from fixtures import add_web_user, csrf_token, liwan_web_home, web_login
from lianluo.kernel import Root
from lianluo.plugins.web import create_app, views

TODAY = "2026-03-20"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    people = {"clerk": "书记员甲", "department": "立案庭甲"}
    with liwan_web_home(tmp_path_factory.mktemp("web-item-list"), TODAY, people) as clerk:
        for n, (title, deputy, day) in enumerate([("闭会期间建议", "1", "2026-03-02"), ("刚登记的建议", "2", "2026-03-16"),
                                                  ("已答复的建议", "2", "2026-03-02"), ("逾期的建议", "1", "2026-01-12")], 1):
            clerk.run("item", "register", "--kind", "suggestion", "--title", title, "--deputy", deputy,
                      "--channel", "interim", "--date", day)
            if n != 2:
                clerk.run("item", "approve", str(n), "--date", day)
                clerk.run("item", "assign", str(n), "--lead", "立案庭", "--date", day)
        clerk.run("item", "reply", "3", "--category", "A", "--text", "已解决", "--date", "2026-03-10")
        clerk.run("item", "register", "--kind", "suggestion", "--title", "会议期间建议", "--deputy", "1",
                  "--session", "1", "--date", "2026-01-08")
        clerk.run("item", "approve", "5", "--date", "2026-01-08")
        clerk.run("item", "assign", "5", "--lead", "民一庭", "--co", "立案庭", "--date", "2026-01-08")
        add_web_user(clerk, "民一庭甲", "department", "--dept", "民一庭")
        yield clerk, create_app(Root(clerk.home, "web", {}), testing=True)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("LIANLUO_TODAY", TODAY)


def _client(app, name):
    client = app.test_client()
    assert web_login(client, name).status_code == 303
    return client


def _queries(client) -> list[str]:
    """Each filter value the list's form offers, alone, with 只看逾期 and with 包括已答复; and one combination."""
    form = client.get("/items").get_data(as_text=True)
    queries = ["", "?overdue=1", "?all=1", "?all=1&overdue=1"]
    for key, options in re.findall(r'<select name="(\w+)">(.*?)</select>', form, re.S):
        for value in re.findall(r'<option value="([^"]+)"', options):
            queries += [f"?{key}={value}", f"?{key}={value}&all=1", f"?{key}={value}&overdue=1&all=1"]
    return queries + ["?kind=suggestion&dept=1&deputy=1&all=1"]


def _shown(client, query: str) -> str:
    answer = client.get("/items" + query)
    assert answer.status_code == 200, (query, answer.status_code)
    return re.sub(r'name="csrf_token" value="[^"]+"', "", answer.get_data(as_text=True))


def _same_both_ways(app, monkeypatch, name: str) -> int:
    """Every query's page from the facts equals the one from the documents; returns how many rows were shown."""
    client = _client(app, name)
    rows = 0
    for query in _queries(client):
        facts = _shown(client, query)
        with monkeypatch.context() as slow:
            slow.setenv("LIANLUO_FACTS", "documents")
            documents = _shown(client, query)
        assert facts == documents, query
        rows += facts.count('<tr class=')
    return rows


@pytest.mark.parametrize("name", ["书记员甲", "立案庭甲", "民一庭甲"])
def test_every_filter_of_the_list_shows_from_the_facts_what_the_documents_say(home, monkeypatch, name):
    _, app = home
    assert _same_both_ways(app, monkeypatch, name) > 0


def test_the_list_from_the_facts_filters_pages_and_follows_writes_made_through_the_web(home, monkeypatch):
    clerk, app = home
    client = _client(app, "书记员甲")
    page = _shown(client, "?all=1")
    assert "共 5 件" in page and "会议期间建议" in page
    running = _shown(client, "")
    assert "已答复的建议" not in running and "闭会期间建议" in running
    overdue = _shown(client, "?overdue=1")
    assert "逾期的建议" in overdue and "闭会期间建议" not in overdue
    co = _shown(_client(app, "立案庭甲"), "?all=1")
    assert "会议期间建议" in co and "共 4 件" in co  # co-handling counts as the department's own
    monkeypatch.setattr(views, "PER_PAGE", 2)
    first, third = _shown(client, "?all=1"), _shown(client, "?all=1&page=3")
    assert "第 1/3 页" in first and "第 3/3 页" in third and "会议期间建议" in third and "会议期间建议" not in first

    registered = client.post("/items/new", data={"kind": "suggestion", "title": "网页登记的建议", "deputy": "2",
                                                 "channel": "interim", "date": TODAY, "content": "内容",
                                                 "csrf_token": csrf_token(client, "/items/new")})
    assert registered.status_code == 303
    approved = client.post("/items/2/actions/approve", data={"date": TODAY, "csrf_token": csrf_token(client, "/items/2")})
    assert approved.status_code == 303
    monkeypatch.setattr(views, "PER_PAGE", 50)
    listed = _shown(client, "?all=1")
    assert "共 6 件" in listed and "网页登记的建议" in listed
    assert _same_both_ways(app, monkeypatch, "书记员甲") > 0
    assert _same_both_ways(app, monkeypatch, "立案庭甲") > 0
