"""Prepared Liwan homes for hypothesis tests: one template built per module, a fresh copy per example."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures import TEST_PG, Clerk, isolated_environment


def _build_home(home: Path) -> Path:
    clerk = Clerk(home)
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("dept", "add", "民一庭", "--head", "赵庭长", "--leader", "钱副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    return home


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A Liwan home with two departments and one deputy, built once (same environment as conftest's)."""
    folder = tmp_path_factory.mktemp("template")
    with isolated_environment(folder / "default-home"):
        return _build_home(folder / "home")


class Homes:
    """Fresh copies of the template, one per hypothesis example (on PostgreSQL, where a copied home would share
    its schema with the template, a freshly built home)."""

    def __init__(self, template: Path, base: Path):
        self.template = template
        self.base = base
        self.count = 0

    def clerk(self) -> Clerk:
        self.count += 1
        home = self.base / f"home-{self.count}"
        if TEST_PG:
            return Clerk(_build_home(home))
        shutil.copytree(self.template, home)
        return Clerk(home)


@pytest.fixture(scope="module")
def homes(template, tmp_path_factory) -> Homes:
    return Homes(template, tmp_path_factory.mktemp("examples"))
