"""One HTTP POST per text to the gateway, and its answer read back.

No answer at all — a refused connection, a 4xx or a 5xx, an answer that says "not accepted" — means not
sent. A timeout after the request went out, or a connection dropped before the answer, may have sent it:
`MaybeSent`, which the kernel records as "uncertain" and never re-sends. Requests are spaced by the
per-minute rate across every process using the data home (plugins/sms/rate.py).
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from lianluo.kernel import MaybeSent

from . import rate
from .settings import Settings


class Refused(Exception):
    """Not sent: the gateway could not be reached, or answered no."""


def pick(doc: Any, path: str) -> Any:
    """`data.msgid` → doc["data"]["msgid"]; a list index may be a number (`result.0.sid`); None when absent."""
    node = doc
    for part in (p for p in path.split(".") if p):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def request(settings: Settings, number: str, text: str) -> urllib.request.Request:
    fields = {**dict(settings.fixed), settings.number_field: number, settings.text_field: text}
    headers = {"User-Agent": "lianluo"}
    if settings.key and settings.key_header:
        headers[settings.key_header] = settings.key
    elif settings.key and settings.key_field:
        fields[settings.key_field] = settings.key
    if settings.format == "json":
        body = json.dumps(fields, ensure_ascii=False).encode("utf-8")
        headers["Content-Type"] = "application/json; charset=utf-8"
    else:
        body = urllib.parse.urlencode(fields).encode("utf-8")
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    return urllib.request.Request(settings.url, data=body, headers=headers, method="POST")


def send(settings: Settings, number: str, text: str, home: Path) -> str:
    """Send one text, in its turn by the per-minute rate kept in `home`; the gateway's message id ("" when it
    gives none). Raises Refused or MaybeSent."""
    try:
        rate.wait_turn(home, settings.url, settings.per_minute)
    except rate.Busy as exc:
        raise Refused(str(exc)) from None
    try:
        with urllib.request.urlopen(request(settings, number, text), timeout=settings.timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise Refused(f"短信网关拒绝（HTTP {exc.code}）") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise MaybeSent("短信网关在应答前超时") from None
        raise Refused(f"无法连接短信网关（{type(exc.reason).__name__}）") from None
    except (TimeoutError, socket.timeout):
        raise MaybeSent("短信网关在应答前超时") from None
    except (http.client.RemoteDisconnected, ConnectionResetError, http.client.IncompleteRead):
        raise MaybeSent("短信网关在应答前断开连接") from None
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise MaybeSent("短信网关的应答无法识别") from None
    ok = pick(answer, settings.ok_path)
    if settings.ok_path and str(ok) != settings.ok_value:
        raise Refused(f"短信网关未受理（{settings.ok_path}={ok!r}）")
    found = pick(answer, settings.id_path)
    return "" if found is None else str(found)


def receipts(settings: Settings) -> list[dict[str, str]]:
    """The gateway's delivery receipts (GET `receipts_url`): each message id with its status."""
    req = urllib.request.Request(settings.receipts_url, headers={"User-Agent": "lianluo"})
    if settings.key and settings.key_header:
        req.add_header(settings.key_header, settings.key)
    try:
        with urllib.request.urlopen(req, timeout=settings.timeout) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise Refused(f"短信网关拒绝（HTTP {exc.code}）") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise Refused(f"无法取得回执（{type(exc).__name__}）") from None
    rows = pick(answer, settings.receipts_path) if settings.receipts_path else answer
    return [{"msgid": str(pick(r, settings.receipt_id_path)), "status": str(pick(r, settings.receipt_status_path))}
            for r in (rows or []) if isinstance(r, dict) and pick(r, settings.receipt_id_path) is not None]
