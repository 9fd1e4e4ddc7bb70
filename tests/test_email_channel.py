"""The e-mail channel against a real SMTP server on loopback (aiosmtpd): each notice a proper UTF-8 MIME message
with a Chinese subject, delivered through the `deliver` hook so the kernel's guarantees hold — a refusal or a
server that is down fails and is retried at the next tick, a connection dropped mid-message is "uncertain" and
never re-sent, and nothing goes out twice. Secrets come from the environment or a 0600 file, never the profile."""

from __future__ import annotations

import os
from collections import Counter
from email.header import decode_header, make_header

import pytest

from fixtures import Clerk
from servers import MailServer, channel_profile, free_port, self_signed, smtp_section

ROUTES = '[delivery.routes]\ndue = ["email"]\nchase = ["email"]\n'


def mail_home(tmp_path, port: int, security: str = "none", extra: str = "") -> Clerk:
    """A Liwan home sending by e-mail: 李庭长 (the handler) has an address; two spot suggestions due 06-18."""
    clerk = Clerk(tmp_path / "home")
    profile = channel_profile(tmp_path, smtp_section(port, security, extra) + ROUTES, enable=("email",))
    clerk.run("init", "--profile", str(profile), "--head", "周院长")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("staff", "add", "李庭长", "--email", "li@court.test", "--mobile", "13812345678")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    for title in ("关于优化诉讼服务中心导诉的建议", "关于加强执行工作的建议"):
        clerk.run("item", "register", "--kind", "suggestion", "--title", title, "--deputy", "1",
                  "--channel", "spot", "--date", "2026-06-15")
        clerk.run("item", "assign", str(len(clerk.json("item", "list"))), "--lead", "立案庭", "--date", "2026-06-15")
    return clerk


def states(clerk: Clerk) -> dict[int, str]:
    return {n["id"]: n["state"] for n in clerk.json("notices")}


def subject(msg) -> str:
    return str(make_header(decode_header(msg["Subject"])))


def test_each_notice_is_a_utf8_mime_message_with_a_chinese_subject_sent_once(tmp_path):
    with MailServer() as server:
        clerk = mail_home(tmp_path, server.port)
        out = clerk.json("tick", "--today", "2026-06-18")
        notices = clerk.json("notices")
        assert len(notices) == 2 and out["delivery"]["delivered"] == [n["id"] for n in notices]
        assert {(n["state"], n["channel"], n["route"]) for n in notices} == {("delivered", "email", "email")}
        assert server.to() == ["li@court.test"] * 2
        for notice, msg in zip(notices, server.received):
            assert subject(msg).startswith("【今日到期】建议、批评和意见第")
            assert "荔湾区人民法院" in str(make_header(decode_header(msg["From"])))
            assert str(make_header(decode_header(msg["To"]))) == "李庭长 <li@court.test>"
            assert msg.get_content_type() == "text/plain" and msg.get_content_charset() == "utf-8"
            assert msg.get_content().strip() == notice["text"]
            assert msg["Message-ID"] == notice["ref"]
        assert clerk.json("tick", "--today", "2026-06-18")["delivery"]["delivered"] == []
        assert len(server.received) == 2


def test_a_server_that_refuses_fails_the_notice_and_the_next_tick_sends_it_once(tmp_path):
    with MailServer(mode="refuse") as server:
        clerk = mail_home(tmp_path, server.port)
        out = clerk.json("tick", "--today", "2026-06-18", expect=3)["delivery"]
        assert [f["error"] for f in out["failed"]] == ["RuntimeError: 邮件服务器拒收收件人（RCPT 550 5.1.1 mailbox unavailable）"] * 2
        assert set(states(clerk).values()) == {"failed"} and server.received == []
        server.mode = "ok"
        again = clerk.json("tick", "--today", "2026-06-19", expect=0)["delivery"]
        assert sorted(again["delivered"]) == sorted(states(clerk)) and len(server.received) == 2
        clerk.json("tick", "--today", "2026-06-19")
        assert len(server.received) == 2


def test_a_connection_dropped_mid_message_is_uncertain_and_never_resent(tmp_path):
    """The server took the message but closed the connection before answering: it may have gone out."""
    with MailServer(mode="drop") as server:
        clerk = mail_home(tmp_path, server.port)
        out = clerk.json("tick", "--today", "2026-06-18", expect=3)["delivery"]
        assert out["uncertain"] == 2 and out["delivered"] == []
        assert set(states(clerk).values()) == {"uncertain"}
        errors = {n["error"] for n in clerk.json("notices")}
        assert errors == {"邮件已交给服务器，但连接在确认前中断（SMTPServerDisconnected），可能已发送"}
        assert len(server.received) == 2
        server.mode = "ok"
        text = clerk.run("tick", "--today", "2026-06-19", expect=3).stdout
        assert "可能已发送但未确认：2 条，请人工核实" in text
        assert len(server.received) == 2  # never re-sent by the program
        settled = sorted(states(clerk))[0]
        clerk.run("notice", "settle", str(settled), "--resend", "--date", "2026-06-19")
        assert clerk.json("tick", "--today", "2026-06-20", expect=3)["delivery"]["delivered"] == [settled]
        assert len(server.received) == 3


