"""Workflow actions declared by the plugin that owns them, run by the kernel generically (desk.py).

An action says what a clerk may do to an item: its name (the CLI command and the event's name), its Chinese
label, its options (front-end neutral: the CLI builds click options from them, a web desk its form fields),
whether linked items follow it, and a function that checks the options and derives the item's changes. The
states it may start from are the kinds' workflows (registry.py), or, for an action a plugin adds to kinds it
does not own, the `sources` it declares.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .errors import LianluoError, PluginError
from .registry import Kind, Transition, add_named
from .vocab import Vocabulary

OPTION_TYPES = ("text", "date", "int")


@attrs.frozen
class Option:
    """One option of an action: `name` is the detail key (``approved_by`` is typed ``--approved-by``)."""

    name: str
    help: str
    required: bool = False
    type: str = attrs.field(default="text", validator=attrs.validators.in_(OPTION_TYPES))
    multiple: bool = False
    default: Any = None
    show_default: bool = False
    choices: Vocabulary | None = None  # the values it takes and their labels (checked by the action's function)
    label: str = ""  # what the trail calls it (方式, 答复类别 …); default: its help up to the first bracket

    @property
    def title(self) -> str:
        """The option's name in the trail a clerk reads; a help that lists codes (a|b) names nothing."""
        if self.label or "|" in self.help.split("：")[0]:
            return self.label
        return self.help.split("（")[0].split("：")[0].split("；")[0]

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@attrs.frozen
class Step:
    """What an action's function derives: the item's new field values, what the event records besides the
    options, and (rarely) the name the event is recorded and checked under (a co-department's reply)."""

    changes: Mapping[str, Any] = attrs.field(factory=dict)
    record: Mapping[str, Any] = attrs.field(factory=dict)
    action: str | None = None


Apply = Callable[[Any, dict, Any], Step | None]  # (item, detail, ctx) -> Step; raise InputError/RefusedError


@attrs.frozen
class Action:
    """A declared workflow action. `apply(item, detail, ctx)` runs before the state check and before anything
    changes; `after(desk, item, day)` runs once the item is saved (e.g. a link joins its primary's class)."""

    name: str
    label: str
    help: str
    options: tuple[Option, ...] = ()
    apply: Apply | None = None
    check: Callable[[dict], None] | None = None  # the options alone, before any data is read
    after: Callable[[Any, Any, Any], Any] | None = None
    cascades: bool = False  # items linked to a primary item follow it
    group: str | None = "item"  # the CLI group its command goes in (None: no command)
    sources: frozenset[str] = frozenset()  # with `kinds`: add this action to kinds the plugin does not own
    target: str | None = None
    kinds: tuple[str, ...] = ()
    plugin: str = ""

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.name == name), None)


class ActionRegistry:
    """Collects actions from `register_actions`, tagging each with its plugin and refusing duplicates."""

    def __init__(self) -> None:
        self.actions: dict[str, Action] = {}

    def register_for(self, plugin: str):
        def register(action: Action) -> None:
            if bool(action.sources) != bool(action.kinds):
                raise LianluoError(f"插件 {plugin} 的动作 {action.name}：sources 与 kinds 须同时给出")
            add_named(self.actions, "动作", action, plugin)

        return register

    def get(self, name: str) -> Action | None:
        return self.actions.get(name)

    def cascades(self, name: str) -> bool:
        found = self.actions.get(name)
        return found is not None and found.cascades

    def vocabulary(self, action: str, option: str) -> Vocabulary:
        """The values an action's option takes, with their labels (empty when the action is not enabled)."""
        found = self.actions.get(action)
        declared = found.option(option) if found else None
        return declared.choices if declared and declared.choices else Vocabulary("", {})

    def extend(self, kind: Kind) -> Kind:
        """`kind` with the transitions and labels of the actions other plugins add to it."""
        workflow = kind.workflow
        for action in self.actions.values():
            if kind.name not in action.kinds:
                continue
            try:
                workflow = attrs.evolve(
                    workflow,
                    transitions={**workflow.transitions, action.name: Transition(action.sources, action.target)},
                    action_labels={**workflow.action_labels, action.name: action.label},
                )
            except ValueError as exc:  # a state the kind's workflow does not have: the declaring plugin's bug
                raise PluginError(action.plugin, "register_actions", exc) from None
        return attrs.evolve(kind, workflow=workflow) if workflow is not kind.workflow else kind
