"""Sending one message over SMTP, telling "not sent" from "may have been sent".

Everything up to the DATA command's 354 answer is safely "not sent": a refused connection, a failed login, a
5xx to MAIL or RCPT. Once the message itself has been handed over, a dropped connection or a timeout before
the server's final answer leaves it unknown whether the server took it: that is `MaybeSent`, which the kernel
records as "uncertain" and never re-sends. A connection is kept for the next notice of the same run and
opened again when the server has closed it.
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY

from lianluo.kernel import MaybeSent

from .settings import Settings

_open: dict[Settings, smtplib.SMTP] = {}  # one connection per settings, reused within a process


class Refused(Exception):
    """The server answered no (4xx/5xx) or could not be reached: the message was not sent."""


def _context(settings: Settings) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=settings.ca_file or None)


def _connect(settings: Settings) -> smtplib.SMTP:
    try:
        if settings.security == "ssl":
            conn = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                    context=_context(settings))
        else:
            conn = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            if settings.security == "starttls":
                conn.starttls(context=_context(settings))
        if settings.username:
            conn.login(settings.username, settings.password)
    except UnicodeEncodeError:  # smtplib's AUTH takes ASCII only
        raise Refused("SMTP 用户名或口令含非 ASCII 字符，无法登录") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise Refused(f"邮件服务器拒绝登录（{exc.smtp_code}）") from None
    except smtplib.SMTPResponseException as exc:
        raise Refused(f"邮件服务器拒绝连接（{exc.smtp_code} {_said(exc.smtp_error)}）") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise Refused(f"无法连接邮件服务器 {settings.host}:{settings.port}（{type(exc).__name__}）") from None
    return conn


def _said(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())[:120]


def _envelope(conn: smtplib.SMTP, sender: str, to: str) -> None:
    conn.ehlo_or_helo_if_needed()
    code, reply = conn.mail(sender)
    if code != 250:
        raise Refused(f"邮件服务器拒收（MAIL {code} {_said(reply)}）")
    code, reply = conn.rcpt(to)
    if code not in (250, 251):
        raise Refused(f"邮件服务器拒收收件人（RCPT {code} {_said(reply)}）")
    code, reply = conn.docmd("DATA")
    if code != 354:
        raise Refused(f"邮件服务器拒收（DATA {code} {_said(reply)}）")


def send(settings: Settings, msg: EmailMessage, to: str) -> str:
    """Send `msg` to `to`; the server's answer on success. Raises Refused (not sent) or MaybeSent."""
    data = msg.as_bytes(policy=SMTP_POLICY)
    data = re.sub(rb"(?m)^\.", b"..", data)  # dot-stuffing (RFC 5321 4.5.2)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    for attempt in (1, 2):
        conn = _open.get(settings) or _connect(settings)
        _open[settings] = conn
        try:
            _envelope(conn, settings.sender, to)
            break
        except Refused:
            _close(settings)
            raise
        except (smtplib.SMTPServerDisconnected, OSError) as exc:  # a kept connection the server closed
            _close(settings)
            if attempt == 2:
                raise Refused(f"与邮件服务器的连接中断（{type(exc).__name__}），未发送") from None
    try:
        conn.send(data + b".\r\n")
        code, reply = conn.getreply()
    except (smtplib.SMTPServerDisconnected, OSError, socket.timeout) as exc:
        _close(settings)
        raise MaybeSent(f"邮件已交给服务器，但连接在确认前中断（{type(exc).__name__}）") from None
    if code != 250:
        _close(settings)
        raise Refused(f"邮件服务器拒收（{code} {_said(reply)}）")
    return _said(reply)


def _close(settings: Settings) -> None:
    conn = _open.pop(settings, None)
    if conn is not None:
        try:
            conn.close()
        except OSError:
            pass
