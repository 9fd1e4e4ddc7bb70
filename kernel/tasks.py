"""Work items plugins create (session work, year-end explanations …): a short to-do → done life,
kept in the "tasks" table so they are numbered apart from the matters deputies raise."""

from __future__ import annotations

from .registry import Kind, Transition, Workflow

TASK_WORKFLOW = Workflow(
    states={"open": "待办", "done": "已完成"},
    initial="open",
    transitions={
        "assign": Transition(frozenset({"open"})),
        "extend": Transition(frozenset({"open"})),
        "complete": Transition(frozenset({"open"}), "done"),
    },
    finished=frozenset({"done"}),
    action_labels={"register": "生成", "assign": "指定负责人", "complete": "完成", "extend": "延期",
                   "redate": "重算期限", "session-move": "会议改期重算期限"},
)


def task_kind(name: str, label: str) -> Kind:
    """A task kind: no deputy required, never registered by hand, stored in the tasks table."""
    return Kind(name=name, label=label, workflow=TASK_WORKFLOW, requires_deputy=False, registrable=False,
                table="tasks")
