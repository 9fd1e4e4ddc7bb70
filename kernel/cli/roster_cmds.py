"""`deputy import | template | pair`: the roster (代表名册) from a clerk's spreadsheet, and liaison pairing.

The commands attach themselves to the `deputy` group when this module is imported, so COMMANDS is empty.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import attrs
import click

from .. import roster
from ..desk import now_stamp
from ..errors import InputError
from ..models import Deputy
from .common import PathType, Root, date_option, day_or_today, emit, json_option, pass_root
from ..vocab import BODY_LABELS, level_name
from .directory_cmds import _deputy_public, _text, deputy
from .outfile import check_out, save

PROGRESS_ROWS = 500  # a bar below this many rows is only noise


class _Quiet:
    """Stands in for a progress bar when there is nobody to watch one (tests, cron, pipes)."""

    def update(self, n: int) -> None:
        pass


def _progress(rows: int, steps: int, label: str):
    stream = sys.stderr  # CliRunner swaps it for a non-terminal stream, so tests stay quiet
    if rows > PROGRESS_ROWS and stream.isatty():
        return click.progressbar(length=steps, label=label, file=stream)
    return contextlib.nullcontext(_Quiet())


def _echo_bad(bad: list[roster.BadRow]) -> None:
    """The first SHOWN_BAD_ROWS problems one per line, then how many more (a million lines help nobody)."""
    problems = sorted(bad, key=lambda b: b.row)
    for problem in problems[:roster.SHOWN_BAD_ROWS]:
        click.echo(problem.line(), err=True)
    rest = problems[roster.SHOWN_BAD_ROWS:]
    if rest:
        click.echo(f"……其余 {len(rest)} 处错误（涉及 {roster.bad_row_count(rest)} 行）未列出", err=True)


@deputy.command(name="import")
@click.argument("file", metavar="FILE.csv|FILE.xlsx", type=PathType(path_type=Path))
@click.option("--skip-bad", is_flag=True, help="跳过有误的行，只导入无误的行（默认有误则一行也不导入）")
@click.option("--map", "pairs", multiple=True, metavar="列名=字段",
              help="把名册中的一列当作某一字段导入，如 --map 办公电话=电话（可重复；字段写中文列名或 name、phone 等）")
@click.option("--dry-run", is_flag=True, help="试导入：检查全部行并列出将新增、更新、未变的人，不写入任何数据")
@json_option
@pass_root
def deputy_import(root: Root, file: Path, skip_bad: bool, pairs: tuple[str, ...], dry_run: bool, json_: bool) -> None:
    """从代表名册（CSV 或 Excel）导入；按 类别+层级+姓名 识别同一人，重新导入只更新、不重复。"""
    sheet = roster.read_roster(file, str(file), roster.parse_map(pairs))
    app = root.app()  # a missing data home is reported before the rows are judged
    if sheet.ignored:
        click.echo(f"注意：以下列未导入：{'、'.join(sheet.ignored)}（如需导入，用 --map 列名=字段 指定）", err=True)
    records, bad = roster.validate(sheet)
    with app.store.reader() if dry_run else app.store.transaction() as tx:
        changes, unmatched = roster.plan(tx, records, sheet)
        bad += unmatched
        skipped = roster.bad_row_count(bad)
        if bad and not skip_bad:
            _echo_bad(bad)
            raise InputError(str(file), f"{skipped} 行有误，未导入任何一行；请修正后重新导入，"
                                        f"或加 --skip-bad 只导入无误的行")
        if dry_run:
            return _show_plan(file, changes, bad, sheet, json_)
        with _progress(len(sheet.rows), len(changes), "导入名册") as bar:
            outcome = roster.apply(tx, changes, bar.update)
    if bad:
        click.echo(f"以下 {skipped} 行有误，已跳过：", err=True)
        _echo_bad(bad)
    emit(json_, {"added": list(outcome.added), "updated": list(outcome.updated),
                 "unchanged": list(outcome.unchanged), "bad": [b.to_doc() for b in bad],
                 "ignored": list(sheet.ignored)},
         f"已导入 {file.name}：新增 {len(outcome.added)} 位，更新 {len(outcome.updated)} 位，"
         f"未变 {len(outcome.unchanged)} 位，跳过 {skipped} 行")


def _show_plan(file: Path, changes: list[roster.Change], bad: list[roster.BadRow], sheet: roster.Sheet,
               json_: bool) -> None:
    """What `deputy import` would do, row by row; nothing is written."""
    count = {action: sum(c.action == action for c in changes) for action in ("add", "update", "unchanged")}
    if bad:
        click.echo(f"以下 {roster.bad_row_count(bad)} 行有误，导入时将跳过：", err=True)
        _echo_bad(bad)
    lines = [f"试导入 {file.name}（未写入任何数据）：将新增 {count['add']} 位，更新 {count['update']} 位，"
             f"未变 {count['unchanged']} 位，跳过 {roster.bad_row_count(bad)} 行"]
    lines += [c.line() for c in changes]
    emit(json_, {"dry_run": True, "changes": [c.to_doc() for c in changes], "bad": [b.to_doc() for b in bad],
                 "ignored": list(sheet.ignored)}, lines)


@deputy.command(name="template")
@click.argument("file", metavar="FILE.xlsx", type=PathType(path_type=Path))
@json_option
@pass_root
def deputy_template(root: Root, file: Path, json_: bool) -> None:
    """写出一份空白代表名册（含下拉选项和填写说明），供填写后导入。"""
    label = str(file)
    if file.suffix.lower() != ".xlsx":
        raise InputError(label, "模板只能保存为 .xlsx 文件")
    check_out(file, label, root.home)
    book = roster.template_workbook()
    save(file, book.save, field=label)
    emit(json_, {"path": str(file)}, f"已写出空白代表名册 {file}（填写后用 lianluo deputy import {file} 导入）")


@deputy.command(name="pair")
@click.argument("deputy_id", metavar="ID")
@click.option("--liaison", required=True, help="结对（挂点）联络员")
@date_option("结对日期，默认今天")
@json_option
@pass_root
def deputy_pair(root: Root, deputy_id: str, liaison: str, day, json_: bool) -> None:
    """为代表或委员指定结对（挂点）联络员；每次变更记入结对记录。"""
    liaison = _text(liaison, "--liaison", True)
    day = day_or_today(day)
    app = root.app()
    with app.store.transaction() as tx:
        found: Deputy = app.context(tx, None).directory.deputy(deputy_id, "ID")
        previous = found.liaison
        if previous != liaison:
            found = attrs.evolve(found, liaison=liaison)
            tx.put("deputies", found.to_doc())
            tx.insert("pairings", {"deputy": found.id, "liaison": liaison, "previous": previous,
                                   "date": day.isoformat(), "who": app.user, "recorded": now_stamp()})
    who = f"{BODY_LABELS[found.body.value]} {found.id} {found.name}（{level_name(found.level.value)}）"
    line = (f"{who} 的结对联络员已是 {liaison}，未作修改" if previous == liaison else
            f"{who} 的结对联络员：{previous or '（无）'} → {liaison}（{day} 起）")
    emit(json_, _deputy_public(found, False), line)


COMMANDS = ()
