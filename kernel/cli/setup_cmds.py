"""Setting up a data home and looking at what is installed: init, profiles, plugins."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import click

from ..context import PROFILE_FILE
from ..desk import clean_text, now_stamp
from ..errors import InputError, ProfileError
from ..paths import probe
from ..hooks import call_registration
from .. import plugins as installed
from .. import links
from ..plugins import plugin_hooks
from ..profile import Profile
from ..profile_edit import check as check_profile
from ..redate import fingerprint
from ..store.atomic import atomic_write
from ..store.sharing import check_group, share_home
from ..store.factory import check_schema, check_url, new_schema, open_store, pg_store, save_store_config
from ..store.tinydb_store import TinyStore
from .common import Root, emit, json_option, pass_root


def builtin_profiles(extra: dict | None = None) -> dict[str, Path]:
    """Profiles offered by plugins (built-in and installed), by name."""
    found: dict[str, tuple[str, Path]] = {}

    def make_register(plugin: str):
        def register(name: str, path: Path) -> None:
            if name in found:
                raise ProfileError(f"配置 {name} 同时由插件 {found[name][0]} 与 {plugin} 提供")
            found[name] = (plugin, Path(path))

        return register

    call_registration(installed.load_installed(extra)[0], "register_profiles", make_register)
    return {name: path for name, (_, path) in sorted(found.items())}


def resolve_profile(ref: str, extra: dict | None = None, field: str = "--profile") -> Path:
    """A built-in profile's name, or the path of an organisation's own TOML file."""
    known = builtin_profiles(extra)
    if ref in known:
        return known[ref]
    path = Path(ref)
    found = probe(path, field)
    if path.suffix == ".toml" or found != "missing":
        if found != "file":
            raise InputError(field, f"找不到配置文件 {path}")
        return path
    raise InputError(field, f"未知配置 {ref!r}；可用：{'、'.join(known) or '无'}，或给出 .toml 文件路径")


def private_folder(home: Path) -> list[str]:
    """The home as a folder only its owner can enter (0700); an existing one open to others is tightened, and
    the lines returned say so."""
    if not home.is_dir():
        home.mkdir(mode=0o700, parents=True)
        return []
    mode = stat.S_IMODE(home.stat().st_mode)
    if not mode & 0o077:
        return []
    home.chmod(0o700)
    return [f"数据目录 {home} 原权限为 {mode:04o}（其他用户可读），已收紧为 0700（仅本人可访问）"]


def organisation_name(org: str | None) -> str:
    """`--org`, required: a built-in profile's name of a real court must never land on another's reports
    unasked. At a terminal it is asked for; in a script or a timer it must be given."""
    if org is None or not org.strip():
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise InputError("--org", "请给出本单位全称（印在每份报告和答复函上），如 --org 示例区人民法院")
        org = click.prompt("本单位全称（印在每份报告和答复函上）", default="", show_default=False)
    return clean_text(org, "--org", required=True)


@click.command(name="init")
@click.option("--profile", "profile_ref", required=True, help="内置配置名（见 lianluo profiles）或本单位配置文件 .toml")
@click.option("--org", envvar="LIANLUO_ORG",
              help="本单位全称，印在每份报告和答复函上（必填；也可用环境变量 LIANLUO_ORG；在终端上未给出时询问）")
@click.option("--head", help="本单位主要负责人姓名（职务称谓见配置 organisation.head_title），用于逐级督办")
@click.option("--group", help="数据目录由此系统用户组共用（目录 2770、文件 0660，组外账户不可访问），"
                                "供定时任务与书记员各自的账户使用同一数据目录；默认仅本账户可访问")
@click.option("--store", "store_url", envvar="LIANLUO_STORE",
              help="数据存放在 PostgreSQL：postgresql://用户@主机/数据库（也可用环境变量 LIANLUO_STORE）；默认 TinyDB 文件")
@click.option("--schema", help="PostgreSQL 中本数据目录使用的 schema，默认按目录名新建一个")
@json_option
@pass_root
def init(root: Root, profile_ref: str, org: str | None, head: str | None, group: str | None,
         store_url: str | None, schema: str | None, json_: bool) -> None:
    """新建数据目录：选定配置，建立空数据文件（或 PostgreSQL 中的 schema）。"""
    org, head = organisation_name(org), clean_text(head, "--head", limit=50) or None
    if group is not None:
        check_group(group)
    if store_url:
        check_url(store_url, "--store")
    if schema is not None:
        if not store_url:
            raise InputError("--schema", "只在用 --store 指定 PostgreSQL 时使用")
        check_schema(schema)
    path = resolve_profile(profile_ref, root.extra)
    profile = Profile.load(path)
    check_profile(profile, root.extra)  # every enabled plugin loads and reads its parameters before anything is written
    if open_store(root.home).exists():
        raise InputError("--home", f"{root.home} 已初始化，不会覆盖；如需重新开始请换一个目录")
    store = pg_store(root.home, store_url, schema or new_schema(root.home)) if store_url else TinyStore(root.home)
    organisation = {k: v for k, v in {"name": org, "head": head}.items() if v}
    meta = {"created": now_stamp(), "profile": profile.name, "organisation": organisation,
            "calendar_fingerprint": fingerprint(root.home), links.BUILT: True}  # no items yet, so no links
    if store_url:  # the server first: an unreachable one leaves no half-made home behind
        store.create(meta)
    for line in private_folder(root.home):
        click.echo(f"注意：{line}", err=True)
    if group is not None:
        share_home(root.home, group)  # before any file is written, so that each one is the group's
    atomic_write(root.home / PROFILE_FILE, path.read_bytes())
    if store_url:
        save_store_config(root.home, store_url, store.schema)
    else:
        store.create(meta)
    name = org
    where = {"store": store.where} if store_url else {}
    emit(json_, {"home": str(root.home), "profile": profile.name, "organisation": name, "group": group, **where},
         [f"已建立数据目录 {root.home}", f"配置：{profile.name}（{profile.title}）", f"单位：{name}",
          *([f"数据存放在 PostgreSQL {store.where}"] if store_url else []),
          f"访问权限：用户组 {group} 共用（目录 2770、文件 0660）" if group else "访问权限：仅本账户（目录 0700、文件 0600）"])


@click.command(name="profiles")
@json_option
@pass_root
def profiles_list(root: Root, json_: bool) -> None:
    """列出内置配置。"""
    rows = []
    for name, path in builtin_profiles(root.extra).items():
        profile = Profile.load(path)
        rows.append({"name": name, "title": profile.title, "plugins": list(profile.enable), "path": str(path)})
    emit(json_, rows, [f"{r['name']:<24} {r['title']}" for r in rows] or ["（没有内置配置）"])


COMMANDS = (init, profiles_list)  # `lianluo plugins`: plugin_cmds.py
