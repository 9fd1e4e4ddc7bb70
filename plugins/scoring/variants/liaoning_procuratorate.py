"""Liaoning provincial procuratorate (seed 004): 见面率, 办结率, 反馈率 and 代表满意率 all at 100%, and
"satisfaction judged by all deputies, not one" (变一人满意为大家满意, seed 001 第四篇). Each of the four is a
100% target; a unit below it on any is named."""

from ..ruleset import RuleSet

RULES = RuleSet(
    name="liaoning-procuratorate",
    label="辽宁省检察院",
    source="辽宁省人民检察院（seed 004）：见面率、办结率、反馈率及代表满意率均达到100%；“变一人满意为大家满意”",
    completion="solved",
    satisfied=("satisfied",),
    ratings="per_deputy",
    min_count=1,
    weights={"meeting": 25, "completion": 25, "feedback": 25, "satisfaction": 25},
    targets={"meeting": 100, "completion": 100, "feedback": 100, "satisfaction": 100},
    commend_at=100,
    choices={
        "kinds": "代表建议、来信来访和转交的群众来信（选定）",
        "completion": "“件件有结果”：办结指答复类别 A（已解决或基本解决）（选定）",
        "satisfaction": "“变一人满意为大家满意”：联名代表各自评价，只有“满意”计为满意（选定）",
        "weights": "四项指标同等重要（选定）",
        "lists": "四项均须 100%，任一项未达即通报；四项全达 100% 的表彰（表彰为选定）",
        "min_count": "100% 的目标逐件要求，一件未办好即未达标（选定）",
    },
)
