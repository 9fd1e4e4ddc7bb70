"""Whether the running command has saved anything yet. A failure after a commit (stdout on a full disk, a pipe
closed early, a bug in what prints the result) must not be reported as "数据未作修改": a clerk who believes
it registers the item again, and a cron log makes every saved tick look failed."""

from __future__ import annotations

_saved = False


def mark_saved() -> None:
    """Called once a transaction has committed, or a file the clerk asked for has taken its name."""
    global _saved
    _saved = True


def saved() -> bool:
    return _saved


def start_command() -> None:
    global _saved
    _saved = False
