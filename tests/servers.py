"""Real servers on loopback for the channel tests and bench/delivery.py: the demo's loopback servers
(plugins/demo/servers.py) with failure modes — an SMTP server that can refuse, drop the connection mid-message
or be down, and an SMS gateway that can fail with 4xx, 5xx or a timeout.
"""

from __future__ import annotations

import ssl
import subprocess
import time
from pathlib import Path

from aiosmtpd.smtp import AuthResult

from lianluo.kernel import resolve_profile
from lianluo.plugins.demo.servers import Gateway as LoopbackGateway, MailServer as LoopbackMail, free_port

__all__ = ["Gateway", "MailServer", "channel_profile", "free_port", "self_signed", "sms_section", "smtp_section"]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 / localhost and its key (openssl), for the STARTTLS and SSL tests."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


class MailServer(LoopbackMail):
    """The demo's SMTP server with failure modes. `mode`: "ok"; "refuse" (550 to every recipient); "drop" (takes
    the message, then closes the connection before answering); optional TLS and a required login."""

    def __init__(self, mode: str = "ok", port: int | None = None, tls: tuple[Path, Path] | None = None,
                 login: tuple[str, str] | None = None):
        self.mode = mode
        self.logins: list[str] = []
        kwargs = {}
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(tls[0]), str(tls[1]))
            kwargs.update(tls_context=context, require_starttls=True)
        if login:
            kwargs.update(authenticator=self._authenticator(login), auth_required=True)
        super().__init__(port=port, **kwargs)

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
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server, session, envelope):
        self.keep(envelope)
        if self.mode == "drop":
            server.transport.abort()  # the message is here; the client never hears so
        return "250 2.0.0 OK queued"


class Gateway(LoopbackGateway):
    """The demo's SMS gateway with failure modes. `mode`: "ok", "4xx", "5xx", "slow" (answers after `delay`
    seconds), "no" (code 1: not accepted)."""

    def __init__(self, mode: str = "ok", delay: float = 3.0):
        self.mode = mode
        self.delay = delay
        super().__init__()

    def answer(self, fields: dict) -> tuple[int, dict]:
        if self.mode == "4xx":
            return 400, {"code": 400, "msg": "bad request"}
        if self.mode == "5xx":
            return 503, {"code": 503, "msg": "busy"}
        msgid = self.keep(fields)
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode == "no":
            return 200, {"code": 1, "msg": "blacklisted"}
        return 200, {"code": 0, "data": {"msgid": msgid}}


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
