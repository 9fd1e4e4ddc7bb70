"""A home shared by a group (`lianluo init --group NAME`): giving the folder to the group, and the record
(`access.toml`) that lets a later command say when the folder has drifted. The modes themselves: modes.py."""

from __future__ import annotations

import grp
import os
import stat
import tomllib
from pathlib import Path

from ..errors import InputError
from .atomic import atomic_write
from .modes import SHARED_DIR

RECORD = "access.toml"


def share_home(home: Path, group: str) -> None:
    """Give the home folder to `group`, mode 2770, and record it; InputError naming --group when the group is
    unknown or this account may not give files to it."""
    gid = check_group(group)
    try:
        os.chown(home, -1, gid)
    except PermissionError:
        raise InputError("--group", f"当前账户不是用户组 {group} 的成员，不能把数据目录交给该组") from None
    os.chmod(home, SHARED_DIR)
    text = f'# lianluo：本数据目录由用户组共用（文件 0660、目录 2770，其他账户不可访问）\ngroup = "{group}"\n'
    atomic_write(home / RECORD, text.encode("utf-8"))


def check_group(group: str) -> int:
    """The group's id; a group name the system does not know is refused (before anything is written)."""
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise InputError("--group", f"系统中没有用户组 {group!r}（请先由管理员建立：groupadd {group}）") from None


def recorded_group(home: Path) -> str | None:
    """The group the home was shared with at `init`, or None for a private home ("?" for an unreadable record)."""
    try:
        raw = tomllib.loads((Path(home) / RECORD).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "?"
    group = raw.get("group")
    return group if isinstance(group, str) and group else "?"


def drift(home: Path) -> str | None:
    """One line when a shared home's folder no longer has the group or mode recorded at `init`, else None."""
    group = recorded_group(home)
    if group is None:
        return None
    try:
        found = os.stat(home)
        name = grp.getgrgid(found.st_gid).gr_name
    except (OSError, KeyError):
        return None
    mode = stat.S_IMODE(found.st_mode)
    if name == group and mode == SHARED_DIR:
        return None
    return (f"数据目录 {home} 应由用户组 {group} 共用（权限 2770），现为组 {name}、权限 {mode:04o}；"
            f"请管理员执行 chgrp -R {group} {home} && chmod -R g+rwX {home} && chmod 2770 {home}")
