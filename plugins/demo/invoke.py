"""Running the CLI's own commands from the demo, on the demo's home, with their output captured: setting up
the fictional court and reading the year's figures take exactly the path a clerk's commands take."""

from __future__ import annotations

import contextlib
import io

import click

from lianluo.kernel.cli.common import Root


def invoke(root: Root, command: click.Command, **params) -> str:
    """Run `command` with `params` (the rest take their defaults) and return what it printed."""
    out = io.StringIO()
    with click.Context(command, obj=root) as ctx, contextlib.redirect_stdout(out):
        ctx.invoke(command, **params)
    return out.getvalue()
