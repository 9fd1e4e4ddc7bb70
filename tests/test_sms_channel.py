"""The SMS channel against a real HTTP gateway on loopback: the request in the configured shape (JSON body or
form fields), the gateway's message id kept, 4xx and 5xx failed and retried at the next tick, a timeout
"uncertain" and never re-sent, long texts split or refused, the per-minute rate kept, and delivery receipts
recorded once however often the gateway repeats them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from fixtures import Clerk
from servers import Gateway, channel_profile, sms_section

ROUTES = '[delivery.routes]\ndue = ["sms"]\n'
MOBILE = "13812345678"


def sms_home(tmp_path, url: str, extra: str = "", items: int = 2) -> Clerk:
    """A Liwan home texting reminders: 李庭长 (the handler) has a mobile; `items` spot suggestions due 06-18."""
    clerk = Clerk(tmp_path / "home")
    profile = channel_profile(tmp_path, sms_section(url, extra) + ROUTES, enable=("sms",))
    clerk.run("init", "--profile", str(profile), "--head", "周院长")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("staff", "add", "李庭长", "--mobile", MOBILE)
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    for n in range(1, items + 1):
        clerk.run("item", "register", "--kind", "suggestion", "--title", f"建议{n}", "--deputy", "1",
                  "--channel", "spot", "--date", "2026-06-15")
        clerk.run("item", "assign", str(n), "--lead", "立案庭", "--date", "2026-06-15")
    return clerk


def states(clerk: Clerk) -> dict[int, str]:
    return {n["id"]: n["state"] for n in clerk.json("notices")}


def test_a_json_gateway_gets_number_text_sign_and_key_and_its_message_id_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("LIANLUO_SMS_KEY", "k-123")
    with Gateway() as gateway:
        clerk = sms_home(tmp_path, gateway.url, 'max_length = 200\nkey_header = "X-Api-Key"\n'
                                                 'fixed = { sign = "【荔湾法院】", account = "court01" }\n')
        out = clerk.json("tick", "--today", "2026-06-18")
        notices = clerk.json("notices")
        assert sorted(out["delivery"]["delivered"]) == [n["id"] for n in notices]
        assert [(n["channel"], n["ref"]) for n in notices] == [("sms", "M1"), ("sms", "M2")]
        assert gateway.texts() == [(MOBILE, n["text"]) for n in notices]
        assert {(r["sign"], r["account"], r["_headers"]["X-Api-Key"]) for r in gateway.requests} == {
            ("【荔湾法院】", "court01", "k-123")}
        assert MOBILE not in clerk.run("notices").stdout + clerk.run("staff", "list").stdout
        clerk.json("tick", "--today", "2026-06-18")
        assert len(gateway.requests) == 2


def test_a_form_gateway_with_its_own_field_names(tmp_path):
    with Gateway() as gateway:
        clerk = sms_home(tmp_path, gateway.url, 'max_length = 200\n', items=1)
        profile = (clerk.home / "profile.toml").read_text(encoding="utf-8")
        (clerk.home / "profile.toml").write_text(profile.replace('format = "json"', 'format = "form"').replace(
            'number_field = "mobile"', 'number_field = "phones"').replace('text_field = "content"', 'text_field = "msg"'),
            encoding="utf-8")
        clerk.json("tick", "--today", "2026-06-18")
        assert [(r["phones"], r["msg"]) for r in gateway.requests] == [(MOBILE, clerk.json("notices")[0]["text"])]
        assert "x-www-form-urlencoded" in gateway.requests[0]["_headers"]["Content-Type"]


def test_4xx_and_5xx_fail_and_the_next_tick_sends_each_once(tmp_path):
    with Gateway(mode="4xx") as gateway:
        clerk = sms_home(tmp_path, gateway.url, 'max_length = 200\n')
        out = clerk.json("tick", "--today", "2026-06-18", expect=3)["delivery"]
        assert [f["error"] for f in out["failed"]] == ["RuntimeError: 短信网关拒绝（HTTP 400）"] * 2
        gateway.mode = "5xx"
        out = clerk.json("tick", "--today", "2026-06-19", expect=3)["delivery"]
        assert [f["error"] for f in out["failed"]] == ["RuntimeError: 短信网关拒绝（HTTP 503）"] * 2
        gateway.mode = "no"
        out = clerk.json("tick", "--today", "2026-06-20", expect=3)["delivery"]
        assert [f["error"] for f in out["failed"]] == ["RuntimeError: 短信网关未受理（code=1）"] * 2
        gateway.requests.clear()
        gateway.mode = "ok"
        assert len(clerk.json("tick", "--today", "2026-06-21")["delivery"]["delivered"]) == 2
        clerk.json("tick", "--today", "2026-06-21")
        assert len(gateway.requests) == 2 and set(states(clerk).values()) == {"delivered"}


def test_a_gateway_that_times_out_makes_the_text_uncertain_and_it_is_never_resent(tmp_path):
    with Gateway(mode="slow", delay=2.5) as gateway:
        clerk = sms_home(tmp_path, gateway.url, 'max_length = 200\n', items=1)
        out = clerk.json("tick", "--today", "2026-06-18", expect=3)["delivery"]
        assert out["uncertain"] == 1 and len(gateway.requests) == 1
        assert clerk.json("notices")[0]["error"] == "短信网关在应答前超时，可能已发送"
        gateway.mode = "ok"
        clerk.json("tick", "--today", "2026-06-19", expect=3)
        assert len(gateway.requests) == 1


def test_a_long_text_is_split_into_numbered_parts_or_refused(tmp_path):
    with Gateway() as gateway:
        clerk = sms_home(tmp_path, gateway.url, 'max_length = 40\n', items=1)
        clerk.json("tick", "--today", "2026-06-18")
        notice = clerk.json("notices")[0]
        parts = [text for _, text in gateway.texts()]
        assert len(parts) == -(-len(notice["text"]) // 35) and all(len(p) <= 40 for p in parts)
        assert parts[0].startswith(f"（1/{len(parts)}）") and "".join(p.split("）", 1)[1] for p in parts) == notice["text"]
        assert notice["ref"] == ",".join(f"M{n}" for n in range(1, len(parts) + 1))
    (tmp_path / "refuse").mkdir()
    with Gateway() as gateway:
        clerk = sms_home(tmp_path / "refuse", gateway.url, 'max_length = 40\nlong = "refuse"\n', items=1)
        failed = clerk.json("tick", "--today", "2026-06-18", expect=3)["delivery"]["failed"]
        assert "超过 40 字的上限，未发送" in failed[0]["error"] and gateway.requests == []


def request_times(gateway) -> list[float]:
    """The moments the gateway receives each request (filled in as they come)."""
    stamps: list[float] = []
    original = gateway.server.RequestHandlerClass.do_POST

    def timed(handler):
        stamps.append(time.monotonic())
        original(handler)

    gateway.server.RequestHandlerClass.do_POST = timed
    return stamps


def test_the_per_minute_rate_spaces_the_requests(tmp_path):
    with Gateway() as gateway:
        clerk = sms_home(tmp_path, gateway.url, 'max_length = 200\nper_minute = 120\n', items=3)
        stamps = request_times(gateway)
        clerk.json("tick", "--today", "2026-06-18")
        gaps = [b - a for a, b in zip(stamps, stamps[1:])]
        assert len(stamps) == 3 and min(gaps) >= 0.45  # 120 a minute: one every half second


def test_the_rate_holds_across_processes_sharing_the_home(tmp_path):
    """Two `lianluo tick` processes one right after the other on one home (20 a minute: one text every 3 s): the
    second process's first text waits for the first process's last — the rate is the home's, not a process's."""
    with Gateway() as gateway:
        clerk = sms_home(tmp_path, gateway.url, 'max_length = 200\nper_minute = 20\n', items=2)
        stamps = request_times(gateway)
        env = {**os.environ, "LIANLUO_USER": "测试"}
        tick = [str(Path(sys.executable).parent / "lianluo"), "--home", str(clerk.home), "tick", "--today", "2026-06-18",
                "--json"]
        first = subprocess.run(tick, env=env, capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stderr
        clerk.run("item", "register", "--kind", "suggestion", "--title", "建议3", "--deputy", "1",
                  "--channel", "spot", "--date", "2026-06-15")
        clerk.run("item", "assign", "3", "--lead", "立案庭", "--date", "2026-06-15")
        second = subprocess.run(tick, env=env, capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stderr
        assert len(json.loads(second.stdout)["delivery"]["delivered"]) == 1
        gaps = [b - a for a, b in zip(stamps, stamps[1:])]
        assert len(stamps) == 3 and min(gaps) >= 2.9, gaps


def test_delivery_receipts_are_recorded_once_each(tmp_path):
    with Gateway() as gateway:
        clerk = sms_home(tmp_path, gateway.url, 'max_length = 200\n')
        clerk.json("tick", "--today", "2026-06-18")
        gateway.receipts = [{"msgid": "M1", "status": "DELIVRD"}, {"msgid": "M1", "status": "DELIVRD"},
                            {"msgid": "M2", "status": "UNDELIV"}]
        first = clerk.json("sms", "receipts")
        ids = sorted(states(clerk))
        assert [(r["notice"], r["msgid"], r["status"]) for r in first["recorded"]] == [
            (ids[0], "M1", "DELIVRD"), (ids[1], "M2", "UNDELIV")]
        assert first["repeats"] == 1
        again = clerk.run("sms", "receipts").stdout
        assert "新回执 0 条，重复回执 3 条（已忽略）" in again
