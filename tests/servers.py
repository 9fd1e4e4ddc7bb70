"""Real servers on loopback for the channel tests and bench/delivery.py: an SMTP server (aiosmtpd) that keeps
what it receives and can refuse, drop the connection mid-message or be down, and an SMS gateway (http.server
in a thread) that answers in the configured shape and can fail with 4xx, 5xx or a timeout.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from lianluo.kernel import resolve_profile


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 / localhost and its key (openssl), for the STARTTLS and SSL tests."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


class MailServer:
    """An SMTP server on 127.0.0.1. `mode`: "ok"; "refuse" (550 to every recipient); "drop" (takes the message,
    then closes the connection before answering). `received` holds each message taken, parsed."""

    def __init__(self, mode: str = "ok", port: int | None = None, tls: tuple[Path, Path] | None = None,
                 login: tuple[str, str] | None = None):
        self.mode = mode
        self.port = port or free_port()
        self.received: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.logins: list[str] = []
        kwargs = {}
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(tls[0]), str(tls[1]))
            kwargs.update(tls_context=context, require_starttls=True)
        if login:
            kwargs.update(authenticator=self._authenticator(login), auth_required=True)
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **kwargs)

    def _authenticator(self, login):
        def check(server, session, envelope, mechanism, auth_data):
            ok = (auth_data.login.decode(), auth_data.password.decode()) == login
            if ok:
                self.logins.append(auth_data.login.decode())
            return AuthResult(success=ok, handled=False)
        return check

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse":
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        if self.mode == "drop":
            server.transport.abort()  # the message is here; the client never hears so
        return "250 2.0.0 OK queued"

    def __enter__(self) -> "MailServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    def to(self) -> list[str]:
        return [rcpt for _, rcpts in self.envelopes for rcpt in rcpts]


class Gateway:
    """An SMS gateway on 127.0.0.1 answering `{"code": 0, "data": {"msgid": "M1"}}` (JSON or form requests).
    `mode`: "ok", "4xx", "5xx", "slow" (answers after `delay` seconds), "no" (code 1: not accepted).
    `requests` holds each request's fields; `receipts` is what GET /receipts returns."""

    def __init__(self, mode: str = "ok", delay: float = 3.0):
        self.mode = mode
        self.delay = delay
        self.requests: list[dict] = []
        self.receipts: list[dict] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, code: int, doc) -> None:
                body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self._answer(200, {"receipts": gateway.receipts})

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if "json" in self.headers.get("Content-Type", ""):
                    fields = json.loads(raw.decode("utf-8"))
                else:
                    fields = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode("utf-8")).items()}
                fields["_headers"] = dict(self.headers)
                if gateway.mode == "4xx":
                    return self._answer(400, {"code": 400, "msg": "bad request"})
                if gateway.mode == "5xx":
                    return self._answer(503, {"code": 503, "msg": "busy"})
                gateway.requests.append(fields)
                if gateway.mode == "slow":
                    time.sleep(gateway.delay)
                if gateway.mode == "no":
                    return self._answer(200, {"code": 1, "msg": "blacklisted"})
                self._answer(200, {"code": 0, "data": {"msgid": f"M{len(gateway.requests)}"}})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Gateway":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def texts(self, field: str = "content") -> list[tuple[str, str]]:
        return [(r.get("mobile", ""), r.get(field, "")) for r in self.requests]


def channel_profile(folder: Path, sections: str, enable: tuple[str, ...] = ("email", "sms")) -> Path:
    """The built-in Liwan profile with the channels enabled and `sections` (TOML) appended, as a court edits it."""
    text = resolve_profile("liwan-court").read_text(encoding="utf-8")
    text = text.replace("enable = [", "enable = [" + "".join(f'"{name}", ' for name in enable), 1)
    path = folder / "court-profile.toml"
    path.write_text(text + "\n" + sections, encoding="utf-8")
    return path


def smtp_section(port: int, security: str = "none", extra: str = "") -> str:
    return (f'[email]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "{security}"\nsender = "lianluo@court.test"\n'
            f'sender_name = "荔湾区人民法院代表联络办公室"\ntimeout = 5\n{extra}\n')


def sms_section(url: str, extra: str = "") -> str:
    """The gateway's shape as Gateway answers it; a key given in `extra` replaces the default."""
    defaults = {"url": f'"{url}"', "format": '"json"', "number_field": '"mobile"', "text_field": '"content"',
                "ok_path": '"code"', "ok_value": '"0"', "id_path": '"data.msgid"', "per_minute": "0", "timeout": "2",
                "receipts_url": f'"{url.rsplit("/", 1)[0]}/receipts"'}
    given = {line.split("=", 1)[0].strip() for line in extra.splitlines() if "=" in line}
    return "[sms]\n" + "".join(f"{k} = {v}\n" for k, v in defaults.items() if k not in given) + extra + "\n"
