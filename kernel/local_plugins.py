"""A court's own small rules without packaging: the `.py` files in `<home>/plugins/`, loaded for that home only
and always on there (as pytest loads a folder's conftest.py, or datasette a `--plugins-dir`). Each file is one
plugin named after the file; it imports `lianluo.kernel` like any plugin and implements hooks with `hookimpl`.

A local plugin is code every account using the home runs, so a file (or the folder) that another account could
change is not loaded: it must belong to the home's owner or root and be writable by its owner only, as ssh
treats its own configuration. A file that fails to load is refused naming the file (and the line, for a
syntax error), not skipped: a rule the court relies on must not silently be missing."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import stat
import sys
from pathlib import Path
from types import ModuleType

from .errors import ProfileError
from .plugins import available_plugins

FOLDER = "plugins"
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def local_plugins(home: Path) -> dict[str, ModuleType]:
    """The home's local plugins, by name (the file's stem); {} when it has no plugins folder."""
    folder = Path(home) / FOLDER
    if not folder.is_dir():
        return {}
    installed = set(available_plugins())
    owner = os.stat(home).st_uid
    _check_owner(folder, owner)
    found: dict[str, ModuleType] = {}
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith(("_", ".")):
            continue
        name = path.stem
        if not NAME.match(name):
            raise ProfileError(f"本地插件 {path}：文件名应为小写英文字母、数字和下划线（如 my_rules.py）")
        if name in installed:
            raise ProfileError(f"本地插件 {path} 与已安装的插件 {name} 同名，请改名")
        _check_owner(path, owner)
        found[name] = _load(path, name)
    return found


def _check_owner(path: Path, owner: int) -> None:
    found = os.stat(path)
    mode = stat.S_IMODE(found.st_mode)
    if found.st_uid not in (owner, 0) or mode & 0o022:
        raise ProfileError(f"本地插件 {path} 可被数据目录属主以外的账户改写（属主 uid {found.st_uid}、权限 {mode:04o}），"
                           f"为安全起见不加载：请由属主持有并执行 chmod go-w {path}")


def _load(path: Path, name: str) -> ModuleType:
    """The file executed as a fresh module (a name unique to its path, so two homes' files never mix)."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    module_name = f"lianluo_local_{digest}_{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses and attrs look their module up while the file runs
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        sys.modules.pop(module_name, None)
        raise ProfileError(f"本地插件 {path} 第 {exc.lineno} 行有语法错误：{exc.msg}") from None
    except Exception as exc:  # the court's own code: named, not a crash
        sys.modules.pop(module_name, None)
        raise ProfileError(f"本地插件 {path} 无法加载：{type(exc).__name__}: {exc}") from None
    return module
