"""Liwan district court (荔法办〔2018〕3号): art. 28 puts each department's and liaison officer's liaison tasks
into their assessment, "the method to be set separately"; art. 29 commends those who excel and names those
who do not finish their tasks. The text gives no number, so every number here is chosen （选定）."""

from ..ruleset import DEFAULT_KINDS, RuleSet

RULES = RuleSet(
    name="liwan-court",
    label="荔湾区法院",
    source="荔法办〔2018〕3号第二十八条（各部门与挂点联络员完成联络任务的情况纳入工作考核）、第二十九条（表彰奖励、通报批评）",
    kinds=DEFAULT_KINDS + ("case", "supervision"),
    completion="replied",
    satisfied=("satisfied", "basic"),
    ratings="per_item",
    min_count=3,
    weights={"completion": 30, "on_time": 20, "satisfaction": 20, "feedback": 15, "coverage": 15},
    targets={"completion": 90},
    commend_at=85,
    name_below=60,
    choices={
        "kinds": "跟踪代表关注的案件、通报审理结果也是联络任务（第九条（五）、第二十三条），故计入案件（选定）",
        "completion": "第十四、十五条的期限都是答复期限，办结即答复代表（选定）",
        "satisfaction": "满意率通行口径；联名事项按件计（选定）",
        "weights": "办结 30、按期 20（第十四至十六条期限）、满意 20、反馈 15（第九条（一）挂点联络员负责及时反馈）、"
                   "代表覆盖 15（第八条（六）每位代表参加活动）（选定）",
        "lists": "第二十九条“未能完成联络工作任务”取办结率不足九成；表彰取 85 分（选定）",
        "min_count": "两件以下的比率不足以比较（选定）",
    },
)