def test_a_server_that_is_down_fails_and_the_notices_go_when_it_is_back(tmp_path):
    port = free_port()
    clerk = mail_home(tmp_path, port)
    out = clerk.json("tick", "--today", "2026-06-18", expect=3)["delivery"]
    assert [f["error"] for f in out["failed"]] == [
        f"RuntimeError: 无法连接邮件服务器 127.0.0.1:{port}（ConnectionRefusedError）"] * 2
    assert "（第 2 次，下次运行重试）" in clerk.run("tick", "--today", "2026-06-18", expect=3).stdout
    with MailServer(port=port) as server:
        again = clerk.json("tick", "--today", "2026-06-19")["delivery"]
        assert sorted(again["delivered"]) == sorted(states(clerk))
        assert Counter(m["X-Lianluo-Notice"] for m in server.received) == Counter(str(i) for i in states(clerk))
        assert {n["attempts"] for n in clerk.json("notices")} == {3}


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_starttls_or_ssl_with_a_login_whose_password_comes_from_the_environment(tmp_path, monkeypatch, security):
    """The password is read from LIANLUO_SMTP_PASSWORD and never appears in any output."""
    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("LIANLUO_SMTP_PASSWORD", "s3cret-pw")
    server = MailServer(tls=cert_key if (cert_key := (cert, key)) and security == "starttls" else None,
                        login=("lianluo", "s3cret-pw"))
    if security == "ssl":  # the whole connection is TLS: aiosmtpd's controller wraps it
        import ssl

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert), str(key))
        server.controller.ssl_context = context
        server.controller.SMTP_kwargs["auth_require_tls"] = False
    with server:
        clerk = mail_home(tmp_path, server.port, security, f'username = "lianluo"\nca_file = "{cert}"\n')
        printed = clerk.run("tick", "--today", "2026-06-18").stdout + clerk.run("notices").stdout
        assert len(server.received) == 2 and server.logins == ["lianluo"]
        monkeypatch.setenv("LIANLUO_SMTP_PASSWORD", "wrong")
        clerk.run("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "spot",
                  "--date", "2026-06-18")
        clerk.run("item", "assign", "3", "--lead", "立案庭", "--date", "2026-06-18")
        failed = clerk.json("tick", "--today", "2026-06-23", expect=3)["delivery"]["failed"]
        assert failed and all("邮件服务器拒绝登录（535）" in f["error"] for f in failed)
        assert "s3cret" not in printed + str(failed)


def test_a_password_in_the_profile_is_refused_and_a_password_file_must_be_0600(tmp_path, monkeypatch):
    clerk = Clerk(tmp_path / "home")
    inline = channel_profile(tmp_path, smtp_section(25, extra='password = "hunter2"\n'), enable=("email",))
    line = clerk.fails("init", "--profile", str(inline))
    assert "email.password 不能写在配置文件中" in line and "hunter2" not in line
    assert not clerk.home.exists()
    secret = tmp_path / "smtp.secret"
    secret.write_text("hunter2\n", encoding="utf-8")
    secret.chmod(0o644)
    loose = channel_profile(tmp_path, smtp_section(25, extra=f'password_file = "{secret}"\n'), enable=("email",))
    line = clerk.fails("init", "--profile", str(loose))
    assert "email.password_file" in line and "应为 600" in line and "hunter2" not in line
    secret.chmod(0o600)
    clerk.run("init", "--profile", str(loose))
    assert oct(os.stat(secret).st_mode & 0o777) == "0o600"


def test_a_batch_of_notices_claimed_per_commit_still_sends_each_once(tmp_path):
    """`[delivery] batch = 3`: fewer commits, the same outcome."""
    with MailServer() as server:
        clerk = mail_home(tmp_path, server.port)
        profile = (clerk.home / "profile.toml").read_text(encoding="utf-8")
        (clerk.home / "profile.toml").write_text(profile.replace("[delivery.routes]", "[delivery]\nbatch = 3\n\n"
                                                                 "[delivery.routes]"), encoding="utf-8")
        clerk.run("item", "register", "--kind", "suggestion", "--title", "三", "--deputy", "1", "--channel", "spot",
                  "--date", "2026-06-15")
        clerk.run("item", "assign", "3", "--lead", "立案庭", "--date", "2026-06-15")
        out = clerk.json("tick", "--today", "2026-06-18")["delivery"]
        assert sorted(out["delivered"]) == sorted(states(clerk)) and len(server.received) == 3
        assert clerk.json("tick", "--today", "2026-06-18")["delivery"]["delivered"] == [] and len(server.received) == 3
