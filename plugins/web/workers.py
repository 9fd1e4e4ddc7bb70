"""`lianluo serve --workers N`: N processes answering on one listening socket, each with its own threads.

Why: a page is Python code, and one process runs Python on one core at a time (the GIL), so on a machine with
cores to spare the pages of twenty people queue behind each other and behind a write's commit. Forked after
the home is opened and its matters decoded, each process starts with the same read cache (shared copy on
write until it changes) and keeps it itself; every cache is keyed by what is stored (file identity on the
file store, row versions and the change count on PostgreSQL), so a write made through one process shows on
the next page any other one serves, as a clerk's command already does. Writers of all processes take turns
on the home's lock as the CLI's do.

Where `os.fork` does not exist (Windows) the server runs as one process and says so.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Callable

import click

from lianluo.kernel import RefusedError

BACKLOG = 1024


def can_fork() -> bool:
    return hasattr(os, "fork")


def listening(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket the workers share (the same refusal as a single server's when it cannot)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError as exc:
        raise RefusedError(f"无法在 {host}:{port} 上监听：{exc.strerror or exc}") from exc
    return sock


def run(start: Callable[[bool], object], workers: int) -> None:
    """Fork `workers - 1` children, each running the server `start(True)` makes, and run `start(False)`'s here;
    stopping this process (Ctrl+C, SIGTERM) stops them, and a child whose parent has gone stops itself."""
    parent = os.getpid()
    children = []
    for _ in range(workers - 1):
        pid = os.fork()
        if pid == 0:
            _child(start, parent)
        children.append(pid)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        start(False).run()
    finally:
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid in children:
            os.waitpid(pid, 0)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _child(start: Callable[[bool], object], parent: int) -> None:
    """A worker: serve until told to stop or orphaned; never returns into the parent's code."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group: the parent stops us

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    try:
        start(True).run()
    except BaseException as exc:  # noqa: BLE001 — a worker dying says why, and never runs the parent's code
        click.echo(f"网页端工作进程 {os.getpid()} 退出：{exc!r}", err=True)
    finally:
        os._exit(0)
