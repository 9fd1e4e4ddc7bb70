"""A session task's short life: to do → done (its owner may be named or changed on the way)."""

from lianluo.kernel.registry import Kind, Transition, Workflow

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
                   "redate": "会议改期重算期限"},
)

TASK = Kind(name="session-task", label="会议工作任务", workflow=TASK_WORKFLOW, requires_deputy=False,
            registrable=False, table="tasks")
