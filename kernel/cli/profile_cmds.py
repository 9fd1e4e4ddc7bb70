"""`lianluo profile show|diff|set`: every parameter of a profile with the clause it comes from, what differs
between two profiles, and changing one value of this home's profile (checked, atomic, audited)."""

from __future__ import annotations

import json
from typing import Any

import click

from .. import profile_edit
from ..context import PROFILE_FILE
from ..desk import clean_text
from ..errors import InputError
from ..outcome import mark_saved
from ..profile import Profile
from .common import Root, emit, json_option, pass_root
from .setup_cmds import resolve_profile


def flatten(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted keys to leaf values; lists and scalars are leaves."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        dotted = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flat.update(flatten(value, dotted))
        else:
            flat[dotted] = value
    return flat


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _load(root: Root, ref: str, field: str) -> Profile:
    return Profile.load(resolve_profile(ref, root.extra, field))


# Kept in the home's data (set at `init`), over the profile's defaults: kernel/directory.py.
ORGANISATION = {"organisation.name": ("name", 200), "organisation.head": ("head", 50)}


@click.group(name="profile")
def profile() -> None:
    """查看、比较、修改配置：每个参数及其依据条款。"""


@profile.command(name="show")
@click.argument("ref", metavar="NAME|FILE", required=False)
@json_option
@pass_root
def profile_show(root: Root, ref: str | None, json_: bool) -> None:
    """列出配置的每个参数及其依据条款；不给出名称时为本数据目录的配置（含 init 时填写的单位名称）。"""
    if ref is None:
        app = root.app()
        found = app.profile
        flat = flatten(found.values)
        with app.store.reader() as tx:
            recorded = tx.meta.get("organisation", {})
        flat.update({key: recorded[field] for key, (field, _) in ORGANISATION.items() if recorded.get(field)})
    else:
        found = _load(root, ref, "NAME")
        flat = flatten(found.values)
    rows = [{"key": k, "value": v, "clause": found.clauses.get(k, "")} for k, v in flat.items()]
    lines = [f"{found.name}：{found.title}", f"启用插件：{'、'.join(found.enable)}", ""]
    for row in rows:
        lines.append(f"{row['key']} = {_shown(row['value'])}")
        if row["clause"]:
            lines.append(f"    依据：{row['clause']}")
    emit(json_, {"name": found.name, "title": found.title, "plugins": list(found.enable), "parameters": rows}, lines)


@profile.command(name="diff")
@click.argument("first", metavar="A")
@click.argument("second", metavar="B")
@json_option
@pass_root
def profile_diff(root: Root, first: str, second: str, json_: bool) -> None:
    """比较两个配置：哪些参数不同、各自依据哪条规定。"""
    a, b = _load(root, first, "A"), _load(root, second, "B")
    fa, fb = flatten(a.values), flatten(b.values)
    rows = []
    for key in sorted(set(fa) | set(fb)):
        if key in ("profile.name", "profile.title", "profile.source") or fa.get(key) == fb.get(key):
            continue
        rows.append({"key": key, "a": fa.get(key), "b": fb.get(key), "a_clause": a.clauses.get(key, ""),
                     "b_clause": b.clauses.get(key, "")})
    lines = [f"{a.name} 与 {b.name} 不同的参数 {len(rows)} 项："]
    for row in rows:
        lines.append(f"{row['key']}")
        lines.append(f"    {a.name}：{_shown(row['a']) if row['a'] is not None else '（无）'}"
                     + (f"  — {row['a_clause']}" if row["a_clause"] else ""))
        lines.append(f"    {b.name}：{_shown(row['b']) if row['b'] is not None else '（无）'}"
                     + (f"  — {row['b_clause']}" if row["b_clause"] else ""))
    emit(json_, {"a": a.name, "b": b.name, "differences": rows}, lines)


@profile.command(name="set")
@click.argument("key", metavar="KEY")
@click.argument("value", metavar="VALUE")
@json_option
@pass_root
def profile_set(root: Root, key: str, value: str, json_: bool) -> None:
    """修改本数据目录配置中的一个参数（如 organisation.name、reminders.chases）：按 init 的全部检查校验后
    原子写入，记入留痕；从下一条命令起按新值计算，已算好的期限不回溯。"""
    app = root.app()
    if key == "plugins.enable":
        raise InputError(key, "请用 lianluo plugins enable 名称 或 lianluo plugins disable 名称")
    with app.store.transaction() as tx:
        if key in ORGANISATION:
            field, limit = ORGANISATION[key]
            new = clean_text(value, key, required=True, limit=limit)
            recorded = tx.meta.get("organisation", {})
            old = recorded.get(field) or flatten(app.profile.values).get(key)
            tx.set_meta(organisation={**recorded, field: new})
            profile_edit.audit(app, tx, "profile set", key=key, old=old, new=new)
        else:
            flat = flatten(app.profile.values)
            if key not in flat:
                raise InputError(key, "配置中没有这个参数（用 lianluo profile show 查看全部参数）")
            old = flat[key]
            new = profile_edit.typed(value, old, key)
            text = profile_edit.edited(profile_edit.current_text(app.home), key, new)
            profile_edit.write(app, tx, text, "profile set", key=key, old=old, new=new)
    mark_saved()
    clause = app.profile.clauses.get(key, "")
    emit(json_, {"key": key, "old": old, "new": new, "clause": clause},
         [f"已修改 {key}：{_shown(old)} → {_shown(new)}（已记入留痕）",
          *([f"注意：原依据为“{clause}”，未改动；依据不同时请在 {PROFILE_FILE} 中一并修改 clause"] if clause else [])])


COMMANDS = (profile,)
