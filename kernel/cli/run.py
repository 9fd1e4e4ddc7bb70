"""Running a lianluo command line in-process, as a clerk would type it, for plugins that build on the CLI's own
commands (the demo sets up its court and reads the year's figures this way)."""

from __future__ import annotations

import contextlib
import io

from .common import Root


def run_command(root: Root, *args: str) -> str:
    """Run `lianluo --home … --as … ARGS` on `root`'s home and return what it printed; a refusal or bad input
    raises the same error the command line would report (nothing is printed for it here)."""
    from .main import cli  # the command tree loads plugins: only when a command is run

    cli.load_plugin_commands()
    out = io.StringIO()
    argv = ["--home", str(root.home), "--as", root.user, *map(str, args)]
    with contextlib.redirect_stdout(out):
        with cli.make_context("lianluo", argv, obj=dict(root.extra)) as ctx:
            cli.invoke(ctx)
    return out.getvalue()
