"""代表 (/deputies): the roster, masked for everyone but a clerk who asks (audited), and importing a roster file
through an upload form with the same functions `lianluo deputy import` calls (read, validate, plan, apply):
a file with bad rows is reported row by row on the page and nothing is written, unless the clerk ticks
"只导入无误的行" (the CLI's --skip-bad)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from lianluo.kernel import (BODY_LABELS, InputError, apply_roster, level_name, plan_roster, read_roster,
                           roster_bad_rows, validate_roster)

PER_PAGE = 100
SHOWN_BAD = 100  # as the CLI: the first hundred problems, then a count
ROLES = ("clerk", "leader")


def _uploaded(page):
    """The roster file posted, saved to a temporary file with its own suffix (the reader judges by it)."""
    upload = page.files.get("roster")
    if upload is None or not upload.filename:
        raise InputError("名册文件", "请选择要导入的名册文件（.xlsx 或 .csv）")
    name = Path(upload.filename).name
    folder = tempfile.mkdtemp(prefix="lianluo-roster-")
    path = Path(folder) / f"upload{Path(name).suffix.lower()}"
    upload.save(path)
    return name, path


def _import(page):
    """One upload: the outcome, or the rows at fault (nothing written)."""
    name, path = _uploaded(page)
    try:
        sheet = read_roster(path, name)
        records, bad = validate_roster(sheet)
        with page.reader() as tx:  # judged whole before anything is written
            unmatched = plan_roster(tx, records, sheet)[1]
        if (bad or unmatched) and page.form.get("skip_bad") != "1":
            return name, None, sorted(bad + unmatched, key=lambda b: b.row)
        with page.transaction() as tx:
            changes, unmatched = plan_roster(tx, records, sheet)
            bad += unmatched
            outcome = apply_roster(tx, changes)
            page.audit(tx, "web roster import", file=name, added=len(outcome.added), updated=len(outcome.updated),
                       skipped=roster_bad_rows(bad))
        return name, outcome, sorted(bad, key=lambda b: b.row)
    finally:
        path.unlink(missing_ok=True)
        path.parent.rmdir()


def deputies(page):
    """The roster (GET) and a roster upload (POST, clerks only)."""
    report = None
    status = 200
    if page.method == "POST":
        if page.user.role != "clerk":
            page.forbidden()
        name, outcome, bad = _import(page)
        report = {"file": name, "outcome": outcome, "bad": bad[:SHOWN_BAD], "more": len(bad) - SHOWN_BAD,
                  "rows": roster_bad_rows(bad)}
        if outcome is None:
            status = 400
        else:
            page.flash(f"已导入 {name}：新增 {len(outcome.added)} 位，更新 {len(outcome.updated)} 位，"
                       f"未变 {len(outcome.unchanged)} 位，跳过 {report['rows']} 行")
    with page.reader() as tx:
        roster = sorted(page.context(tx).directory.deputies(), key=lambda d: d.id)
    if page.unmasked:
        with page.transaction() as tx:
            page.unmask_audited(tx, "deputies")
    try:
        number = max(1, int(page.args.get("page", "1")))
    except ValueError:
        raise InputError("页码", f"无效值 {page.args.get('page')!r}") from None
    pages = max(1, -(-len(roster) // PER_PAGE))
    shown = roster[(number - 1) * PER_PAGE: number * PER_PAGE]
    html = page.render("deputies.html", title="代表", roster=shown, total=len(roster), number=number, pages=pages,
                       report=report, bodies=BODY_LABELS, level_name=level_name)
    return html, status


def register(register) -> None:
    register.page("/deputies", deputies, roles=ROLES, methods=("GET", "POST"), nav="代表", order=30)
