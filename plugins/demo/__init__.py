"""`lianluo demo`: a year at a fictional court in one command, for trying lianluo out and for training."""

from __future__ import annotations

from lianluo.kernel import hookimpl


@hookimpl
def register_commands(cli):
    from .command import demo
    from .network import demo_network

    cli.add_command(demo)
    network = cli.commands.get("network")  # `lianluo network demo`: under the kernel's network group
    if network is not None:
        network.add_command(demo_network, name="demo")
