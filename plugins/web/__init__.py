"""The web desk (built-in plugin `web`): clerks, departments, leaders and admins work in a browser, each by
login and role, over the same home and desk API as the CLI. docs/web.md describes it.

This module is imported at every CLI start (commands of installed plugins), so Flask, waitress and argon2 are
imported only where they are used: `lianluo serve`, `create_app`, and password hashing.
"""

from lianluo.kernel import hookimpl

from . import commands, hookspecs, mailbox_cmds
from .logins import LOGINS
from .mailbox_tokens import LIMITS as MAILBOX_LIMITS, MAILBOX
from .users import STATE, USERS


@hookimpl
def register_hookspecs(register):
    register(hookspecs)


@hookimpl
def register_tables(register):
    register.table(USERS)
    register.table(LOGINS)
    register.table(STATE)
    register.table(MAILBOX)
    register.table(MAILBOX_LIMITS)


@hookimpl
def register_commands(cli):
    cli.add_command(commands.user)
    cli.add_command(commands.serve)
    cli.add_command(mailbox_cmds.mailbox)


@hookimpl
def register_web_pages(register):
    from . import admin, deputies, network_pages, reports, tasks, trail, views

    views.register(register)
    deputies.register(register)
    trail.register(register)
    tasks.register(register)
    admin.register(register)
    reports.register(register)
    network_pages.register(register)


def create_app(root, testing: bool = False):
    """The Flask application over `root`'s home (see app.py)."""
    from .app import create_app as build

    return build(root, testing=testing)
