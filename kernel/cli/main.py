"""`lianluo`: the root group. Every error leaves as one Chinese line on stderr with exit 2 (bad input),
1 (refused, busy, broken data, nothing saved), 3 (`tick`, `status`: done, but something failed or is uncertain
and needs a person: failures.py) or 4 (saved, but the command could not finish: failures.py);
stdout stays clean for JSON."""

from __future__ import annotations

import difflib
import os
import re
import sys
import traceback
from pathlib import Path

import click

from ..desk import clean_text
from ..errors import InputError, LianluoError
from ..outcome import start_command
from ..privacy import mask_output
from ..store.sharing import drift
from .action_cmds import add_action_commands
from .common import PathType, Root, default_home, default_user
from .failures import OSFailure, exit_code, os_error_line, outcome_words
from . import zh

zh.install()  # before the decorators below: --version's help is written when it is declared


def _param_name(param) -> str | None:
    if param is None:
        return None
    if isinstance(param, click.Argument):
        return param.human_readable_name
    return param.opts[0] if param.opts else param.name


NO_SUCH_COMMAND = re.compile(r"No such command '(.+)'\.")
_ENGLISH = (
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), "{0}：多余的参数"),
    (re.compile(r"Option '(.+)' requires an argument\."), "{0}：缺少取值"),
    (re.compile(r"Option '(.+)' does not take a value\."), "{0}：此选项不带取值"),
    (re.compile(r"Option '(.+)' requires (\d+) arguments\."), "{0}：需要 {1} 个取值"),
)
_BAD_VALUE = (  # click's own checks of a value, said in Chinese after the option's name
    (re.compile(r"^'(.*)' is not one of (.+)\.$"), "无效值 '{0}'；可用：{1}"),
    (re.compile(r"^'(.*)' is not a valid (?:integer|integer range)\.$"), "应为整数，实为 '{0}'"),
    (re.compile(r"^'(.*)' is not a valid (?:float|float range)\.$"), "应为数字，实为 '{0}'"),
    (re.compile(r"^'(.*)' is not a valid boolean\..*$"), "应为“是”或“否”（yes/no），实为 '{0}'"),
    (re.compile(r"^(.+) is not in the range (.+)\.$"), "{0} 不在允许的范围 {1} 内"),
)


def _value_message(message: str) -> str:
    for pattern, template in _BAD_VALUE:
        match = pattern.match(message)
        if match:
            return template.format(*(g.replace("'", "").replace(", ", "、") if i else g
                                     for i, g in enumerate(match.groups())))
    return message


def _usage_line(error: click.UsageError) -> str:
    name = _param_name(getattr(error, "param", None))
    if isinstance(error, click.exceptions.NoArgsIsHelpError):
        command = error.ctx.command_path if error.ctx else "lianluo"
        return f"{command}：请给出子命令（用 {command} --help 查看）"
    if isinstance(error, click.MissingParameter):
        return f"{'、'.join(_missing(error)) or error.param_hint or '参数'}：缺少必填参数"
    unknown = NO_SUCH_COMMAND.search(error.message)
    if unknown:
        return _unknown_command(unknown.group(1), error.ctx)
    if isinstance(error, click.NoSuchOption):
        hint = f"（可能是：{'、'.join(error.possibilities)}）" if error.possibilities else ""
        return f"{error.option_name}：未知选项{hint}"
    for pattern, template in _ENGLISH:
        match = pattern.search(error.message)
        if match:
            return template.format(*match.groups())
    if isinstance(error, click.BadParameter):
        return f"{name or error.param_hint or '参数'}：{_value_message(error.message)}"
    if isinstance(error, click.BadOptionUsage):
        return f"{error.option_name}：用法错误"
    return f"用法错误：{error.message}"


def _missing(error: click.MissingParameter) -> list[str]:
    """Every required parameter the command line left out, not only the first click met: click processes the
    parameters typed first, so when it reports one missing, those not yet in ctx.params were not typed."""
    ctx, first = error.ctx, error.param
    if ctx is None or first is None:
        return [n for n in (_param_name(first),) if n]
    names = []
    for param in ctx.command.get_params(ctx):
        if param is first or (param.required and param.name not in ctx.params
                              and param.value_is_missing(param.get_default(ctx))
                              and param.resolve_envvar_value(ctx) is None):
            names.append(_param_name(param))
    return names


def _unknown_command(name: str, ctx: click.Context | None) -> str:
    """`lianluo itme` → 未知命令 itme。您是否要输入：item (at every level of the command tree)."""
    group = ctx.command if ctx is not None else None
    path = ctx.command_path if ctx is not None else "lianluo"
    known = group.list_commands(ctx) if isinstance(group, click.Group) else []
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    if close:
        return f"未知命令 {name}。您是否要输入：{'、'.join(close)}"
    return f"未知命令 {name}（用 {path} --help 查看可用命令）"


