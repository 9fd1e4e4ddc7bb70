"""Holiday greetings: before each statutory holiday (chinesecalendar) the tick drafts the greeting and tells the
liaison office; once confirmed it is texted to every deputy who has not opted out — never twice per holiday."""

from __future__ import annotations

from fixtures import Clerk
from servers import Gateway, channel_profile, sms_section

ROUTES = '[delivery.routes]\ngreeting = ["sms"]\n\n[greetings]\ndays_before = 3\n'


def test_a_greeting_is_drafted_before_the_spring_festival_confirmed_and_texted_once(tmp_path):
    with Gateway() as gateway:
        clerk = Clerk(tmp_path / "home")
        profile = channel_profile(tmp_path, sms_section(gateway.url) + ROUTES, enable=("sms", "greetings"))
        clerk.run("init", "--profile", str(profile), "--org", "广州市荔湾区人民法院", "--head", "周院长")
        clerk.run("deputy", "add", "--name", "陈明", "--level", "district", "--mobile", "13812345678")
        clerk.run("deputy", "add", "--name", "林华", "--level", "district", "--mobile", "13900001111")
        clerk.run("deputy", "add", "--name", "王强", "--level", "district", "--mobile", "13700002222")
        clerk.run("deputy", "opt-out", "3", "--kind", "greeting")
        clerk.json("tick", "--today", "2026-02-01")
        assert clerk.json("greeting", "list") == []
        # 2026 Spring Festival holiday starts 02-15: the draft comes on 02-12 (a late tick catches it up)
        out = clerk.json("tick", "--today", "2026-02-13")
        drafted = [n for n in out["notices"] if "【节日问候待确认】春节" in n["text"]]
        assert len(drafted) == 1 and drafted[0]["to"] == "联络办"
        assert "lianluo greeting confirm 1" in drafted[0]["text"]
        assert clerk.json("tick", "--today", "2026-02-14")["notices"] == []
        listed = clerk.json("greeting", "list")
        assert [(g["name"], g["first"], g["state"]) for g in listed] == [("春节", "2026-02-15", "draft")]
        assert "广州市荔湾区人民法院向您和家人致以节日的问候" in listed[0]["text"]
        assert gateway.requests == []  # nothing goes out before the office confirms

        done = clerk.json("greeting", "confirm", "1", "--date", "2026-02-14")
        assert done["posted"] == 2 and done["declined"] == ["王强"]
        assert sorted(m for m, _ in gateway.texts()) == ["13812345678", "13900001111"]
        assert "不会再发" in clerk.run("greeting", "confirm", "1", expect=1).stderr
        clerk.json("tick", "--today", "2026-02-20")
        assert len(gateway.requests) == 2
        # the next holiday (清明 is not in the default list; 劳动节 05-01) is drafted on its own eve
        may = clerk.json("tick", "--today", "2026-04-28")["notices"]
        assert [n["text"][:12] for n in may if "节日问候" in n["text"]] == ["【节日问候待确认】劳动节"]
