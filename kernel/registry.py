"""Item kinds and their workflows, registered by plugins through a callback that checks collisions."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .errors import DuplicateError, RefusedError


@attrs.frozen
class Transition:
    """An action allowed from some states; `target` None keeps the state."""

    sources: frozenset[str]
    target: str | None = None


@attrs.frozen
class Workflow:
    """A kind's state machine: state labels, the first state, the actions, and the finished states."""

    states: Mapping[str, str]
    initial: str
    transitions: Mapping[str, Transition]
    finished: frozenset[str]
    action_labels: Mapping[str, str] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        known = set(self.states)
        used = {self.initial, *self.finished}
        for transition in self.transitions.values():
            used |= transition.sources | ({transition.target} - {None})
        if not used <= known:
            raise ValueError(f"workflow names unknown states: {sorted(used - known)}")

    def allowed(self, state: str) -> list[str]:
        return [a for a, t in self.transitions.items() if state in t.sources]

    def target(self, state: str, action: str, item_id: int) -> str:
        """The state after `action`, or a refusal saying where the item is and what it may do."""
        transition = self.transitions.get(action)
        if transition is None or state not in transition.sources:
            allowed = "、".join(self.action_labels.get(a, a) for a in self.allowed(state)) or "无"
            verb = self.action_labels.get(action, action)
            raise RefusedError(
                f"事项 {item_id} 当前状态为「{self.states.get(state, state)}」，不能{verb}；当前可以：{allowed}"
            )
        return transition.target or state


@attrs.frozen
class Kind:
    """An item kind: its name (CLI and JSON), its Chinese label, and its workflow."""

    name: str
    label: str
    workflow: Workflow
    plugin: str = ""
    requires_deputy: bool = True
    table: str = "items"  # "tasks" for work items (session tasks …) numbered apart from deputies' matters
    registrable: bool = True  # False: only plugins create items of this kind (e.g. session tasks)


def add_named(entries: dict, what: str, entry, plugin: str) -> None:
    """Tag `entry` with its plugin and file it under its name, refusing a name another plugin registered: what
    every `register_*` registry (kinds, actions, jobs) does with what it is handed."""
    if entry.name in entries:
        raise DuplicateError(what, entry.name, entries[entry.name].plugin, plugin)
    entries[entry.name] = attrs.evolve(entry, plugin=plugin)


class KindRegistry:
    """Collects kinds from `register_kinds`, tagging each with its plugin and refusing duplicates."""

    def __init__(self) -> None:
        self.kinds: dict[str, Kind] = {}

    def register_for(self, plugin: str):
        def register(kind: Kind) -> None:
            add_named(self.kinds, "事项类型", kind, plugin)

        return register

    def get(self, name: str) -> Kind | None:
        return self.kinds.get(name)

    def table_of(self, kind: str) -> str:
        found = self.kinds.get(kind)
        return found.table if found else "items"

    def tables(self) -> list[str]:
        return sorted({"items", *(k.table for k in self.kinds.values())})
