"""What a clerk reads: one rule set in full (indicator tables, ranking, lists), or several side by side with
the places where they disagree marked."""

from __future__ import annotations

from collections.abc import Callable

from .assess import UNITS, Assessment, Unit
from .compare import LISTS, units
from .facts import ANSWER_ACTION
from .figures import NO_DATA
from .ledger import Ledger
from .ruleset import INDICATORS, RATINGS, RuleSet
from .table import table


def _why(rules: RuleSet, topic: str) -> str:
    return f" —— {rules.choices[topic]}" if topic in rules.choices else ""


def _points_line(rules: RuleSet) -> str:
    p = rules.points
    quality = "、".join(f"{RATINGS.label(r)} {v}" for r, v in p.quality.items()) + f"、答复未反馈 {p.unrated}"
    result = "、".join(f"{c} {v}" for c, v in p.result.items())
    return (f"  计分：每件满分 100 = 按期答复 {p.speed}（全有或全无）+ 答复质量（{quality}）+ 办理结果（答复类别 "
            f"{result}）；未答复的 0 分；单位得分为其事项的平均分")


def describe(rules: RuleSet, kind_label: Callable[[str], str]) -> list[str]:
    """The rule set's reading of the data, each choice followed by the reason the variant gives."""
    completion = "已答复代表" if rules.completion == "replied" else f"答复类别为 {'、'.join(rules.solved)}（已解决）"
    per = "联名事项每件计一次（取最新反馈）" if rules.ratings == "per_item" else "每位代表各计一次（取各自最新反馈）"
    late = (f"；答复后超过 {rules.late_feedback_after.zh} 才反馈的不计入分母" if rules.late_feedback_after
            else "；反馈早晚均计入")
    if any(k in ANSWER_ACTION for k in rules.kinds):
        completion += "；案件以告知代表结果为答复、为办结"
    lines = [
        f"  计入：{'、'.join(kind_label(k) for k in rules.kinds)}" + _why(rules, "kinds"),
        f"  办结：{completion}" + _why(rules, "completion"),
        f"  满意：{' + '.join(RATINGS.label(r) for r in rules.satisfied)}；{per}{late}" + _why(rules, "satisfaction"),
    ]
    if rules.points is not None:
        lines.append(_points_line(rules) + _why(rules, "weights"))
    else:
        weights = "、".join(f"{INDICATORS[k]} {w}" for k, w in rules.weights.items() if w)
        lines.append(f"  权重：{weights}（带 * 的指标；按单位可评的指标折算为百分制）" + _why(rules, "weights"))
    lists = []
    if rules.commend_at is not None:
        lists.append(f"表彰综合得分不低于 {rules.commend_at} 且没有指标低于目标的")
    blame = [f"{INDICATORS[k]}低于 {t}% " for k, t in rules.targets.items()]
    blame += [f"综合得分低于 {rules.name_below} "] if rules.name_below is not None else []
    if blame:
        lists.append(f"通报{'或'.join(blame)}的")
    lines.append(f"  名单：{'；'.join(lists) or '不设'}" + _why(rules, "lists"))
    guard = (f"少于 {rules.min_count} 件（覆盖率为 {rules.min_count} 人）的比率只列分数、标“样本不足”，不计入得分、排名和名单"
             if rules.min_count > 1 else "不设样本下限，一件也计")
    lines.append(f"  样本：{guard}" + _why(rules, "min_count"))
    return lines


def _period_lines(ledger: Ledger) -> list[str]:
    p = ledger.period
    return [f"  期间：{p.start} 至 {p.end} 登记的事项计入本期（按登记日期归入期间），办理情况截至 {ledger.as_of}"]


def _columns(rules: RuleSet, coverage: bool) -> list[str]:
    keys = [k for k in INDICATORS if coverage or k != "coverage"]
    star = rules.points is None
    return [INDICATORS[k] + ("*" if star and rules.weights.get(k) else "") for k in keys]


def _cells(unit: Unit) -> list[str]:
    return [f.text for f in unit.figures.values()]


def _rank(unit: Unit) -> str:
    return str(unit.rank) if unit.rank is not None else NO_DATA


def _ranking_line(a: Assessment, kind: str) -> str:
    ranked = [u for u in a.ranking() if u.kind == kind]
    return f"  {UNITS[kind]}：" + ("；".join(f"{u.rank}. {u.name} {u.score.text}" for u in ranked) or "（无，样本不足或无数据）")


