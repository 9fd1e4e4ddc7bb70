"""Who gets what: addresses in the roster and the staff list, per-type routing in the profile (one notice per
channel, each sent once), and the outbox as the channel when none is configured."""

from __future__ import annotations

from fixtures import Clerk
from servers import Gateway, MailServer, channel_profile, sms_section, smtp_section


def test_a_reminder_routed_to_sms_and_email_goes_once_through_each(tmp_path):
    with MailServer() as mail, Gateway() as gateway:
        clerk = Clerk(tmp_path / "home")
        routes = '[delivery]\ndefault = ["email"]\n\n[delivery.routes]\ndue = ["sms", "email"]\n'
        profile = channel_profile(tmp_path, smtp_section(mail.port) + sms_section(gateway.url, "max_length = 200\n")
                                  + routes)
        clerk.run("init", "--profile", str(profile), "--head", "周院长")
        clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
        clerk.run("staff", "add", "李庭长", "--email", "li@court.test", "--mobile", "138 1234 5678")
        clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
        clerk.run("item", "register", "--kind", "suggestion", "--title", "关于诉讼服务的建议", "--deputy", "1",
                  "--channel", "spot", "--date", "2026-06-15")
        clerk.run("item", "assign", "1", "--lead", "立案庭", "--date", "2026-06-15")
        clerk.json("tick", "--today", "2026-06-18")
        posted = clerk.json("notices")
        assert [(n["type"], n["route"]) for n in posted] == [("due", "sms"), ("due", "email")]
        assert [n["key"].rsplit("@", 1)[1] for n in posted] == ["sms", "email"]
        assert gateway.texts() == [("13812345678", posted[0]["text"])]
        assert mail.to() == ["li@court.test"]
        assert {(n["channel"], n["state"]) for n in clerk.json("notices")} == {("sms", "delivered"),
                                                                               ("email", "delivered")}
        clerk.json("tick", "--today", "2026-06-18")
        assert len(gateway.requests) == 1 and len(mail.received) == 1
        # chases fall back to the default route (e-mail only)
        clerk.json("tick", "--today", "2026-06-22")
        chase = clerk.json("notices", "--since", "2026-06-22")
        assert [(n["type"], n["route"]) for n in chase] == [("chase", "email")] and len(gateway.requests) == 1
        assert len(mail.received) == 2


def test_without_a_channel_the_outbox_is_the_channel(liwan):
    liwan.run("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "spot",
              "--date", "2026-06-15")
    out = liwan.json("tick", "--today", "2026-06-18")
    assert out["delivery"]["channel"] is False
    assert {(n["state"], n["channel"], n["route"]) for n in liwan.json("notices")} == {("delivered", "", "")}


def test_roster_and_staff_hold_mobiles_and_emails_shown_masked(liwan, tmp_path):
    roster = tmp_path / "名册.csv"
    roster.write_text("姓名,层级,手机,邮箱\n张代表,区,139 0000 1111,zhang@example.cn\n王代表,区,,\n",
                      encoding="utf-8")
    liwan.run("deputy", "import", str(roster))
    shown = {d["name"]: d for d in liwan.json("deputy", "list")}
    assert (shown["张代表"]["mobile"], shown["张代表"]["email"]) == ("139****1111", "z***@example.cn")
    assert "139****1111" in liwan.run("deputy", "show", str(shown["张代表"]["id"])).stdout
    bad = tmp_path / "坏名册.csv"
    bad.write_text("姓名,层级,手机,电子邮箱\n李代表,区,12345,li-at-example\n", encoding="utf-8")
    out = liwan.run("deputy", "import", str(bad), expect=2)
    assert "[手机]：手机号应为 11 位手机号码" in out.stdout + out.stderr
    assert "[电子邮箱]：电子邮箱格式不对" in out.stdout + out.stderr
    assert "手机号应为 11 位" in liwan.fails("staff", "add", "李庭长", "--mobile", "12345")
    liwan.run("staff", "add", "李庭长", "--mobile", "13812345678", "--email", "li@court.test", "--dept", "立案庭")
    assert "138****5678" in liwan.run("staff", "list").stdout and "13812345678" not in liwan.run("staff", "list").stdout


def test_a_deputy_opts_out_of_a_kind_of_message_and_back(liwan):
    liwan.run("deputy", "opt-out", "1", "--kind", "bulletin", "--kind", "greeting")
    assert liwan.json("deputy", "show", "1")["opt_out"] == ["bulletin", "greeting"]
    assert "不接收：bulletin、greeting" in liwan.run("deputy", "show", "1").stdout
    liwan.run("deputy", "opt-out", "1", "--kind", "greeting", "--undo")
    assert liwan.json("deputy", "show", "1")["opt_out"] == ["bulletin"]
    assert "DEPUTY_ID" in liwan.fails("deputy", "opt-out", "99", "--kind", "bulletin")
