"""`lianluo profile show|diff`: every parameter of a profile with the clause it comes from, and what
differs between two profiles."""

from __future__ import annotations

import json
from typing import Any

import click

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


@click.group(name="profile")
def profile() -> None:
    """查看、比较配置：每个参数及其依据条款。"""


@profile.command(name="show")
@click.argument("ref", metavar="NAME|FILE")
@json_option
@pass_root
def profile_show(root: Root, ref: str, json_: bool) -> None:
    """列出配置的每个参数及其依据条款。"""
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


COMMANDS = (profile,)
