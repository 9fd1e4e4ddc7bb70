"""Bulletins (工作信息, seed 000: 112 issues a year by e-mail): `lianluo bulletin new|send|list` (docs/channels.md)."""

from __future__ import annotations

from lianluo.kernel import hookimpl

from .commands import bulletin


@hookimpl
def register_tables(register):
    register.table("bulletins")


@hookimpl
def register_commands(cli):
    cli.add_command(bulletin)
