"""Choosing PostgreSQL from the command line: bad addresses are named, passwords never shown, nothing half-made.

These need no server: they stop at the address or at a port where nobody listens.
"""

from __future__ import annotations

import pytest

from lianluo.kernel.store.factory import STORE_FILE

from fixtures import Clerk

NOBODY = "postgresql://书记员:s3cret-pw@127.0.0.1:1/lianluo"  # port 1: refused at once, on this machine only


@pytest.fixture
def tiny(clerk, monkeypatch) -> Clerk:
    monkeypatch.delenv("LIANLUO_STORE", raising=False)
    clerk.run("init", "--profile", "liwan-court")
    return clerk


@pytest.mark.parametrize("url, says", [
    ("mysql://u@localhost/db", "不是 PostgreSQL 地址"),
    ("postgresql://u@localhost", "没有指明数据库名"),
    ("postgresql://u:pw@localhost:port/db", "端口不是数字"),
])
def test_init_with_a_bad_store_url_names_store_and_writes_nothing(clerk, url, says):
    line = clerk.fails("init", "--profile", "liwan-court", "--store", url)
    assert "--store" in line and says in line and ":pw@" not in line
    assert not clerk.home.exists()


def test_init_with_a_bad_schema_name_is_refused(clerk):
    line = clerk.fails("init", "--profile", "liwan-court", "--store", "postgresql://u@localhost/db",
                       "--schema", "Drop Table")
    assert "--schema" in line and not clerk.home.exists()


@pytest.mark.parametrize("url, says", [
    ("http://example.invalid/db", "不是 PostgreSQL 地址"),
    ("postgresql:///", "没有指明数据库名"),
])
def test_migrate_with_a_bad_url_names_to_and_writes_nothing(tiny, url, says):
    before = tiny.data_bytes()
    line = tiny.fails("migrate", "--to", url)
    assert "--to" in line and says in line
    assert not (tiny.home / STORE_FILE).exists() and tiny.data_bytes() == before


def test_an_unreachable_server_is_one_line_without_the_password(clerk, tiny):
    """init and migrate both fail plainly (exit 1) when the server cannot be reached; the password is masked."""
    other = Clerk(clerk.home.parent / "pg-home")
    line = other.fails("init", "--profile", "liwan-court", "--store", NOBODY, code=1)
    assert "无法连接 PostgreSQL" in line and "书记员:***@127.0.0.1:1" in line and "s3cret" not in line
    assert not other.home.exists()
    before = tiny.data_bytes()
    line = tiny.fails("migrate", "--to", NOBODY, code=1)
    assert "无法连接 PostgreSQL" in line and "s3cret" not in line
    assert not (tiny.home / STORE_FILE).exists() and tiny.data_bytes() == before
    assert tiny.json("deputy", "list") == []  # still a working TinyDB home
