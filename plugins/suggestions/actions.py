"""The actions of a suggestion's handling, declared for the kernel to run and the CLI to offer: their
options, and what approve … close change on the item. The rules' checks and clocks are in rules.py."""

from __future__ import annotations

from lianluo.kernel import Action, InputError, Option, Step

from .vocab import CONTACT_MODES, RATINGS, REPLY_CATEGORIES

NOTE = Option("note", "备注", default="")
REASON = Option("reason", "理由", required=True)


def _returned(item, detail, ctx) -> Step:
    """The department hands the item back: the assignment is undone, the trail keeps who had it."""
    return Step(changes={"lead": None, "co": ()}, record={"lead": item.lead, "co": list(item.co)})


def _replied(item, detail, ctx) -> Step:
    """The lead department's reply to the deputy, or a co-department's opinion to the lead (co-reply)."""
    dept = ctx.directory.department(detail["dept"], "--dept") if detail.get("dept") else None
    if dept is not None and dept.id in item.co:
        return Step(record={"dept": dept.id}, action="co-reply")
    if dept is not None and dept.id != item.lead:
        raise InputError("--dept", f"{dept.name} 不是本事项的主办或协办部门")
    reply = {"category": detail.get("category"), "text": detail.get("text"), "date": ctx.today.isoformat(),
             "dept": item.lead}
    return Step(changes={"reply": reply}, record={"dept": dept.id} if dept is not None else {})


def _rated(item, detail, ctx) -> Step:
    """The deputy's rating; on a joint item, the deputy who gave it must be one who raised it."""
    if not detail.get("deputy"):
        return Step(changes={"feedback": detail.get("rating")})
    deputy = ctx.directory.deputy(detail["deputy"])
    if deputy.id not in item.deputies:
        raise InputError("--deputy", f"{deputy.name} 不是本事项的提出人")
    return Step(changes={"feedback": detail.get("rating")}, record={"deputy": deputy.id})


ACTIONS = (
    Action("approve", "审批", "审批（拟办意见经领导批准）。", (NOTE,), cascades=True),
    Action("accept", "签收", "承办部门签收。", (NOTE,), cascades=True),
    Action("resume", "恢复计时", "恢复计时（期限顺延暂停的天数）。", (NOTE,), cascades=True),
    Action("close", "办结", "办结。", (NOTE,), cascades=True),
    Action("return", "退回", "承办部门退回（交办不当），说明理由，由联络办重新交办。", (REASON,), apply=_returned),
    Action("pause", "暂停计时", "暂停计时（如等待代表补充说明），说明理由。", (REASON,), cascades=True),
    Action("contact", "联系代表", "记录与代表的联系沟通。", (
        Option("mode", "联系方式：见面（meet）|电话（phone）|走访（visit）|信函（letter）", required=True,
               choices=CONTACT_MODES, label="方式"),
        Option("note", "沟通情况", default=""),
    ), cascades=True),
    Action("reply", "答复", "答复（主办部门答复代表，或协办部门答复主办部门）。", (
        Option("category", "答复类别：A 已解决|B 正在解决或列入计划|C 留作参考（写字母或类别名称）", required=True,
               choices=REPLY_CATEGORIES),
        Option("text", "答复内容或文号", required=True),
        Option("dept", "答复部门；协办部门给主办部门的意见时必填"),
        Option("approved_by", "答复文稿的审批领导"),
    ), apply=_replied, cascades=True),
    Action("feedback", "反馈", "记录代表的反馈意见；不满意的重新办理。", (
        Option("rating", "代表评价：满意（satisfied）|基本满意（basic）|不满意（unsatisfied）", required=True,
               choices=RATINGS),
        Option("deputy", "联名事项中给出反馈的代表编号或姓名（默认全体）", label="反馈代表"),
    ), apply=_rated),
    Action("extend", "延期", "延期（不超过规则允许的最长期限）。", (
        Option("to", "新的到期日", required=True, type="date"),
        Option("reason", "延期理由", required=True),
        Option("clock", "延期的期限名", default="reply", show_default=True),
    )),
)
