"""`lianluo demo`: a year at a fictional court in one command, for trying lianluo out and for training."""

from __future__ import annotations

from lianluo.kernel import hookimpl


@hookimpl
def register_commands(cli):
    from .command import demo
    from .network import demo_network

    cli.add_command(demo)
    cli.add_command(demo_network)
