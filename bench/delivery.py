"""What delivery costs: the kernel's state bookkeeping per notice (a batch claimed "sending" per commit, each
outcome an fsynced line in the delivery journal, folded into the next commit) against the channel's own round trip, through the real
channels into servers on loopback — the SMTP test server (aiosmtpd) for a bulletin to every deputy, the SMS test
gateway (http.server) for a holiday greeting to every deputy.

    python bench/delivery.py [--notices 5000] [--batch K] [--store postgresql://…]

Target (issue 22): the bookkeeping costs no more than the SMTP round trip on loopback. Each run prints the
throughput, the time inside the channel (the send itself), and the rest of the delivery run (the commits and
the reads around them) per notice.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from click.testing import CliRunner  # noqa: E402

from servers import Gateway, MailServer, channel_profile, sms_section, smtp_section  # noqa: E402

from lianluo.kernel.cli.main import cli  # noqa: E402
from lianluo.plugins.bulletin import commands as bulletin_commands  # noqa: E402
from lianluo.plugins.email import smtp  # noqa: E402
from lianluo.plugins.greetings import commands as greeting_commands  # noqa: E402
from lianluo.plugins.sms import gateway as sms_gateway  # noqa: E402


class Stopwatch:
    """Adds up the time spent in one function (the channel's send, or the whole delivery run)."""

    def __init__(self, module, name: str):
        self.module, self.name, self.seconds, self.calls = module, name, 0.0, 0
        self.original = getattr(module, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls += 1

        setattr(module, name, timed)

    def restore(self) -> None:
        setattr(self.module, self.name, self.original)


def run(home: Path, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["--home", str(home), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def build(folder: Path, notices: int, mail: MailServer, gateway: Gateway, batch: int) -> Path:
    home = folder / "home"
    claim = f"batch = {batch}\n" if batch else ""
    routes = f'[delivery]\n{claim}\n[delivery.routes]\nbulletin = ["email"]\ngreeting = ["sms"]\n[greetings]\ndays_before = 3\n'
    profile = channel_profile(folder, smtp_section(mail.port) + sms_section(gateway.url, "max_length = 200\n") + routes,
                              enable=("email", "sms", "bulletin", "greetings"))
    run(home, "init", "--profile", str(profile), "--org", "测试法院")
    roster = folder / "roster.csv"
    roster.write_text("姓名,层级,手机,电子邮箱\n" + "".join(
        f"代表{n:05d},区,139{n:08d},d{n}@deputies.test\n" for n in range(1, notices + 1)), encoding="utf-8")
    run(home, "deputy", "import", str(roster))
    body = folder / "b.md"
    body.write_text("# 工作信息\n\n本月收案 1,234 件，结案 1,100 件。\n", encoding="utf-8")
    run(home, "bulletin", "new", "--title", "本月工作情况", "--file", str(body), "--date", "2026-02-01")
    return home


def measure(label: str, command: list[str], home: Path, commands_module, channel_module, channel_fn: str) -> dict:
    delivery = Stopwatch(commands_module, "deliver_pending")
    channel = Stopwatch(channel_module, channel_fn)
    started = time.perf_counter()
    try:
        out = run(home, *command)
    finally:
        delivery.restore()
        channel.restore()
    total = time.perf_counter() - started
    sent = len(out["delivery"]["delivered"])
    bookkeeping = delivery.seconds - channel.seconds
    return {"label": label, "sent": sent, "total": total, "delivery": delivery.seconds, "channel": channel.seconds,
            "calls": channel.calls, "bookkeeping": bookkeeping, "posting": total - delivery.seconds}


def show(row: dict) -> None:
    n = max(row["sent"], 1)
    print(f"{row['label']}: {row['sent']} notices sent in {row['delivery']:.1f} s "
          f"({row['sent'] / row['delivery']:.0f} a second); posting them {row['posting']:.1f} s")
    print(f"  channel round trip (inside the send)   {row['channel'] / max(row['calls'], 1) * 1000:6.2f} ms per request "
          f"({row['calls']} requests)")
    print(f"  state bookkeeping (commits, reads)      {row['bookkeeping'] / n * 1000:6.2f} ms per notice")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=0,
                        help="notices claimed per commit ([delivery] batch); default: the kernel's default")
    parser.add_argument("--store", default="", help="a PostgreSQL URL (LIANLUO_STORE); default the TinyDB store")
    args = parser.parse_args()
    os.environ.setdefault("LIANLUO_USER", "bench")
    os.environ.pop("LIANLUO_STORE", None)
    if args.store:
        os.environ["LIANLUO_STORE"] = args.store
    with tempfile.TemporaryDirectory() as tmp, MailServer() as mail, Gateway() as gateway:
        folder = Path(tmp)
        os.environ["LIANLUO_HOME"] = str(folder / "default-home")
        home = build(folder, args.notices, mail, gateway, args.batch)
        email = measure("e-mail (bulletin)", ["bulletin", "send", "1", "--date", "2026-02-01"], home,
                        bulletin_commands, smtp, "send")
        assert len(mail.received) == args.notices
        run(home, "tick", "--today", "2026-02-12")  # drafts the Spring Festival greeting
        sms = measure("SMS (greeting)", ["greeting", "confirm", "1", "--date", "2026-02-12"], home,
                      greeting_commands, sms_gateway, "send")
        assert len(gateway.requests) == args.notices
    print(f"delivery through the channels into loopback servers, {args.notices} notices each "
          f"({'PostgreSQL' if args.store else 'TinyDB'} store, "
          f"{args.batch or 'the default number of'} notice(s) claimed per commit)")
    show(email)
    show(sms)
    smtp_ms = email["channel"] / max(email["calls"], 1) * 1000
    worst = max(email["bookkeeping"] / max(email["sent"], 1), sms["bookkeeping"] / max(sms["sent"], 1)) * 1000
    print(f"target: bookkeeping ≤ the SMTP round trip: {worst:.2f} ms ≤ {smtp_ms:.2f} ms — "
          f"{'met' if worst <= smtp_ms else 'NOT met'}")


if __name__ == "__main__":
    main()
