"""Workflow actions as declarations (issue 17): what the registry refuses, what the kernel does with an action
no plugin declares, and the CLI's guard against an action that would shadow a command. The installed-plugin
path (a new action driven through `lianluo item …`) is tests/test_third_party_action.py."""

from __future__ import annotations

import datetime as dt

import click
import pytest

from lianluo.kernel import Action, Kind, LianluoError, Option, Transition, Workflow, hookimpl
from lianluo.kernel.cli.action_cmds import add_action_commands
from lianluo.kernel.context import App
from lianluo.kernel.desk import Desk
from lianluo.kernel.plugins import get_plugin_manager


class Declares:
    """A plugin that declares the given actions."""

    def __init__(self, *actions: Action):
        self.actions = actions

    @hookimpl
    def register_actions(self, register):
        for action in self.actions:
            register(action)


def _app(clerk, **extra) -> App:
    clerk.run("init", "--profile", "liwan-court", "--head", "周院长")
    return App.open(clerk.home, "测试", extra)


def test_an_action_declared_twice_is_refused_naming_both_plugins(clerk):
    app = _app(clerk, twin=Declares(Action("reply", "答复", "又一个答复。")))
    with pytest.raises(LianluoError, match="action 'reply' registered by both") as refused:
        app.actions
    assert "suggestions" in str(refused.value) and "twin" in str(refused.value)


def test_an_action_added_to_a_kind_from_a_state_it_lacks_is_refused(clerk):
    app = _app(clerk, odd=Declares(Action("inspect", "检查", "检查。", kinds=("suggestion",),
                                          sources=frozenset({"nowhere"}))))
    with pytest.raises(LianluoError, match="插件 odd 在 register_actions 中出错：ValueError: workflow names unknown states: \\['nowhere'\\]"):
        app.kinds


def test_an_added_action_joins_the_kinds_it_names_and_no_other(clerk):
    app = _app(clerk, extra=Declares(Action("recheck", "复查", "复查。", kinds=("suggestion",),
                                            sources=frozenset({"closed"}), target="handling")))
    assert app.kinds.get("suggestion").workflow.transitions["recheck"].target == "handling"
    assert app.kinds.get("suggestion").workflow.action_labels["recheck"] == "复查"
    assert "recheck" not in app.kinds.get("motion").workflow.transitions


class Memo:
    """A kind whose workflow has an action (`file`) that no plugin declares."""

    @hookimpl
    def register_kinds(self, register):
        workflow = Workflow(states={"open": "待办", "filed": "已归档"}, initial="open",
                            transitions={"file": Transition(frozenset({"open"}), "filed")},
                            finished=frozenset({"filed"}), action_labels={"file": "归档"})
        register(Kind("memo", "备忘", workflow, requires_deputy=False))


def test_an_action_a_workflow_allows_but_no_plugin_declares_changes_only_state_and_trail(clerk):
    app = _app(clerk, memo=Memo())
    assert app.actions.get("file") is None
    day = dt.date(2026, 3, 2)
    with app.store.transaction() as tx:
        desk = Desk(app, tx)
        memo = desk.register("memo", "备忘", [], day, channel="interim")
        filed = desk.act(memo.id, "file", day, note="已归档")
    assert filed.status == "filed" and (filed.lead, filed.reply, filed.feedback) == (None, None, None)
    assert (filed.events[-1].action, filed.events[-1].detail) == ("file", {"note": "已归档"})


def test_an_action_that_would_shadow_a_command_is_skipped_with_a_warning():
    root = click.Group("root")
    item = click.Group("item")
    root.add_command(item)

    @item.command(name="show")
    def show() -> None:
        """查看。"""

    pm = get_plugin_manager(extra={"loud": Declares(Action("show", "显示", "显示。", (Option("x", "x"),)))})
    warnings: list[str] = []
    add_action_commands(root, pm, warnings.append)
    assert item.commands["show"] is show
    assert "link" in item.commands and "assign" in item.commands  # the kernel's own
    assert warnings == ["警告：插件 loud 的办理操作 show 与已有命令 item show 重名，已跳过"]
