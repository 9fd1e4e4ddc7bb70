"""The handling flow of a suggestion (Liwan arts. 13–20; Shanghai / Chongqing hand-back rules):
register → approve → assign → accept or send back → contact → reply → feedback → close.
An unsatisfied feedback sends the item back to handling (chosen, as NPC practice does)."""

from lianluo.kernel.registry import Transition, Workflow

STATES = {
    "registered": "已登记",
    "approved": "已审批",
    "assigned": "已交办",
    "returned": "已退回",
    "handling": "办理中",
    "replied": "已答复",
    "closed": "已办结",
}

ACTIONS = {
    "register": "登记",
    "approve": "审批",
    "assign": "交办",
    "accept": "签收",
    "return": "退回",
    "contact": "联系代表",
    "pause": "暂停计时",
    "resume": "恢复计时",
    "co-reply": "协办答复",
    "reply": "答复",
    "feedback": "反馈",
    "extend": "延期",
    "close": "办结",
    "link": "并案",
    "redate": "节假日变更重算期限",
    "session-move": "会议改期重算期限",
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
