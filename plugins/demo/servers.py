"""Loopback servers that take what the channels send, for `lianluo demo --channels` (and, extended with failure
modes, for the channel tests and bench/delivery.py): an SMTP server (aiosmtpd) keeping each message, and an SMS
gateway (http.server in a thread) answering `{"code": 0, "data": {"msgid": "M1"}}`. Given a folder, the mail
server writes each message there as an .eml file; given a file, the gateway appends each request to it as one
JSON line — so what the demo "sent" can be opened afterwards.

aiosmtpd is needed only here (the `demo` extra): a court's own installation never runs an SMTP server.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import json
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """An SMTP server on 127.0.0.1 that accepts every message. `received` holds each message, parsed;
    `envelopes` each (sender, recipients). `folder`: also write each message there as NNNNN.eml."""

    def __init__(self, port: int | None = None, folder: Path | None = None, **controller_options: Any):
        self.port = port or free_port()
        self.folder = folder
        self.received: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **controller_options)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.keep(envelope)
        return "250 2.0.0 OK queued"

    def keep(self, envelope) -> None:
        with self.lock:
            self.received.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            if self.folder is not None:
                self.folder.mkdir(parents=True, exist_ok=True)
                (self.folder / f"{len(self.received):05d}.eml").write_bytes(envelope.original_content)

    def __enter__(self) -> "MailServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    def to(self) -> list[str]:
        return [rcpt for _, rcpts in self.envelopes for rcpt in rcpts]


class Gateway:
    """An SMS gateway on 127.0.0.1 taking JSON or form POSTs and answering each with a new message id; GET
    returns `receipts`. `requests` holds each request's fields; `journal`: also append each as a JSON line.
    A subclass changes the answer by overriding `answer(fields)` → (HTTP status, body, keep the request)."""

    def __init__(self, journal: Path | None = None):
        self.requests: list[dict] = []
        self.receipts: list[dict] = []
        self.journal = journal
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _reply(self, code: int, doc) -> None:
                body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self._reply(200, {"receipts": gateway.receipts})

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if "json" in self.headers.get("Content-Type", ""):
                    fields = json.loads(raw.decode("utf-8"))
                else:
                    fields = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode("utf-8")).items()}
                fields["_headers"] = dict(self.headers)
                self._reply(*gateway.answer(fields))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def keep(self, fields: dict) -> str:
        """Record one accepted request; its message id."""
        with self.lock:
            self.requests.append(fields)
            msgid = f"M{len(self.requests)}"
            if self.journal is not None:
                self.journal.parent.mkdir(parents=True, exist_ok=True)
                line = {"msgid": msgid, **{k: v for k, v in fields.items() if k != "_headers"}}
                with open(self.journal, "a", encoding="utf-8") as handle:
                    handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        return msgid

    def answer(self, fields: dict) -> tuple[int, dict]:
        return 200, {"code": 0, "data": {"msgid": self.keep(fields)}}

    def __enter__(self) -> "Gateway":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def texts(self, field: str = "content") -> list[tuple[str, str]]:
        return [(r.get("mobile", ""), r.get(field, "")) for r in self.requests]
