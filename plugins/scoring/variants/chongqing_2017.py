"""Chongqing 2017 工作条例: the feedback form is due within 20 working days of the reply, and a form returned
later is left out of the satisfaction denominator. Which indicators count and their weights are chosen （选定）."""

from lianluo.kernel import Duration

from ..ruleset import RuleSet

RULES = RuleSet(
    name="chongqing-2017",
    label="重庆2017",
    source="重庆市 2017 年代表建议工作条例：交办之日起三个月内答复；代表在 20 个工作日内反馈意见，逾期反馈不计入满意率分母",
    completion="replied",
    satisfied=("satisfied", "basic"),
    ratings="per_item",
    late_feedback_after=Duration.parse("20 working days"),
    min_count=3,
    weights={"reply": 30, "on_time": 30, "satisfaction": 40},
    commend_at=90,
    name_below=60,
    choices={
        "satisfaction": "条例：20 个工作日内反馈，逾期反馈不计入分母",
        "weights": "答复 30、按期 30、满意 40（选定）",
        "lists": "90 分以上表彰，不足 60 分通报（选定）",
        "min_count": "两件以下的比率不足以比较（选定）",
    },
)
