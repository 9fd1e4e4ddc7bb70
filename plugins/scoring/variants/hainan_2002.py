"""Hainan 2002: each item scored out of 100 — speed 20 (all or nothing), reply quality 50, result 30 — and a
unit's score the mean over its items. The text does not say how quality and result are judged; here quality
comes from the deputy's rating and result from the reply's category （选定）."""

from ..ruleset import ItemPoints, RuleSet

RULES = RuleSet(
    name="hainan-2002",
    label="海南2002",
    source="海南省 2002 年建议办理考核：每件 100 分，办理速度 20 分（全有或全无）、答复质量 50 分、办理结果 30 分",
    completion="replied",
    satisfied=("satisfied", "basic"),
    ratings="per_item",
    min_count=2,
    points=ItemPoints(
        speed=20,
        quality={"satisfied": 50, "basic": 35, "unsatisfied": 10},
        unrated=25,
        result={"A": 30, "B": 20, "C": 10, "D": 0},
    ),
    commend_at=90,
    name_below=60,
    choices={
        "weights": "速度：答复期限内答复得 20 分；质量看代表评价（满意 50、基本满意 35、不满意 10，答复后未反馈 25）；"
                   "结果看答复类别（A 已解决 30、B 正在解决 20、C 10、D 0）（选定）",
        "lists": "90 分以上表彰，不足 60 分通报（选定）",
        "min_count": "只办一件的单位不排名（选定）",
    },
)
