"""pytest's hooks and fixtures: every test gets its own data home; the helpers themselves live in fixtures.py."""

from __future__ import annotations

import pytest

from fixtures import FILE_BOUND, TEST_PG, Clerk, isolated_environment, set_up_liwan
from lianluo.kernel.store.factory import STORE_FILE, open_store


def pytest_collection_modifyitems(config, items):
    if not TEST_PG:
        return
    for item in items:
        reason = FILE_BOUND.get(item.path.name)
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"PostgreSQL 后端：{reason}"))


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path):
    with isolated_environment(tmp_path / "default-home"):
        yield
    for config in tmp_path.rglob(STORE_FILE):  # each test's schemas go with it
        open_store(config.parent).drop()


@pytest.fixture
def clerk(tmp_path) -> Clerk:
    """A clerk with a fresh, uninitialised data home."""
    return Clerk(tmp_path / "home")


@pytest.fixture
def liwan(clerk) -> Clerk:
    """A Liwan court home with two departments, two deputies and the January 2026 session."""
    return set_up_liwan(clerk)


@pytest.fixture
def pg_url() -> str:
    """The test server's URL; PostgreSQL-only tests are skipped, with the reason shown, when there is none."""
    if not TEST_PG:
        pytest.skip("未设置 LIANLUO_TEST_PG（没有可用的 PostgreSQL），跳过 PostgreSQL 专项测试")
    return TEST_PG
