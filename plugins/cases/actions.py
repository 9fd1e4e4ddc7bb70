"""The actions of a case's handling that only cases have, declared for the kernel to run and for the `case`
command group to offer; their checks and the result notices are in rules.py."""

from lianluo.kernel import Action, Option

ACTIONS = (
    Action("report", "书面报告", "承办庭室书面报告案件办理情况。",
           (Option("text", "书面报告的内容或文号", required=True),), group="case"),
    Action("conclude", "审结", "案件审结（执结），记录结果。",
           (Option("result", "审理或执行结果", required=True),), group="case"),
    Action("report-back", "报告督办机关", "督办案件：向督办机关报告办理结果。",
           (Option("text", "报告内容或文号", required=True),), group="case"),
    Action("notify", "告知结果", "把审理结果告知关注本案和旁听过庭审的每位代表。", group="case"),
)
