"""The handling of a case of concern (代表关注案件) or a supervision case (督办案件): assigned to the
division, a written report, the conclusion, the result told to the deputies, and — for a supervision case —
the report back to the body that sent it."""

from lianluo.kernel.registry import Kind, Transition, Workflow
from lianluo.kernel.tasks import task_kind

from .actions import ACTIONS as DECLARED

STATES = {
    "registered": "已登记",
    "assigned": "已交办",
    "reported": "已书面报告",
    "concluded": "已审结",
    "notified": "已告知结果",
    "closed": "已办结",
}
ACTIONS = {  # the labels of the case-only actions (actions.py) and of those cases share with suggestions
    "register": "登记",
    "assign": "交办",
    "contact": "联系代表",
    "close": "办结",
    "redate": "重算期限",
    **{action.name: action.label for action in DECLARED},
}
HANDLING = frozenset({"assigned", "reported"})

WORKFLOW = Workflow(
    states=STATES,
    initial="registered",
    transitions={
        "assign": Transition(frozenset({"registered"}) | HANDLING, "assigned"),
        "report": Transition(HANDLING, "reported"),
        "contact": Transition(HANDLING | {"concluded", "notified"}),
        "conclude": Transition(HANDLING, "concluded"),
        "notify": Transition(frozenset({"concluded"}), "notified"),
        "report-back": Transition(frozenset({"concluded", "notified"})),
        "close": Transition(frozenset({"notified"}), "closed"),
    },
    finished=frozenset({"concluded", "notified", "closed"}),
    action_labels=ACTIONS,
)

CASE = Kind(name="case", label="代表关注案件", workflow=WORKFLOW)
SUPERVISION = Kind(name="supervision", label="督办案件", workflow=WORKFLOW)
EXPLANATION = task_kind("case-explanation", "年末未结案件解释")
KINDS = {CASE.name: CASE, SUPERVISION.name: SUPERVISION}