def _fail(line: str, code: int) -> None:
    click.echo(f"错误：{mask_output(' '.join(str(line).split()))}", err=True)
    sys.exit(code)


class LianluoGroup(click.Group):
    """Translates every failure once, at the edge, into one line and an exit code."""

    plugin_commands_loaded = False

    def load_plugin_commands(self) -> None:
        """Let every installed plugin add its commands; a broken one is named and skipped."""
        if self.plugin_commands_loaded:
            return
        self.plugin_commands_loaded = True
        from ..hooks import call_each
        from ..plugins import load_installed

        pm, broken = load_installed()
        for name, reason in broken.items():
            click.echo(mask_output(f"警告：插件 {name} 无法加载，已跳过：{reason}"), err=True)
        for answer in call_each(pm, "register_commands", cli=self):
            if answer.error is not None:  # a plugin's bug must not take --help down with it
                error = answer.error
                click.echo(mask_output(f"警告：插件 {answer.plugin} 的命令未能加载：{type(error).__name__}: {error}"),
                           err=True)
        add_action_commands(self, pm, lambda line: click.echo(mask_output(line), err=True))
        zh.adopt(self)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as exc:
            raise OSFailure(exc) from exc

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        os.umask(0o077)  # personal data: every file a command writes (reports, letters, exports) is 0600
        start_command()
        mask_output.watch(None)  # until this command opens its home, mask numbers only
        self.load_plugin_commands()
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            _fail(_usage_line(exc), 2)
        except click.Abort:
            _fail("已中止", 1)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except LianluoError as exc:
            _fail(str(exc), exc.exit_code)
        except (OSError, OSFailure) as exc:  # the disk, a permission, the output: a known cause, named
            if os.environ.get("LIANLUO_DEBUG"):
                click.echo(mask_output(traceback.format_exc()), err=True, nl=False)
            _fail(os_error_line(exc.error if isinstance(exc, OSFailure) else exc), exit_code())
        except Exception as exc:  # a bug: one line for the clerk, the traceback on request
            if os.environ.get("LIANLUO_DEBUG"):
                click.echo(mask_output(traceback.format_exc()), err=True, nl=False)
            _fail(f"内部错误 {type(exc).__name__}（设置 LIANLUO_DEBUG=1 可查看详情；{outcome_words()}）", exit_code())
        sys.exit(code if isinstance(code, int) else 0)


@click.group(name="lianluo", cls=LianluoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=PathType(path_type=Path), envvar="LIANLUO_HOME",
              help="数据目录（也可用环境变量 LIANLUO_HOME）；默认 ~/.local/share/lianluo")
@click.option("--as", "user", envvar="LIANLUO_USER", help="操作人（记入留痕；也可用 LIANLUO_USER），默认系统用户")
@click.version_option(package_name="lianluo", message="lianluo %(version)s", help="显示版本号并退出。")
@click.pass_context
def cli(ctx: click.Context, home: Path | None, user: str | None) -> None:
    """联络 lianluo：法院、检察院与人大代表、政协委员联络工作的登记、交办、督办、提醒与统计。"""
    extra = ctx.obj if isinstance(ctx.obj, dict) else {}
    if home is not None and home.exists() and not home.is_dir():
        raise InputError("--home", f"{home} 是文件，不是目录")
    if user is not None:  # the audit trail's "who": never blank, never a whole page
        user = clean_text(user, "--as", required=True, limit=50)
    ctx.obj = Root(home or default_home(), user or default_user(), extra)
    drifted = drift(ctx.obj.home)  # a shared home whose folder lost its group or mode (store/sharing.py)
    if drifted:
        click.echo(f"注意：{drifted}", err=True)


def _register_commands() -> None:
    from . import directory_cmds, home_cmds, item_cmds, letter_cmds, migrate_cmds, network_cmds, plugin_cmds, profile_cmds, reindex_cmds, report_cmds, roster_cmds, setup_cmds, status_cmds, task_cmds, tick_cmds

    for module in (setup_cmds, plugin_cmds, profile_cmds, directory_cmds, roster_cmds, item_cmds, letter_cmds, task_cmds, tick_cmds, home_cmds, migrate_cmds, network_cmds, reindex_cmds, report_cmds, status_cmds):
        for command in module.COMMANDS:
            cli.add_command(command)


_register_commands()


def main() -> None:
    cli.main(prog_name="lianluo")
