"""`lianluo demo --channels`: the demo's notices, monthly bulletins, holiday greetings and yearly letters go out
through the real e-mail and SMS channels into the loopback servers the demo starts; the summary's counts equal
what the servers received, and no notice went out twice. Two months (`--months 2`: January's session, the
Spring Festival greeting, two bulletins) keep it short."""

from __future__ import annotations

import email
import email.policy
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from fixtures import Clerk

import lianluo.plugins.demo as demo_package
from lianluo.kernel import mask_text
from lianluo.plugins.demo.summary import lines


@pytest.fixture(scope="module")
def channel_demo(tmp_path_factory):
    clerk = Clerk(tmp_path_factory.mktemp("demo-channels") / "home")
    return clerk, clerk.json("demo", "--channels", "--months", "2")


def test_the_summary_counts_what_the_servers_received_and_nothing_twice(channel_demo):
    clerk, summary = channel_demo
    sent = summary["channels"]
    notices = clerk.json("notices")
    assert sent["failed"] == sent["uncertain"] == sent["unsent"] == 0
    assert {n["state"] for n in notices} == {"delivered"}
    mails = sorted(Path(sent["mail_folder"]).glob("*.eml"))
    by_email = [n for n in notices if n["channel"] == "email"]
    assert sent["email"] == len(by_email) == len(mails) == sent["mails_received"] > 0
    ids = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)["Message-ID"] for p in mails]
    assert len(set(ids)) == len(ids)  # no message twice
    # each e-mail notice's message, once (the listing masks digit runs that look like numbers, as everywhere)
    assert sorted(mask_text(i) for i in ids) == sorted(n["ref"] for n in by_email)
    texts = [json.loads(line) for line in Path(sent["sms_log"]).read_text(encoding="utf-8").splitlines()]
    by_sms = [n for n in notices if n["channel"] == "sms"]
    assert sent["sms"] == len(by_sms) > 0 and sent["texts_received"] == len(texts) >= len(by_sms)
    refs = [msgid for n in by_sms for msgid in n["ref"].split(",")]  # a long text goes as numbered parts
    assert Counter(refs) == Counter(t["msgid"] for t in texts)  # every text belongs to one notice, once
    assert sent["outbox"] == sum(1 for n in notices if not n["channel"])
    assert len({n["key"] for n in notices}) == len(notices)


def test_bulletins_greetings_and_letters_went_by_their_routes(channel_demo):
    clerk, summary = channel_demo
    kinds = summary["channels"]["kinds"]
    deputies = len(clerk.json("deputy", "list"))
    assert kinds["email"]["bulletin"] == 2 * deputies and kinds["email"]["letter"] == deputies
    assert kinds["sms"]["greeting"] == deputies
    assert kinds["sms"]["due-soon"] > 0 and kinds["email"]["due-soon"] > 0  # staff reminders by both
    issues = clerk.json("bulletin", "list")
    assert [i["issue"] for i in issues] == ["2026年第1期", "2026年第2期"]
    assert all(i["states"] == {"已发送": deputies} for i in issues), issues
    greetings = clerk.json("greeting", "list")
    assert [(g["name"], g["state"]) for g in greetings] == [("春节", "confirmed")]
    assert len(list((clerk.home / "年度通报函").glob("*.docx"))) == deputies
    printed = "\n".join(lines(summary))
    assert f"电子邮件 {summary['channels']['email']} 封，短信 {summary['channels']['sms']} 条" in printed
    assert "发送失败或待核实 0 条" in printed and "演示发送记录/邮件" in printed


def test_without_aiosmtpd_the_option_says_so_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "aiosmtpd.controller", None)  # import fails as if not installed
    monkeypatch.delitem(sys.modules, "lianluo.plugins.demo.servers", raising=False)
    monkeypatch.delattr(demo_package, "servers", raising=False)
    clerk = Clerk(tmp_path / "home")
    out = clerk.run("demo", "--channels", expect=2)
    assert "--channels" in out.stderr and "aiosmtpd" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").iterdir())
