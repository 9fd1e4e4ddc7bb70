"""The delivery journal: what each channel call did, one fsynced line per notice, so that a whole batch of
notices can be claimed "sending" in one store commit without a crash leaving the whole batch "uncertain".

A store commit costs tens of milliseconds on a TinyDB home (segments and manifest written and fsynced) — more
than an SMTP round trip on loopback — while appending a line to a small file and fsyncing it costs one or two.
So delivery (kernel/delivery.py) claims notices in batches, and the journal keeps the promise per notice:

1. before a batch's claim commit, one line naming the batch's notices in the order they will be sent, each
   with the attempt number its claim gives it;
2. after each channel call, one line with that notice's outcome (delivered, failed, uncertain), fsynced
   before the next notice is offered to a channel;
3. the outcomes are folded into the store with the next batch's claim commit, and the journal is emptied when
   the run ends.

After a crash, the next run reads the journal before anything else (under the delivery lock): a notice still
"sending" gets its journaled outcome; in each batch, the first one without an outcome was in flight and is
"uncertain" (it may have gone out); the ones after it were never offered to a channel and go back to
"pending". A "sending" notice the journal does not name stays "uncertain", as before. Lines are matched by
notice id *and* attempt, so a line left from an earlier run never decides a later attempt; a torn last line
is ignored (its notice is then the in-flight one).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .store.modes import fit

JOURNAL_FILE = ".lianluo.deliver.journal"


class Journal:
    """The open journal of one delivery run (append-only; fsync after every line)."""

    def __init__(self, home: Path):
        self.path = Path(home) / JOURNAL_FILE
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fit(fd, self.path.parent)  # 0660 in a shared home
        except PermissionError:
            pass  # another member of the home's group made it (and fitted it then)
        self.fd = fd

    def _write(self, doc: dict[str, Any]) -> None:
        os.write(self.fd, (json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8"))
        os.fsync(self.fd)

    def batch(self, claims: Iterable[tuple[int, int]]) -> None:
        """The notices about to be claimed, in sending order, each with the attempt its claim will make."""
        self._write({"batch": [[nid, attempt] for nid, attempt in claims]})

    def outcome(self, nid: int, attempt: int, state: str, channel: str, error: str, ref: str) -> None:
        self._write({"id": nid, "attempt": attempt, "state": state, "channel": channel, "error": error, "ref": ref})

    def clear(self) -> None:
        """Everything journaled is in the store now."""
        os.ftruncate(self.fd, 0)
        os.fsync(self.fd)

    def close(self) -> None:
        os.close(self.fd)


def read(home: Path) -> tuple[list[list[tuple[int, int]]], dict[tuple[int, int], dict[str, Any]]]:
    """The batches (each a list of (id, attempt) in sending order) and the outcomes by (id, attempt) that a
    run which did not finish left behind; ([], {}) when there is no journal."""
    path = Path(home) / JOURNAL_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], {}
    batches: list[list[tuple[int, int]]] = []
    outcomes: dict[tuple[int, int], dict[str, Any]] = {}
    for line in raw.split(b"\n"):
        try:
            doc = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue  # a line torn by the crash (or an empty one)
        if not isinstance(doc, dict):
            continue
        if isinstance(doc.get("batch"), list):
            batches.append([(int(n), int(a)) for n, a in doc["batch"]])
        elif "id" in doc and "attempt" in doc:
            outcomes[(int(doc["id"]), int(doc["attempt"]))] = doc
    return batches, outcomes


def recover(docs: dict[int, dict[str, Any]], home: Path) -> dict[int, dict[str, Any]]:
    """For the notices found "sending" (`docs`, by id), what the journal says each should become: the new
    documents by id. A notice the journal does not settle is absent (the caller marks it uncertain)."""
    batches, outcomes = read(home)
    settled: dict[int, dict[str, Any]] = {}
    for batch in batches:
        in_flight = False
        for nid, attempt in batch:
            doc = docs.get(nid)
            if doc is None or nid in settled or int(doc.get("attempts", 0)) != attempt:
                continue  # not claimed by this batch's commit, or decided by another line
            found = outcomes.get((nid, attempt))
            if found is not None:
                settled[nid] = {**doc, "state": found["state"], "error": found.get("error", ""),
                                "channel": found.get("channel") or doc.get("channel", ""),
                                "ref": found.get("ref") or doc.get("ref", "")}
            elif not in_flight:
                in_flight = True  # sends are one at a time: this one was being sent when the process died
            else:  # claimed but never offered to a channel: it can simply be sent later
                settled[nid] = {**doc, "state": "pending", "attempts": attempt - 1}
    return settled
