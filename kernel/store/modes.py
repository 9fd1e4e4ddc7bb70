"""The mode of a file or folder the program makes, taken from the folder it is made in.

A private home is a 0700 folder of 0600 files. A shared home (`lianluo init --group NAME`, store/sharing.py)
is a folder of mode 2770 owned by that group: setgid, so Linux gives every file and folder made inside it the
folder's group (and every folder the setgid bit); here each file made there gets 0660 and each folder 2770.
The folder's own mode is what every writer consults — no process-wide state (the umask is one per process, a
web server has threads, a library caller has its own umask) — so data, backups, reports, letters, locks and
temp files made anywhere under a shared home keep its group and mode, and a file written elsewhere
(`--out /tmp/…`) stays 0600. No mode here carries world bits: personal data stay unreadable to other accounts.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
SHARED_FILE, SHARED_DIR = 0o660, 0o2770


def shared(folder: Path | str) -> bool:
    """Whether `folder` is a shared home or inside one: setgid, and its group may enter, read and write."""
    try:
        mode = os.stat(folder).st_mode
    except OSError:
        return False
    return bool(mode & stat.S_ISGID) and mode & 0o070 == 0o070


def file_mode(folder: Path | str) -> int:
    return SHARED_FILE if shared(folder) else PRIVATE_FILE


def fit(fd: int, folder: Path | str) -> None:
    """Give a file just made in `folder` (open as `fd`) the folder's file mode, whatever the umask."""
    if shared(folder):
        os.fchmod(fd, SHARED_FILE)


def make_dir(path: Path, parents: bool = False) -> None:
    """Make `path` (and, with `parents`, its missing parents) as a folder of its parent's kind: 2770 inside a
    shared home, else 0700. An existing folder is left as it is."""
    path = Path(path)
    if path.is_dir():
        return
    if parents and not path.parent.is_dir():
        make_dir(path.parent, parents=True)
    try:
        path.mkdir(mode=PRIVATE_DIR)
    except FileExistsError:
        if path.is_dir():
            return  # another process made it a moment ago
        raise
    if shared(path.parent):
        os.chmod(path, SHARED_DIR)
