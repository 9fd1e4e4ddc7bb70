"""`lianluo report`: every enabled plugin's sections for a period, as Markdown, JSON, XLSX or DOCX.

Personal data is masked unless `--unmasked`; asking for it is written to the `audit` table (who as `--as` says,
the operating-system account, when, what) in the same transaction the report is read in, so no unmasked report exists without its record.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ..context import os_account
from ..errors import InputError
from ..periods import FORMS_HINT
from ..privacy import mask_output
from ..render import FILE_FORMATS, FORMATS, dated_path, render_text, write
from ..report import build_report, report_plugins
from .common import DATE, PathType, Root, day_or_today, pass_root, report_period
from .outfile import check_out, save


def _format(fmt: str | None, out: Path | None, json_: bool = False) -> str:
    """The format asked for, else the one `--out`'s suffix names, else JSON for `--json`, else Markdown."""
    if json_ and fmt == "md":
        raise InputError("--json", "与 --format md 不能同时使用（--json 即 --format json）")
    if fmt:
        return fmt
    if json_ and out is None:
        return "json"
    suffix = out.suffix.lower().lstrip(".") if out else ""
    return {"md": "md", "markdown": "md", "json": "json", "xlsx": "xlsx", "docx": "docx"}.get(suffix, "md")


@contextmanager
def _progress(steps: int) -> Iterator:
    """A step function advancing a progress bar on a terminal's stderr; a no-op when stderr is not one."""
    if not sys.stderr.isatty():
        yield lambda name=None: None
        return
    with click.progressbar(length=steps, label="生成报告", file=sys.stderr) as bar:
        yield lambda name=None: bar.update(1)


@click.command(name="report")
@click.option("--period", required=True, help=f"报告期间：{FORMS_HINT}")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="md（默认，输出到终端）|json|xlsx|docx")
@click.option("--out", type=PathType(dir_okay=False, path_type=Path),
              help="输出文件；xlsx、docx 未给出时写入数据目录的 reports 文件夹")
@click.option("--force", is_flag=True, help="--out 已存在时覆盖（数据目录中的数据文件始终不会被覆盖）")
@click.option("--unmasked", is_flag=True, help="显示完整的电话号码和地址（将记录查阅留痕）")
@click.option("--today", "as_of", type=DATE, help="数据截至哪一天（YYYY-MM-DD），默认今天")
@click.option("--json", "json_", is_flag=True,
              help="以 JSON 输出：报告本身（同 --format json）；写成文件时输出 {\"path\": 文件路径}")
@pass_root
def report(root: Root, period: str, fmt: str | None, out: Path | None, force: bool, unmasked: bool, as_of,
           json_: bool) -> None:
    """生成期间报告：各插件的台账、逾期清单、案件、活动与覆盖、会议统计等；电话、地址默认脱敏。"""
    fmt = _format(fmt, out, json_)
    if out is not None:
        check_out(out, "--out", root.home, force)
    app = root.app()
    span = report_period(app, period)
    day = day_or_today(as_of)
    with _progress(len(report_plugins(app)) + 1) as step:
        if unmasked:
            with app.store.transaction() as tx:
                built = build_report(app, tx, span, day, unmasked=True, step=step)
                tx.insert("audit", {"who": app.user, "account": os_account(), "when": dt.datetime.now().isoformat(timespec="seconds"),
                                    "what": "report --unmasked", "period": span.name, "format": fmt,
                                    "out": str(out) if out else ""})
        else:
            with app.store.reader() as tx:
                built = build_report(app, tx, span, day, step=step)
        if fmt in FILE_FORMATS or out is not None:
            path = save(out or dated_path(app.home, span, fmt, day), lambda tmp: write(built, fmt, tmp),
                        replace=force, renumber=out is None)
            shown, newline = (json.dumps({"path": str(path)}, ensure_ascii=False) if json_ else str(path)), True
        else:
            shown, newline = render_text(built, fmt), False
        step()
    for plugin, error in built.failures:
        click.echo(mask_output(f"警告：插件 {plugin} 未能生成报告内容：{error}"), err=True)
    click.echo(shown, nl=newline)


COMMANDS = (report,)
