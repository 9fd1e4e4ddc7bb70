"""`lianluo item letter`: the reply letter (答复函) to each deputy of a replied item, as Word files filled from
a template the court can replace. Only reads the data file; prints the paths written."""

from __future__ import annotations

import re
from pathlib import Path

import click

from .. import letters
from ..desk import load_item
from ..errors import InputError
from ..render import dated_path
from ..render.letter import fill
from ..report import scrubber
from ..store.modes import make_dir
from .common import PathType, Root, day_or_today, emit, json_option, pass_root
from .item_cmds import item
from .outfile import check_folder, check_out, save


def _targets(home: Path, item_id: int, names: list[str], out: Path | None, force: bool) -> list[Path]:
    """`--out` as a file (one deputy) or a folder (several), else dated names in the home's reports/; each
    file passes the one check every user-chosen output passes (outfile.check_out)."""
    if out is None:
        day = day_or_today(None)
        return [dated_path(home, None, "docx", day, f"答复函-{item_id}-{name}") for name in names]
    if len(names) == 1 and not out.is_dir():
        return [check_out(out, "--out", home, force)]
    if out.exists() and not out.is_dir():
        raise InputError("--out", f"联名事项有 {len(names)} 位代表，--out 应为文件夹，{out} 是文件")
    check_folder(out, "--out", home)
    make_dir(out)
    return [check_out(out / re.sub(r'[\\/:*?"<>|\s]+', "-", f"答复函-{item_id}-{name}.docx"), "--out", home, force)
            for name in names]


@item.command(name="letter")
@click.argument("ref", metavar="ID")
@click.option("--deputy", help="只给这位代表（代表编号或姓名）；默认联名事项的每位代表各一份")
@click.option("--out", type=PathType(path_type=Path),
              help="输出文件（一位代表）或文件夹（多位）；默认写入数据目录的 reports 文件夹")
@click.option("--template", type=PathType(path_type=Path),
              help="答复函模板（.docx）；默认用数据目录的 templates/reply_letter.docx，没有则用内置模板")
@click.option("--force", is_flag=True, help="--out 的文件已存在时覆盖（数据目录中的数据文件始终不会被覆盖）")
@json_option
@pass_root
def item_letter(root: Root, ref: str, deputy: str | None, out: Path | None, template: Path | None,
                force: bool, json_: bool) -> None:
    """生成答复函（Word）：已答复事项，每位代表一份，按模板填写代表、标题、答复内容和类别等。"""
    app = root.app()
    chosen = letters.template_for(app.home, template)
    with app.store.reader() as tx:
        found = load_item(tx, ref)
        kind = app.kinds.get(found.kind)
        state = kind.workflow.states.get(found.status, found.status) if kind else found.status
        letters.replied(found, state)
        directory = app.context(tx, found.received).directory
        scrub = scrubber(tx)
        to = letters.addressees(found, directory, deputy)
        categories = app.actions.vocabulary("reply", "category")
        filled = [letters.values(found, d, directory, scrub, categories) for d in to]
    written = []
    for path, values, addressee in zip(_targets(app.home, found.id, [d.name for d in to], out, force), filled, to):
        written.append((addressee, save(path, lambda tmp, values=values: fill(chosen, values, tmp), replace=force,
                                        renumber=out is None)))
        if not json_:
            click.echo(str(written[-1][1]))
    if json_:
        emit(True, {"item": found.id, "letters": [{"deputy": d.id, "path": str(p)} for d, p in written]}, [])


COMMANDS = ()
