"""The action commands (`lianluo item reply …`, `lianluo case report …`), built from the actions the kernel and
every installed plugin declare, and the one way a command acts on an item and shows the result."""

from __future__ import annotations

from typing import Any

import click

from ..actions import Action, ActionRegistry, Option
from ..core_actions import CORE_ACTIONS, PLUGIN
from ..desk import Desk
from ..hooks import call_plugin, implementers
from ..item_view import item_lines
from .choices import LabelChoice
from .common import DATE, Root, date_option, day_or_today, emit, json_option, pass_root, require_plugin, warn_calendar

CLICK_TYPES = {"text": None, "date": DATE, "int": click.INT}


def act_and_show(root: Root, ref: str, action: str, day, json_: bool, table: str = "items", **detail: Any) -> None:
    """Apply `action` to item (or task) `ref` in one transaction and print it as `item show` does."""
    app = root.app()
    day = day_or_today(day)
    with app.store.transaction() as tx:
        found = Desk(app, tx).act(ref, action, day, table=table, **detail)
        lines = item_lines(app, tx, found)
    warn_calendar(app)
    emit(json_, found.to_doc(), lines)


def _click_option(option: Option):
    given = {"default": option.default} if option.default is not None else {}  # click 8.3: None is a value
    return click.option(option.flag, option.name, required=option.required, multiple=option.multiple,
                        show_default=option.show_default, help=option.help, **given,
                        type=LabelChoice(option.choices) if option.choices else CLICK_TYPES[option.type])


def _detail(action: Action, values: dict[str, Any]) -> dict[str, Any]:
    """The options as the desk takes them: repeated ones as a list, dates as ISO text."""
    detail = {}
    for option in action.options:
        value = values[option.name]
        if option.multiple:
            value = list(value)
        elif option.type == "date" and value is not None:
            value = value.isoformat()
        detail[option.name] = value
    return detail


def action_command(action: Action) -> click.Command:
    """A click command for a declared action: `ID`, its options, `--date`, `--json`."""

    def command(root: Root, ref: str, day, json_: bool, **values: Any) -> None:
        detail = _detail(action, values)
        if action.check is not None:
            action.check(detail)
        if action.plugin != PLUGIN and not root.app().pm.has_plugin(action.plugin):
            require_plugin(root.app(), action.plugin)
        act_and_show(root, ref, action.name, day, json_, **detail)

    command = json_option(pass_root(command))
    command = date_option()(command)
    for option in reversed(action.options):
        command = _click_option(option)(command)
    command = click.argument("ref", metavar="ID")(command)
    return click.command(name=action.name, help=action.help)(command)


def installed_actions(pm, warn) -> ActionRegistry:
    """The kernel's actions and every installed plugin's; a plugin whose declarations fail is named and skipped."""
    registry = ActionRegistry()
    for action in CORE_ACTIONS:
        registry.register_for(PLUGIN)(action)
    for plugin in implementers(pm, "register_actions"):
        answer = call_plugin(pm, "register_actions", plugin, register=registry.register_for(plugin))
        if answer.error is not None:  # a plugin's bug must not take --help down with it
            warn(f"警告：插件 {plugin} 的办理操作未能加载：{type(answer.error).__name__}: {answer.error}")
    return registry


def add_action_commands(cli: click.Group, pm, warn) -> None:
    """Put each declared action's command in its group; one that would shadow a command is named and skipped."""
    for action in installed_actions(pm, warn).actions.values():
        group = cli.commands.get(action.group) if action.group else None
        if not isinstance(group, click.Group):
            continue
        if action.name in group.commands:
            warn(f"警告：插件 {action.plugin} 的办理操作 {action.name} 与已有命令 {action.group} {action.name} 重名，已跳过")
            continue
        group.add_command(action_command(action))
