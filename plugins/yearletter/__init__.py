"""The yearly letter to each deputy (Liwan art. 9(1); SPC decision §5: every deputy hears about the court's work
at least once a year): `lianluo yearly-letter`, a mail-merged DOCX per deputy, e-mailed where there is an
address (docs/channels.md)."""

from __future__ import annotations

from lianluo.kernel import hookimpl

from .command import yearly_letter


@hookimpl
def register_commands(cli):
    cli.add_command(yearly_letter)
