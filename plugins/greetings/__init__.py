"""Holiday greetings (seed 000: "在节日期间向代表委员们发送慰问短信"): before each statutory holiday a job drafts
the greeting and tells the liaison office; `lianluo greeting confirm ID` sends it, once per holiday
(docs/channels.md). Settings: `[greetings] days_before` (3), `holidays` (the names), `text` ({节日}, {单位})."""

from __future__ import annotations

from lianluo.kernel import Job, ProfileError, hookimpl

from . import drafts, holidays
from .commands import greeting


def _settings(params):
    before = params.int("days_before", 3)
    names = tuple(str(n) for n in params.list("holidays", list(drafts.DEFAULT_HOLIDAYS)))
    unknown = [n for n in names if n not in holidays.NAMES.values()]
    if unknown:
        raise ProfileError(f"配置参数 greetings.holidays 中的 {'、'.join(unknown)} 不是法定节假日；"
                           f"可用：{'、'.join(holidays.NAMES.values())}")
    return before, names, params.str("text", drafts.DEFAULT_TEXT)


@hookimpl
def check_profile(ctx):
    _settings(ctx.params("greetings"))


@hookimpl
def register_tables(register):
    register.table(drafts.TABLE)


@hookimpl
def register_commands(cli):
    cli.add_command(greeting)


@hookimpl
def register_jobs(register, ctx):
    before, names, template = _settings(ctx.params("greetings"))

    def run(day, ctx):
        holiday = drafts.upcoming(day, before, names)
        if holiday is None:
            return []
        organisation = ctx.directory.organisation.get("name", "")
        doc = drafts.draft(ctx.tx, holiday, template, organisation, day)
        if doc is None:
            return []
        office = ctx.directory.organisation.get("liaison_office") or "联络办"
        return [ctx.draft(office, f"【节日问候待确认】{holiday.name}（{holiday.first}）问候已拟好：“{doc['text']}”"
                                  f"请核对后运行 lianluo greeting confirm {doc['id']} 发送给各位代表。", type="job")]

    register(Job(name="greetings", label="节日问候", schedule=drafts.Eves(before, names), run=run, workdays=False))
