"""The handling flow of a suggestion (Liwan arts. 13–16, 20): register → approve → assign → reply →
feedback → close; an unsatisfied feedback sends it back to handling."""

from lianluo.kernel.registry import Transition, Workflow

STATES = {
    "registered": "已登记",
    "approved": "已审批",
    "assigned": "已交办",
    "replied": "已答复",
    "closed": "已办结",
}

ACTIONS = {
    "register": "登记",
    "approve": "审批",
    "assign": "交办",
    "contact": "联系代表",
    "co-reply": "协办答复",
    "reply": "答复",
    "feedback": "反馈",
    "extend": "延期",
    "close": "办结",
}

WORKFLOW = Workflow(
    states=STATES,
    initial="registered",
    transitions={
        "approve": Transition(frozenset({"registered"}), "approved"),
        "assign": Transition(frozenset({"approved", "assigned"}), "assigned"),
        "contact": Transition(frozenset({"assigned", "replied"})),
        "co-reply": Transition(frozenset({"assigned"})),
        "reply": Transition(frozenset({"assigned"}), "replied"),
        "feedback": Transition(frozenset({"replied"})),
        "extend": Transition(frozenset({"approved", "assigned"})),
        "close": Transition(frozenset({"replied"}), "closed"),
    },
    finished=frozenset({"closed"}),
    action_labels=ACTIONS,
)
