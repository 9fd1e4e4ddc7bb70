"""`lianluo yearly-letter --year Y --out FOLDER [--summary FILE] [--send]`: one letter per deputy, as DOCX, and
by e-mail to those with an address (once each: a second run posts nobody twice)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from lianluo.kernel import (Deputy, InputError, Notice, PathType, Root, check_folder, check_out, date_option,
                            day_or_today, deliver_pending, emit, json_option, pass_root, post_routed, posted_keys, require_plugin,
                            save_document)

from . import content, document

KIND = "letter"  # the notice type: what [delivery.routes] and a deputy's opt-out name


def _summary(path: str | None) -> tuple[str, ...]:
    if not path:
        return ()
    file = Path(path)
    if not file.is_file():
        raise InputError("--summary", f"文件不存在：{file}")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("--summary", "文件应为 UTF-8 编码的文本或 Markdown") from None
    return tuple(p.strip().lstrip("#").strip() for p in re.split(r"\n\s*\n", text) if p.strip())


@click.command(name="yearly-letter")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="年度")
@click.option("--out", required=True, type=PathType(), help="通报函（DOCX）写入的文件夹")
@click.option("--summary", type=PathType(), help="本院年度工作概况（文本或 Markdown，每段一段），写入每封函")
@click.option("--send", is_flag=True, help="同时通过电子邮件发给有邮箱的代表（每人一次）")
@date_option("落款日期，默认今天")
@json_option
@pass_root
def yearly_letter(root: Root, year: int, out: str, summary: str | None, send: bool, day, json_: bool) -> None:
    """向每位代表发送年度工作通报函（荔湾规定第九条第一项；最高法院决定第五条）。"""
    app = root.app()
    require_plugin(app, "yearletter")
    home = Path(app.home)
    folder = check_folder(Path(out), "--out", home)
    paragraphs = _summary(summary)
    day = day_or_today(day)
    with app.store.reader() as tx:
        organisation = app.context(tx, day).directory.organisation.get("name", "")
        deputies = sorted((Deputy.from_doc(d) for d in tx.all("deputies")), key=lambda d: d.id)
        items = content.year_items(app, tx, year)
        figures = content.figures(items, len(deputies))
        letters = [content.letter_for(app, tx, d, items, year, organisation, figures, paragraphs, day) for d in deputies]
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for letter in letters:
        name = re.sub(r'[\\/:*?"<>|\s]+', "-", f"{year}年度通报函-{letter.deputy.id}-{letter.deputy.name}.docx")
        path = check_out(folder / name, "--out", home, force=True)
        written[letter.deputy.id] = save_document(path, lambda p, l=letter: document.render(l, p), replace=True)
    posted, skipped, sent = 0, [], None
    if send:
        with app.store.transaction() as tx:
            before = posted_keys(tx, f"yearly-letter/{year}/")
            for letter in letters:
                if not letter.deputy.wants(KIND) or not letter.deputy.email:
                    skipped.append(letter.deputy.name)
                    continue
                notice = Notice(key=f"yearly-letter/{year}/deputy/{letter.deputy.id}", type=KIND, to=letter.deputy.name,
                                text=content.plain_text(letter), date=day, sent=day, deputy=letter.deputy.id,
                                subject=f"{organisation}{year}年度工作通报函",
                                attachment=str(written[letter.deputy.id].resolve()))
                posted += len(post_routed(app, tx, notice, before))
        sent = deliver_pending(app, day)
    lines = [f"已生成 {len(written)} 封 {year} 年度通报函：{folder}"]
    if send:
        lines.append(f"本次登记发送 {posted} 封，发出 {len(sent.delivered)} 封，失败 {len(sent.failed)} 封")
        if skipped:
            lines.append(f"无电子邮箱或已退订、请打印寄送：{'、'.join(skipped)}")
        lines += [f"  [发送失败] {f['to']}：{f['error']}（下次运行 lianluo tick 时重试）" for f in sent.failed]
    emit(json_, {"year": year, "letters": [{**content.as_json(l), "file": str(written[l.deputy.id])} for l in letters],
                 "posted": posted, "skipped": skipped, "delivery": sent.to_json() if sent else None}, lines)
