"""Secrets a channel needs (an SMTP password, an SMS gateway's key): from the environment or a file only its
owner can read, never from the profile (which is copied, mailed and diffed) and never printed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import ProfileError
from .profile import Params


def refuse_inline(params: Params, name: str) -> None:
    """A secret written into the profile itself is refused, naming the key and the two places it belongs."""
    if params.get(name, None) is not None:
        raise ProfileError(f"配置参数 {params.section}.{name} 不能写在配置文件中；请改用 {params.section}.{name}_env"
                           f"（环境变量名）或 {params.section}.{name}_file（仅属主可读写的 0600 文件）")


def read_secret(params: Params, name: str, default_env: str = "") -> str:
    """`[section] NAME_env` names an environment variable (default `default_env`), `NAME_file` a file that
    only its owner may read (mode 0600 or 0400); "" when neither is set. Errors name the key, never the value."""
    refuse_inline(params, name)
    path = params.str(f"{name}_file", "")
    if path:
        file = Path(path).expanduser()
        try:
            mode = file.stat().st_mode
        except OSError:
            raise ProfileError(f"配置参数 {params.section}.{name}_file：找不到文件 {file}") from None
        if stat.S_IMODE(mode) & 0o077:
            raise ProfileError(f"配置参数 {params.section}.{name}_file：文件 {file} 的权限是 "
                               f"{stat.S_IMODE(mode):o}，应为 600（chmod 600 {file}）")
        try:
            return file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError(f"配置参数 {params.section}.{name}_file：无法读取 {file}（{type(exc).__name__}）") from None
    variable = params.str(f"{name}_env", default_env)
    return os.environ.get(variable, "").strip() if variable else ""
