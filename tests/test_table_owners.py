"""Tables with owners (issue 17): each plugin declares the tables it owns (`register_tables`); another plugin
gets their data only through a query the owner answers, never by reading the table, and gets an empty
answer when the owner is not enabled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lianluo.kernel.context import App
from lianluo.kernel.errors import StoreError
from lianluo.kernel.hooks import hookimpl
from lianluo.kernel.hooks import call_registration
from lianluo.kernel.plugins import BUILTIN_PLUGINS, get_plugin_manager
from lianluo.kernel.store.owners import KERNEL, Tables

from conftest import Clerk
from test_activities import LIWAN, home_with
from test_cases import hearing, register_case

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"


def _liwan_app(clerk: Clerk, extra=None) -> App:
    return App.open(clerk.home, extra=extra)


def test_a_plugin_cannot_read_or_write_a_table_another_plugin_owns(liwan):
    """Through a transaction limited to the cases plugin, the activities table is refused in one sentence
    naming both plugins and the query to use instead; the owner and the kernel's tables are reachable."""
    app = _liwan_app(liwan)
    assert app.tables.owners["activities"] == "activities" and app.tables.owners["items"] == KERNEL
    with app.store.transaction() as tx:
        cases = app.tables.guard("cases", tx)
        for attempt in (lambda: cases.all("activities"), lambda: cases.find("activities", case=1),
                        lambda: cases.insert("activities", {"kind": "visit"}), lambda: cases.count("activities")):
            with pytest.raises(StoreError, match="插件 cases 不能读写插件 activities 的表 activities.*activities.held"):
                attempt()
        assert cases.count("items") == 0
        assert app.tables.guard("activities", tx).all("activities") == []


def test_register_tables_refuses_a_table_claimed_twice_naming_both_owners(liwan):
    """register_tables from a third plugin claiming the kernel's items or the activities table is refused."""

    class Greedy:
        @hookimpl
        def register_tables(self, register):
            register.table("activities")

    with pytest.raises(StoreError, match="声明的表 activities 已属于插件") as refused:
        _liwan_app(liwan, extra={"greedy": Greedy()}).tables
    assert {"greedy", "activities"} <= set(re.findall(r"插件 (\w+)", str(refused.value)))
    tables = Tables()
    with pytest.raises(StoreError, match="已属于内核"):
        tables.register_for("greedy").table("items")


def test_cases_see_hearings_through_the_activities_query(liwan):
    """The activities plugin answers `activities.held` with the shared fields only; the case statistics and the
    result notice use it."""
    liwan.run("deputy", "add", "--name", "郑某", "--level", "district")
    case = register_case(liwan)
    hearing(liwan, case["id"], "2026-04-20", ["2"])
    app = _liwan_app(liwan)
    with app.store.reader() as tx:
        ctx = app.context(tx, None)
        assert ctx.query("activities.held", case=case["id"], kind="hearing") == [
            {"id": 1, "kind": "hearing", "date": "2026-04-20", "case": case["id"], "attended": [2]}]
        assert ctx.query("activities.held", case=99) == []
        assert ctx.query("nobody.answers") == []
    assert liwan.json("case", "stats", "--year", "2026")["hearings"] == 1


def test_without_the_activities_plugin_the_cases_and_scoring_get_an_empty_answer(tmp_path):
    """With activities not enabled, nobody answers the query: case statistics count no hearing, scoring still
    runs, a case's result still goes to the deputy who raised it."""
    enable = next(line for line in LIWAN.read_text(encoding="utf-8").splitlines() if line.startswith("enable = "))
    clerk = home_with(tmp_path, (enable, enable.replace(', "activities"', "")))
    clerk.run("dept", "add", "民一庭", "--head", "赵庭长", "--leader", "钱副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    case = register_case(clerk)
    clerk.run("case", "conclude", str(case["id"]), "--result", "判决", "--date", "2026-05-10")
    clerk.run("case", "notify", str(case["id"]), "--date", "2026-05-11")
    assert [n["to"] for n in clerk.json("notices") if n["type"] == "result"] == ["陈代表（代表）"]
    assert clerk.json("case", "stats", "--year", "2026")["hearings"] == 0
    clerk.run("score", "--period", "2026")


TABLE_USE = re.compile(r"tx\.(?:get|all|scan|find|due|insert|put|count|next_id)\(\s*\"([A-Za-z0-9_]+)\"")


def test_no_built_in_plugin_names_a_table_it_does_not_own():
    """Every table a built-in plugin's code names in a transaction call is the kernel's or its own."""
    tables = Tables()
    call_registration(get_plugin_manager(tuple(BUILTIN_PLUGINS)), "register_tables", tables.register_for)
    assert tables.owners["activities"] == "activities"
    wrong = []
    for path in PLUGINS.rglob("*.py"):
        plugin = path.relative_to(PLUGINS).parts[0]
        for table in TABLE_USE.findall(path.read_text(encoding="utf-8")):
            owner = tables.owners.get(table)
            if owner not in (KERNEL, plugin):
                wrong.append(f"{path.relative_to(PLUGINS)}: {table} (owner {owner})")
    assert not wrong, wrong
