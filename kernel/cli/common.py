"""Shared CLI pieces: the root object, date options, JSON or Chinese output."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import attrs
import click

from ..calendar import parse_date
from ..context import App, default_user
from ..directory import Directory
from ..paths import BAD_PATH
from ..privacy import KnownSecrets, mask_output
from ..render.json_doc import indented
from ..readonly import ReadOnlyStore, missing_line
from ..periods import ReportPeriod, resolve
from ..today import today


def default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "lianluo"


@attrs.define
class Root:
    """The root command's object: where the home is, who acts, and (for tests) extra plugins."""

    home: Path
    user: str
    extra: dict[str, Any] = attrs.field(factory=dict)
    _app: App | None = None

    def app(self) -> App:
        if self._app is None:
            self._app = App.open(self.home, self.user, self.extra)
            mask_output.watch(lambda: people_secrets(self._app))
            if isinstance(self._app.store, ReadOnlyStore):
                _warn_read_only(self._app.store)
        return self._app


def _warn_read_only(store: ReadOnlyStore) -> None:
    """Say once, at the end of the command, that a plugin is missing, unless its refusal already said it."""
    def warn() -> None:
        if not store.refused:
            click.echo(f"警告：{missing_line(store.missing)}", err=True)

    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.find_root().call_on_close(warn)
    else:
        warn()


def people_secrets(app: App) -> KnownSecrets:
    """The home's deputies' numbers and addresses, for masking what the command prints."""
    with app.store.reader() as tx:
        return KnownSecrets(tx.all("deputies"))


pass_root = click.make_pass_decorator(Root)


def require_plugin(app: App, name: str) -> None:
    """Refuse a plugin's command in a home whose profile does not enable that plugin."""
    if name not in app.profile.enable:
        raise click.ClickException(f"本数据目录的配置 {app.profile.name} 未启用插件 {name}，不能使用此命令"
                                   f"（启用：lianluo plugins enable {name}）")


class DateType(click.ParamType):
    """YYYY-MM-DD, strictly; errors name the option."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        return parse_date(value, param.opts[0] if param and param.opts else "date")


DATE = DateType()


class PathType(click.Path):
    """click.Path that refuses, naming the option, a name the OS cannot look up (a NUL byte, too long) or that
    cannot be written as UTF-8 text (a lone surrogate from a mis-encoded terminal)
    instead of letting os.stat's ValueError through as an internal error."""

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            try:
                value.encode("utf-8")  # a name read through a mis-encoded terminal would break every text it is written into
            except UnicodeEncodeError:
                self.fail(f"{value.encode('utf-8', 'replace').decode()} 含有无法识别的字符（终端编码不是 UTF-8？），"
                          "请改用正常的名称", param, ctx)
        try:
            if self.readable and os.path.exists(value) and not os.access(value, os.R_OK):
                self.fail(f"{value} 无法读取：当前账户没有权限（共用的数据目录须由管理员把本账户加入其用户组，"
                          "见 docs/deployment.md）", param, ctx)
            return super().convert(value, param, ctx)
        except (ValueError, OSError):
            self.fail(BAD_PATH, param, ctx)


def date_option(help_text: str = "事情发生的日期（YYYY-MM-DD），默认今天"):
    return click.option("--date", "day", type=DATE, default=None, help=help_text)


def json_option(func):
    return click.option("--json", "json_", is_flag=True, help="以 JSON 输出（键名稳定，供程序使用）")(func)


def day_or_today(day: dt.date | None) -> dt.date:
    return day or today()


def emit(json_: bool, data: Any, lines: list[str] | str) -> None:
    """Print JSON on request, else the Chinese lines a clerk reads; phone numbers and the deputies' addresses
    typed into free text are masked on the way out (only `report --unmasked` shows them, not through here)."""
    if json_:
        click.echo(mask_output(indented(data)))  # json.dumps(indent=2, default=str), faster (render/json_doc.py)
    else:
        click.echo(mask_output(lines if isinstance(lines, str) else "\n".join(lines)))


def warn_calendar(app: App) -> None:
    for line in app.calendar.warning_lines():
        click.echo(line, err=True)


__all__ = ["Root", "pass_root", "DATE", "date_option", "json_option", "emit", "day_or_today", "default_user",
           "warn_calendar"]


def report_period(app: App, text: str, field: str = "--period") -> ReportPeriod:
    """The period a clerk typed, where a congress session may be named (session:ID or its name)."""
    with app.store.reader() as tx:
        return resolve(text, Directory(tx, app.profile).sessions(), field)
