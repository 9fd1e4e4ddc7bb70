"""`lianluo demo --channels`: the year sent through the e-mail and SMS channels into loopback servers the demo
starts. The demo's profile gets `[email]`, `[sms]` and `[delivery.routes]` pointing at them; the staff a
notice names get addresses; at each month's end the month's notices are delivered, the holiday greetings
drafted that month are confirmed and sent, and the month's bulletin (工作信息) is issued and sent; at the year's
end the yearly letters go out. What the servers took is kept in the demo home (.eml files, a JSONL of texts)
and the summary counts it by channel and kind, from the same notice listing a clerk reads.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

import tomlkit

from lianluo.kernel import InputError, Root, deliver_pending, resolve_profile, run_command

from .court import Court

CAPTURE = "演示发送记录"
MAIL_FOLDER = "邮件"
SMS_LOG = "短信.jsonl"
LETTERS = "年度通报函"
PLUGINS = ("email", "sms", "bulletin", "greetings", "yearletter")
ROUTES = {"due-soon": ["sms", "email"], "due": ["sms", "email"], "chase": ["sms", "email"],
          "escalation": ["sms", "email"], "bulletin": ["email"], "letter": ["email"], "greeting": ["sms"]}


def servers_module():
    """The loopback servers, or one Chinese line (exit 2) when aiosmtpd is not installed."""
    try:
        from . import servers
    except ImportError:
        raise InputError("--channels", "需要先安装演示用的邮件服务器组件：pip install 'lianluo[demo]'（aiosmtpd）") from None
    return servers


@contextlib.contextmanager
def started(home: Path):
    """The SMTP server and SMS gateway on loopback, writing what they take into the demo home."""
    servers = servers_module()
    capture = home / CAPTURE
    with servers.MailServer(folder=capture / MAIL_FOLDER) as mail, servers.Gateway(journal=capture / SMS_LOG) as sms:
        yield mail, sms


def profile_file(profile_ref: str, extra: dict, court: Court, mail_port: int, sms_url: str, folder: Path) -> Path:
    """The chosen profile with the channel plugins enabled and pointed at the loopback servers, written to
    `folder` for `init --profile` (the profile's own rules are untouched)."""
    doc = tomlkit.parse(resolve_profile(profile_ref, extra).read_text(encoding="utf-8"))
    plugins = doc.setdefault("plugins", tomlkit.table())
    enable = plugins.setdefault("enable", tomlkit.array())
    for name in PLUGINS:
        if name not in enable:
            enable.append(name)
    doc["email"] = {"host": "127.0.0.1", "port": mail_port, "security": "none", "sender": "lianluo@court.example",
                    "sender_name": f"{court.name}代表联络办公室", "timeout": 10}
    doc["sms"] = {"url": sms_url, "format": "json", "number_field": "mobile", "text_field": "content",
                  "ok_path": "code", "ok_value": "0", "id_path": "data.msgid", "max_length": 70, "long": "split",
                  "max_parts": 10, "per_minute": 0, "timeout": 10,
                  "receipts_url": sms_url.rsplit("/", 1)[0] + "/receipts"}
    doc["delivery"] = {"default": ["email"], "routes": ROUTES}
    path = folder / "演示配置-发送渠道.toml"
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    return path


def add_staff(root: Root, court: Court) -> None:
    """Addresses for everyone the year's notices name: the office, its liaisons, the head, the leaders in
    charge, each department and its head (fictional .example addresses and 1390000xxxx numbers)."""
    people = [("联络办", ""), ("院领导", ""), (court.head, "")]
    people += [(name, "") for name in court.liaisons]
    people += [(leader, "") for leader in dict.fromkeys(d.leader for d in court.departments)]
    people += [(d.name, d.name) for d in court.departments] + [(d.head, d.name) for d in court.departments]
    for n, (name, dept) in enumerate(people, start=1):
        run_command(root, "staff", "add", name, "--email", f"staff{n:02d}@court.example", "--mobile",
                    f"1390000{n:04d}", *(("--dept", dept) if dept else ()))


def month_end(root: Root, app, day: dt.date, folder: Path) -> None:
    """After the month's commit: its notices delivered, its holiday greetings confirmed and sent, its bulletin
    issued and sent — each through the clerk's own command."""
    deliver_pending(app, day)
    for draft in json.loads(run_command(root, "greeting", "list", "--json")):
        if draft["state"] == "draft":
            run_command(root, "greeting", "confirm", draft["id"], "--date", draft["drafted"])
    with app.store.reader() as tx:
        month = [d for d in tx.all("items") if str(d.get("received", "")).startswith(day.strftime("%Y-%m"))]
        replied = sum(1 for d in tx.all("items")
                      if str((d.get("reply") or {}).get("date", "")).startswith(day.strftime("%Y-%m")))
    body = folder / f"工作信息-{day:%Y-%m}.md"
    body.write_text(f"# {day.month}月工作情况\n\n本月登记代表建议、来信来访等事项 {len(month)} 件，答复 {replied} 件。\n\n"
                    "- 本院继续推进诉讼服务和执行工作（示例数据）。\n", encoding="utf-8")
    made = json.loads(run_command(root, "bulletin", "new", "--title", f"{day.month}月工作情况", "--file", body,
                                  "--date", day, "--json"))
    run_command(root, "bulletin", "send", made["id"], "--date", day)


def yearly_letters(root: Root, home: Path, year: int, day: dt.date) -> None:
    run_command(root, "yearly-letter", "--year", year, "--out", home / LETTERS, "--send", "--date", day)


def tally(notices: list[dict[str, Any]], mail, sms, home: Path) -> dict[str, Any]:
    """What was sent, by channel and kind, beside what the servers took."""
    by = collections.Counter()
    kinds: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for n in notices:
        if n["state"] in ("failed", "uncertain", "pending", "sending"):
            by[n["state"]] += 1
        elif n["state"] == "delivered":
            where = n["channel"] or "outbox"
            by[where] += 1
            kinds[where][n["type"]] += 1
    return {"email": by["email"], "sms": by["sms"], "outbox": by["outbox"], "failed": by["failed"],
            "uncertain": by["uncertain"], "unsent": by["pending"] + by["sending"],
            "kinds": {k: dict(sorted(v.items())) for k, v in kinds.items()},
            "mails_received": len(mail.received), "texts_received": len(sms.requests),
            "mail_folder": str(home / CAPTURE / MAIL_FOLDER), "sms_log": str(home / CAPTURE / SMS_LOG),
            "letters": str(home / LETTERS)}
