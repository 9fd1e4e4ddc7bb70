"""`lianluo score`: a period scored under one rule set, or under several side by side."""

from __future__ import annotations

import click

from lianluo.kernel import (DATE, day_or_today, emit, FORMS_HINT, json_option, pass_root, paused_gc, report_period,
                           require_plugin, Root)

from . import render
from .assess import assess
from .compare import differences
from .ledger import read_ledger
from .registry import RuleRegistry


def scored(app, span, requested: str | None, day):
    """The period under each rule set asked for (else the profile's scoring.rules), and the ledger read once:
    what `lianluo score` prints and the web desk's 考核 page shows."""
    registry = RuleRegistry.load(app)
    chosen = registry.chosen(requested, app.profile.params("scoring").get("rules", None))
    with app.store.reader() as tx, paused_gc():  # a year's facts: many small objects, no cycles
        ctx = app.context(tx, day)
        ledger = read_ledger(ctx, span, day)
        return [assess(rules, ledger, app.calendar, ctx.roll_forward) for rules in chosen], ledger


@click.command(name="score")
@click.option("--period", required=True, help=f"考核期间：{FORMS_HINT}；事项按登记日期归入期间，会议期间按事项所属会议")
@click.option("--rules", "requested", help="评分规则，多个用逗号分隔并列对比；默认取配置文件的 scoring.rules")
@click.option("--today", "as_of", type=DATE, help="办理情况截至哪一天（YYYY-MM-DD），默认今天")
@json_option
@pass_root
def score(root: Root, period: str, requested: str | None, as_of, json_: bool) -> None:
    """考核评分：各部门、各联络员和全院的办结率、按期办结率、答复率、满意率、见面率、反馈率、代表覆盖率，
    综合得分、排名和表彰、通报名单；给出多个规则时并列对比并标出排名和名单的不同。"""
    app = root.app()
    require_plugin(app, "scoring")
    span = report_period(app, period)
    day = day_or_today(as_of)
    results, ledger = scored(app, span, requested, day)
    diffs = differences(results)
    doc = {"period": {"name": span.name, "label": span.label, "start": span.start.isoformat(),
                      "end": span.end.isoformat()},
           "as_of": day.isoformat(),
           "rules": [r.to_doc() for r in results],
           "differences": diffs}

    def kind_label(name: str) -> str:
        kind = app.kinds.get(name)
        return kind.label if kind else name

    ratings = app.actions.vocabulary("feedback", "rating")  # the ratings are the feedback action's (suggestions)
    lines = (render.single(results[0], ledger, kind_label, ratings.label) if len(results) == 1
             else render.several(results, ledger, diffs))
    emit(json_, doc, lines)
