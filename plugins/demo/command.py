"""The `demo` command: refuse a home holding data, build the fictional court, live the year, write the
year report, and sum up."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import random
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import click

from lianluo.kernel import (emit, InputError, json_option, pass_root, PathType, REPORTS, Root, run_command,
                           warn_calendar)

from . import channels, plan, setup, summary, users
from .year import Year

DEMO_USER = "示例联络办"


def demo_home(ctx: click.Context, home: Path | None, year: int) -> Path:
    """--home, else the root's --home when given on the command line, else ./lianluo-demo-YEAR; never
    LIANLUO_HOME, so fictional data cannot land in a real data home."""
    if home is not None:
        return home
    root_ctx = ctx.find_root()
    if root_ctx.get_parameter_source("home") is click.core.ParameterSource.COMMANDLINE:
        return root_ctx.params["home"]
    return Path.cwd() / f"lianluo-demo-{year}"


@contextmanager
def progress(days: int) -> Iterator:
    """A day-by-day progress bar on a terminal's stderr; silent otherwise."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=days, label="模拟一年", file=sys.stderr) as bar:
        yield lambda: bar.update(1)


@click.command(name="demo")
@click.option("--home", type=PathType(path_type=Path),
              help="演示数据目录（须不存在或为空）；默认在当前目录新建 lianluo-demo-年份。不使用 LIANLUO_HOME，以免虚构数据写入正式数据目录")
@click.option("--year", type=click.IntRange(2000, 2100), default=2026, show_default=True, help="模拟哪一年")
@click.option("--profile", "profile_ref", default="liwan-court", show_default=True,
              help="内置配置名（见 lianluo profiles）或配置文件 .toml")
@click.option("--seed", type=int, default=1, show_default=True, help="随机种子：相同种子生成相同数据")
@click.option("--months", type=click.IntRange(1, 12), default=12, show_default=True,
              help="只模拟该年的前几个月（如 2：一月、二月），用于快速试用")
@click.option("--channels", "with_channels", is_flag=True,
              help="在本机启动演示用的邮件服务器和短信网关，通知、每月工作信息、节日问候和年度通报函都经电子邮件、短信发出"
                   "（需安装 lianluo[demo]）；不加时通知只写入发件箱")
@json_option
@pass_root
@click.pass_context
def demo(ctx: click.Context, root: Root, home: Path | None, year: int, profile_ref: str, seed: int, months: int,
         with_channels: bool, json_: bool) -> None:
    """演示：虚构一个法院或检察院（约 60 位代表、各部门、一月的人代会），逐日模拟一年的建议、来信来访、关注案件和联络活动的办理，
    生成定期报告、考核结果和年度 Word、Excel 报告，最后给出摘要。加 --channels 则经本机演示用的邮件服务器和短信网关发出通知、
    每月工作信息、节日问候和年度通报函，并统计各渠道发出的数量。"""
    home = demo_home(ctx, home, year).absolute()  # the paths printed at the end work from anywhere
    if home.exists() and not home.is_dir():
        raise InputError("--home", f"{home} 是文件，不是目录")
    if home.exists() and any(home.iterdir()):
        raise InputError("--home", f"{home} 已有内容；演示只在新的空目录中建立数据，请换一个目录")
    if with_channels:
        channels.servers_module()  # aiosmtpd missing: one line, exit 2, before anything is written
    rng = random.Random(seed)
    court = setup.court_for(profile_ref, root.extra)
    demo_root = Root(home, DEMO_USER, root.extra)
    with ExitStack() as stack:
        sent = None
        if with_channels:
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lianluo-demo-")))
            mail, sms = stack.enter_context(channels.started(home))
            profile_ref = str(channels.profile_file(profile_ref, root.extra, court, mail.port, sms.url, scratch))
        session = setup.build(demo_root, profile_ref, court, year, rng)
        app = demo_root.app()
        month_end = lambda day: None  # noqa: E731
        if with_channels:
            channels.add_staff(demo_root, court)
            month_end = lambda day: channels.month_end(demo_root, app, day, scratch)  # noqa: E731
        with app.store.reader() as tx:
            deputies = app.context(tx, None).directory.deputies()
        life = Year(app, court, rng, year)
        plan.plan_year(life, session, setup.session_days(year), deputies)
        last = dt.date(year, months, calendar.monthrange(year, months)[1])  # the last day simulated
        with progress((last - dt.date(year, 1, 1)).days + 1) as step:
            life.run(step, months, month_end)
        if with_channels:
            channels.yearly_letters(demo_root, home, year, last)
        doc = closing(demo_root, app, year, last)
        if with_channels:
            sent = channels.tally(json.loads(run_command(demo_root, "notices", "--json")), mail, sms, home)
    doc["users"] = users.add_accounts(demo_root, app, court.departments[0].name)
    doc.update(year=year, organisation=court.name, profile=app.profile.name, seed=seed, home=str(home),
               refused=life.refused, months=months, channels=sent)
    emit(json_, doc, summary.lines(doc))
    warn_calendar(app)
    for line in life.refused:
        click.echo(f"警告：演示中按配置的规则未能执行的一步（该事项此后不再模拟）：{line}", err=True)


def closing(root: Root, app, year: int, last: dt.date) -> dict:
    """Write the year report (DOCX, XLSX), then read the figures the way a clerk's commands show them."""
    scheduled = sorted(str(p) for p in (app.home / REPORTS).glob("*") if p.is_file())
    files = {fmt: run_command(root, "report", "--period", year, "--format", fmt, "--today", last).strip()
             for fmt in ("docx", "xlsx")}
    built = json.loads(run_command(root, "report", "--period", year, "--format", "json", "--today", last))
    scored = None
    if "scoring" in app.profile.enable:
        scored = json.loads(run_command(root, "score", "--period", year, "--today", last, "--json"))
    sent = json.loads(run_command(root, "notices", "--json"))
    return {**summary.figures(built, scored, sent, scheduled), **files}
