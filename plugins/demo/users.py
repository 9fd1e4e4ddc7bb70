"""The demo's web desk accounts: one per role (the liaison office, one department, a leader, the admin), each
with a random password printed once in the summary, so a newcomer runs `lianluo serve` on the demo home and
logs in at once. Made with `lianluo user add … --password-stdin`, as a setup script would."""

from __future__ import annotations

import contextlib
import io
import secrets
import sys

from lianluo.kernel import run_command

ACCOUNTS = (("clerk", "clerk", "联络办"), ("dept", "department", "承办部门"), ("leader", "leader", "院领导"),
            ("admin", "admin", "系统管理员"))


@contextlib.contextmanager
def _stdin(text: str):
    """The password on stdin for --password-stdin (never on the command line, where `ps` would show it)."""
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def add_accounts(root, app, department: str) -> list[dict]:
    """The four accounts, or none where the profile does not enable the web desk. Passwords are random (not
    from the demo's seed: the same seed must not give the same passwords)."""
    if "web" not in app.profile.enable:
        return []
    made = []
    for name, role, label in ACCOUNTS:
        password = secrets.token_urlsafe(12)
        dept = ("--dept", department) if role == "department" else ()
        with _stdin(password + "\n"):
            run_command(root, "user", "add", name, "--role", role, *dept, "--password-stdin")
        made.append({"name": name, "role": role, "label": label, "dept": department if dept else None,
                     "password": password})
    return made
