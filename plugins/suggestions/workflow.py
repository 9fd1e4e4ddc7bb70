"""The handling flow of a suggestion (Liwan arts. 13–20; Shanghai / Chongqing hand-back rules):
register → approve → assign → accept or send back → contact → reply → feedback → close.
An unsatisfied feedback sends the item back to handling (chosen, as NPC practice does)."""

from lianluo.kernel import Transition, Workflow

from .actions import ACTIONS as DECLARED

STATES = {
    "registered": "已登记",
    "approved": "已审批",
    "assigned": "已交办",
    "returned": "已退回",
    "handling": "办理中",
    "replied": "已答复",
    "closed": "已办结",
}

ACTIONS = {  # the labels of the declared actions (actions.py), and of the steps that are no command
    "register": "登记",
    "assign": "交办",
    "co-reply": "协办答复",
    "link": "并案",
    "redate": "节假日变更重算期限",
    "session-move": "会议改期重算期限",
    **{action.name: action.label for action in DECLARED},
}

WORKING = frozenset({"assigned", "handling"})

WORKFLOW = Workflow(
    states=STATES,
    initial="registered",
    transitions={
        "approve": Transition(frozenset({"registered"}), "approved"),
        "assign": Transition(frozenset({"registered", "approved", "assigned", "returned", "handling"}), "assigned"),
        "accept": Transition(frozenset({"assigned"}), "handling"),
        "return": Transition(frozenset({"assigned"}), "returned"),
        "contact": Transition(WORKING | {"replied"}),
        "pause": Transition(WORKING),
        "resume": Transition(WORKING),
        "co-reply": Transition(WORKING),
        "reply": Transition(WORKING, "replied"),
        "feedback": Transition(frozenset({"replied"})),
        "extend": Transition(frozenset({"approved"}) | WORKING),
        "close": Transition(frozenset({"replied"}), "closed"),
        "link": Transition(frozenset({"registered", "approved"})),
    },
    finished=frozenset({"closed"}),
    action_labels=ACTIONS,
)