def _listing_lines(listings) -> list[str]:
    return [f"  {l.name}（{UNITS[l.unit]}）：{'；'.join(l.reasons)}" for l in listings] or ["  （无）"]


def single(a: Assessment, ledger: Ledger, kind_label: Callable[[str], str]) -> list[str]:
    rules = a.rules
    lines = [f"{rules.label}考核（{rules.name}）：{ledger.period.label}", *_period_lines(ledger),
             f"  依据：{rules.source}", *describe(rules, kind_label), "", "一、各部门"]
    lines += table(["部门", "件数", *_columns(rules, False), "综合得分", "排名"],
                   [[u.name, str(u.items), *_cells(u), u.score.text, _rank(u)] for u in a.departments])
    if a.unassigned:
        lines.append(f"  另有 {a.unassigned} 件未交办，只计入全院。")
    lines += ["", "二、各联络员（计入其结对代表提出的事项）"]
    lines += table(["联络员", "结对代表", "件数", *_columns(rules, True), "综合得分", "排名"],
                   [[u.name, str(u.deputies), str(u.items), *_cells(u), u.score.text, _rank(u)] for u in a.officers]
                   ) if a.officers else ["  （名册中没有结对联络员）"]
    org = a.organisation
    lines += ["", "三、全院"]
    lines += table(["", "代表", "件数", *_columns(rules, True), "综合得分"],
                   [["全院", str(org.deputies), str(org.items), *_cells(org), org.score.text]])
    lines += ["", "四、排名", _ranking_line(a, "department"), _ranking_line(a, "officer")]
    lines += ["", "五、表彰", *_listing_lines(a.commend), "", "六、通报", *_listing_lines(a.named)]
    return lines


def _rank_cell(a: Assessment, kind: str, name: str) -> str:
    unit = a.unit(kind, name)
    return f"{unit.rank}（{unit.score.text}）" if unit.rank is not None else f"{NO_DATA}（{unit.score.text}）"


def _difference_line(diff: dict, labels: dict[str, str]) -> str:
    who = f"{diff['name']}（{UNITS[diff['unit']]}）"
    if diff["type"] == "rank":
        ranks = "、".join(f"{labels[r]} {'第 ' + str(n) if n else '未排名'}" for r, n in diff["ranks"].items())
        return f"  {who}排名不同：{ranks}"
    listed = "、".join(f"{labels[r]} {'列入' if v else '未列入'}" for r, v in diff["listed"].items())
    return f"  {who}{LISTS[diff['type']]}名单不同：{listed}"


def several(assessments: list[Assessment], ledger: Ledger, differences: list[dict]) -> list[str]:
    labels = {a.rules.name: a.rules.label for a in assessments}
    lines = [f"考核对比：{ledger.period.label}", *_period_lines(ledger)]
    lines += [f"  {a.rules.label}（{a.rules.name}）：{a.rules.source}" for a in assessments]
    moved = {(d["unit"], d["name"]) for d in differences if d["type"] == "rank"}
    for kind in UNITS:
        keys = [key for key in units(assessments) if key[0] == kind]
        lines += ["", f"{UNITS[kind]}排名（名次／综合得分）"]
        lines += table([UNITS[kind], *labels.values(), "差异"],
                       [[name, *(_rank_cell(a, kind, name) for a in assessments),
                         "排名不同" if (kind, name) in moved else ""] for _, name in keys]) if keys else ["  （无）"]
    listed = [key for key in units(assessments) if any(a.listed(w, *key) for a in assessments for w in LISTS)]
    changed = {(d["unit"], d["name"]) for d in differences if d["type"] in LISTS}

    def status(a: Assessment, key) -> str:
        return "、".join(LISTS[w] for w in LISTS if a.listed(w, *key)) or NO_DATA

    lines += ["", "表彰与通报"]
    lines += table(["单位", *labels.values(), "差异"],
                   [[f"{name}（{UNITS[kind]}）", *(status(a, (kind, name)) for a in assessments),
                     "名单不同" if (kind, name) in changed else ""] for kind, name in listed]) if listed else ["  （无）"]
    lines += ["", "差异"]
    lines += [_difference_line(d, labels) for d in differences] or ["  各规则的排名和名单相同。"]
    return lines
