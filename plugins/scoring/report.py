"""The assessment section of a period report: the profile's rule set applied with the existing scoring
functions — the organisation's indicators (numerator, denominator, rate) and the department ranking."""

from __future__ import annotations

from lianluo.kernel import Chart, Figure, Rate, Section, Table

from .assess import assess
from .figures import NO_DATA, THIN, one_decimal
from .ledger import read_ledger
from .registry import RuleRegistry
from .ruleset import INDICATORS

ORDER = 60
INDICATOR_HEADERS = ("指标", "分子", "分母", "比率")


def _rate(figure, counts: bool = False) -> Rate:
    """The rate (as a percentage alone unless `counts`), 样本不足 under the rule set's minimum, — over nothing."""
    return Rate(figure.numerator, figure.denominator, THIN if figure.guarded else "", counts)


def _percent(figure) -> float | None:
    return one_decimal(figure.rate * 100) if figure.usable else None


def _department_rates(ranked) -> tuple[Chart, ...]:
    """Each department's on-time and satisfaction rates, in ranking order; a guarded rate is left out."""
    if not ranked:
        return ()
    series = tuple((INDICATORS[k], tuple(_percent(u.figures[k]) for u in ranked)) for k in ("on_time", "satisfaction"))
    return (Chart("各部门按期办结率和满意率", tuple(u.name for u in ranked), series, "%"),)


def _section(key: str, assessment) -> Section:
    org = assessment.organisation
    rules = assessment.rules
    figures = {k: Figure(INDICATORS[k], _rate(f, counts=True)) for k, f in org.figures.items()}
    figures["score"] = Figure("综合得分", org.score.text)
    indicators = tuple((INDICATORS[k], f.numerator, f.denominator, _rate(f)) for k, f in org.figures.items())
    keys = [k for k in INDICATORS if k != "coverage"]
    ranked = sorted(assessment.departments, key=lambda u: (u.rank is None, u.rank or 0))
    ranking = tuple((u.rank if u.rank is not None else NO_DATA, u.name, u.items,
                     *(_rate(u.figures[k]) for k in keys), u.score.text) for u in ranked)
    text = [f"按评分规则“{rules.label}”（{rules.name}）考核：本期计入事项 {org.items} 件，全院综合得分：{org.score.text}。"]
    if assessment.unassigned:
        text.append(f"其中 {assessment.unassigned} 件尚未交办，只计入全院指标。")
    return Section(key, f"考核情况（{rules.label}）", ORDER, text=tuple(text), figures=figures,
                   charts=_department_rates(ranked),
                   tables=(Table("全院考核指标", INDICATOR_HEADERS, indicators),
                           Table("部门排名", ("排名", "部门", "事项数", *(INDICATORS[k] for k in keys), "综合得分"),
                                 ranking)))


def sections(period, ctx) -> list[Section] | None:
    """One section per rule set the profile names (`scoring.rules`); none when it names none."""
    value = ctx.params("scoring").get("rules", None)
    if value is None:
        return None
    chosen = RuleRegistry.load(ctx.app).chosen(None, value)
    ledger = read_ledger(ctx, period, ctx.today)
    found = [assess(rules, ledger, ctx.calendar, ctx.roll_forward) for rules in chosen]
    return [_section("scoring" if len(found) == 1 else f"scoring.{a.rules.name}", a) for a in found]
