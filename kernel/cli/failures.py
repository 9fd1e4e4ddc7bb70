"""What a failure the program did not raise on purpose means to the clerk: an operating-system error named by
its cause and file (disk full, read-only, no permission, a folder where a file should be), an output that
could not be written (stdout on a full disk, a pipe closed early), and in every case whether the work was saved.

Exit codes: 1 nothing was saved; NEEDS_ATTENTION (3) the run finished and saved what succeeded, but something
failed or is uncertain and waits for a person or a retry (`tick`, `status`: what a monitoring check watches);
SAVED_BUT_FAILED (4) the work was saved but the command could not finish (usually: its output could not be
written) — do not repeat it, look at the result instead."""

from __future__ import annotations

import errno
import os
import sys

import click

from ..outcome import saved

NEEDS_ATTENTION = 3
SAVED_BUT_FAILED = 4

CAUSES = {
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "所在文件系统只读",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EISDIR: "是文件夹，不是文件",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.ENAMETOOLONG: "路径过长",
    errno.ENOENT: "不存在",
    errno.EIO: "读写出错（输入输出错误）",
    errno.EPIPE: "接收输出的管道已关闭",
    errno.EFBIG: "文件超过允许的大小",
}


def cause(exc: OSError) -> str:
    return CAUSES.get(exc.errno, os.strerror(exc.errno) if exc.errno else type(exc).__name__)


class OSFailure(Exception):
    """An OSError carried past click, which would otherwise turn a closed pipe into a silent exit 1."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


def from_output(exc: OSError) -> bool:
    """Whether the error came from printing the result to stdout (click.echo without err=True)."""
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code is click.utils.echo.__code__ and not frame.f_locals.get("err"):
            return True
        tb = tb.tb_next
    return isinstance(exc, BrokenPipeError)


def silence_stdout() -> None:
    """Point a broken stdout at /dev/null, so the interpreter's last flush at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # CliRunner's stdout has no file descriptor
        pass


def outcome_words() -> str:
    return "操作已保存，请勿重复操作" if saved() else "数据未作修改"


def exit_code() -> int:
    return SAVED_BUT_FAILED if saved() else 1


def os_error_line(exc: OSError) -> str:
    """One line for an operating-system error: the output, or the file, and why; and whether it was saved."""
    if from_output(exc):
        silence_stdout()
        return f"输出未能写出（{cause(exc)}）；{outcome_words()}"
    where = exc.filename if exc.filename is not None else "文件"
    return f"无法读写 {where}：{cause(exc)}；{outcome_words()}"
