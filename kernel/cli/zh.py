"""Help in Chinese: click's own words ("Usage:", "Options", "Show this message and exit.", "[OPTIONS]", "TEXT").

click marks its messages with gettext (`from gettext import gettext as _` in its modules), but the classic gettext
API picks the language from LANGUAGE/LANG, which a court's server or a service account rarely sets to Chinese,
and needs a compiled catalogue. So the CLI binds click's `_` to this catalogue itself, once, when the command
tree is built (`install`); the few words click does not pass through gettext (the usage line's metavars, a type's
name) are set on each command by `adopt`. click's error messages are not translated here: the root group turns
each error into one Chinese line from the exception itself (main.py), so they never reach a clerk in English.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import click
from click.formatting import HelpFormatter, wrap_text

HELP = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
}
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
TYPE_METAVARS = {"text": "文本", "integer": "整数", "integer range": "整数", "path": "路径", "filename": "文件",
                 "float": "数字", "boolean": "是否"}


def width(text: str) -> int:
    """Columns `text` takes on a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class ZhFormatter(HelpFormatter):
    """click's formatter with Chinese punctuation (用法：, 选项：) and columns aligned by display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(term) for term, _ in rows), default=0), col_max) + col_spacing
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if width(term) <= first_col - col_spacing:
                self.write(" " * (first_col - width(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            room = max(self.width - first_col - self.current_indent - 2, 10)
            chars = max(int(room * len(text) / max(width(text), 1)), 10)  # textwrap counts characters
            lines = wrap_text(text, chars, preserve_paragraphs=True).splitlines() or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class ZhContext(click.Context):
    formatter_class = ZhFormatter


def translate(message: str) -> str:
    return HELP.get(message, message)


def install() -> None:
    """Give click's help-writing modules our catalogue in place of gettext's (see the module's docstring)."""
    from click import core, decorators, formatting

    for module in (core, decorators, formatting):
        module._ = translate  # type: ignore[attr-defined]


def adopt(command: click.Command) -> None:
    """Chinese metavars on `command` and every command below it: [选项], 命令 [参数]..., 文本, 整数 …"""
    command.options_metavar = OPTIONS_METAVAR
    command.context_class = ZhContext
    if isinstance(command, click.Group):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in command.commands.values():
            adopt(sub)
    for param in command.params:
        if isinstance(param, click.Option) and param.metavar is None and param.type.name in TYPE_METAVARS:
            param.metavar = TYPE_METAVARS[param.type.name]
