"""Guarantee 4, delivery: through a channel plugin each notice is sent once. A failed send is retried at the next
tick (once per tick); a crash between the send and its record is never re-sent but counted as "uncertain"."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import filelock
from channels import LogChannel, sent
from fixtures import Clerk
from test_plugin_isolation import home_with

TESTS = Path(__file__).resolve().parent


def states(clerk: Clerk) -> dict[int, str]:
    return {n["id"]: n["state"] for n in clerk.json("notices")}


def test_a_failed_send_is_retried_at_the_next_tick_and_each_notice_goes_out_once(tmp_path):
    log = tmp_path / "gateway.jsonl"
    channel = LogChannel(log, fail=1)
    clerk = home_with(tmp_path, channel, name="channel")
    first = clerk.json("tick", "--today", "2026-06-18", expect=3)
    posted = [n["id"] for n in first["notices"]]
    assert len(posted) == 2  # the due notices for both items
    every = sorted(states(clerk))
    delivery = first["delivery"]
    assert delivery["channel"] is True and delivery["uncertain"] == 0
    assert [(f["id"], f["error"], f["attempts"]) for f in delivery["failed"]] == [
        (every[0], "ConnectionError: 短信网关无响应", 1)]
    assert delivery["delivered"] == every[1:]
    # each call found its notice already committed as "sending"
    assert [state for _, state in channel.calls] == ["sending"] * len(every)
    assert states(clerk)[every[0]] == "failed" and sent(log) == every[1:]
    listing = clerk.run("notices").stdout
    assert "［发送失败：ConnectionError: 短信网关无响应］" in listing

    text = clerk.run("tick", "--today", "2026-06-19").stdout
    assert "通知发送：成功 1 条，失败 0 条" in text
    assert set(states(clerk).values()) == {"delivered"}
    assert Counter(sent(log)) == Counter(every)  # each once
    again = clerk.json("tick", "--today", "2026-06-19")["delivery"]
    assert again["delivered"] == [] and again["failed"] == []
    assert sorted(sent(log)) == every
    assert {n["id"]: n["attempts"] for n in clerk.json("notices")} == {i: 2 if i == every[0] else 1 for i in every}


def test_a_failing_channel_is_tried_once_per_notice_per_tick(tmp_path):
    log = tmp_path / "gateway.jsonl"
    channel = LogChannel(log, fail=1000)
    clerk = home_with(tmp_path, channel, name="channel")
    out = clerk.run("tick", "--today", "2026-06-18", expect=3)
    every = sorted(states(clerk))
    assert sorted(i for i, _ in channel.calls) == every  # not twice in one tick
    assert "通知发送：成功 0 条，失败 {} 条".format(len(every)) in out.stdout
    assert "（第 1 次，下次运行重试）" in out.stdout
    clerk.run("tick", "--today", "2026-06-18", expect=3)
    assert {n["attempts"] for n in clerk.json("notices")} == {2}
    assert sent(log) == []


def test_a_crash_between_send_and_record_is_counted_as_uncertain_and_never_resent(tmp_path):
    """The channel logs its send and the process dies (os._exit) before the kernel records it: the next tick
    marks that notice "uncertain", counts it for a person to check, and sends only the others."""
    log = tmp_path / "gateway.jsonl"
    clerk = home_with(tmp_path, LogChannel(log), name="channel")
    died = subprocess.run([sys.executable, str(TESTS / "channels.py"), str(log), "die",
                           "--home", str(clerk.home), "tick", "--today", "2026-06-18"],
                          capture_output=True, text=True, timeout=120)
    assert died.returncode == 9, died.stderr
    first = sent(log)
    assert len(first) == 1
    every = sorted(states(clerk))
    assert len(every) >= 2 and states(clerk)[first[0]] == "sending"  # the tick itself was committed

    out = clerk.json("tick", "--today", "2026-06-18", expect=3)
    assert out["notices"] == []  # the tick's work was done; only delivery is left
    assert out["delivery"]["uncertain"] == 1
    assert sorted(out["delivery"]["delivered"]) == [i for i in every if i != first[0]]
    assert Counter(sent(log)) == Counter(every)  # the uncertain one went out exactly once
    assert states(clerk)[first[0]] == "uncertain"
    text = clerk.run("tick", "--today", "2026-06-19", expect=3).stdout
    assert "可能已发送但未确认：1 条，请人工核实" in text
    listed = clerk.json("notices", "--state", "uncertain")
    assert [n["id"] for n in listed] == first
    assert "可能已发送但未确认，请人工核实" in clerk.run("notices", "--state", "uncertain").stdout
    assert Counter(sent(log)) == Counter(every)


def test_a_crash_mid_batch_leaves_only_the_notice_in_flight_uncertain(tmp_path):
    """Six notices claimed in one commit (the default batch); the process dies just after the third send. The
    delivery journal gives the first two their outcome, the third (in flight) is uncertain, and the three whose
    turn had not come go back to pending and are sent at the next tick — each notice out exactly once."""
    log = tmp_path / "gateway.jsonl"
    clerk = home_with(tmp_path, LogChannel(log), name="channel")
    for title in ("丙", "丁", "戊", "己"):
        clerk.run("item", "register", "--kind", "suggestion", "--title", title, "--deputy", "1",
                  "--channel", "spot", "--date", "2026-06-15")
    died = subprocess.run([sys.executable, str(TESTS / "channels.py"), str(log), "die3",
                           "--home", str(clerk.home), "tick", "--today", "2026-06-18"],
                          capture_output=True, text=True, timeout=120)
    assert died.returncode == 9, died.stderr
    every = sorted(states(clerk))
    assert len(every) == 6 and set(states(clerk).values()) == {"sending"}  # one commit claimed them all
    first = sent(log)
    assert first == every[:3]

    out = clerk.json("tick", "--today", "2026-06-18", expect=3)["delivery"]
    assert out["uncertain"] == 1 and out["delivered"] == every[3:]
    assert states(clerk) == {**{i: "delivered" for i in every}, every[2]: "uncertain"}
    assert Counter(sent(log)) == Counter(every)  # none twice, the uncertain one included
    assert {n["id"]: n["attempts"] for n in clerk.json("notices")} == {i: 1 for i in every}
    assert not (clerk.home / ".lianluo.deliver.journal").read_bytes()  # folded and emptied


def test_a_send_that_runs_over_the_time_limit_is_uncertain_and_the_channel_skipped_for_the_run(tmp_path, monkeypatch):
    """The hanging send may have gone out: uncertain, never re-sent. The channel is not called again in that run
    (one time limit per tick, not one per notice); the notices it skipped are sent at the next tick."""
    monkeypatch.setenv("LIANLUO_HOOK_TIMEOUT", "1")
    log = tmp_path / "gateway.jsonl"
    channel = LogChannel(log, mode="hang")
    clerk = home_with(tmp_path, channel, name="channel")
    out = clerk.json("tick", "--today", "2026-06-18", expect=3)["delivery"]
    hung, *skipped = sorted(states(clerk))
    assert skipped and len(channel.calls) == 1
    assert out["uncertain"] == 1 and out["delivered"] == []
    assert [(f["id"], f["error"]) for f in out["failed"]] == [(i, "本次运行中已超时（1 秒），其余调用跳过") for i in skipped]
    assert clerk.json("notices", "--state", "uncertain")[0]["error"] == "超时（1 秒），可能已发送"
    channel.mode = "ok"
    again = clerk.json("tick", "--today", "2026-06-19", expect=3)["delivery"]
    assert again["delivered"] == skipped and again["uncertain"] == 1
    assert Counter(sent(log)) == Counter([hung, *skipped])


def test_a_home_without_a_channel_delivers_on_posting_as_before(liwan):
    liwan.run("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--channel", "spot",
              "--date", "2026-06-15")
    out = liwan.json("tick", "--today", "2026-06-18")
    assert out["notices"] and out["delivery"] == {"channel": False, "delivered": [], "failed": [], "uncertain": 0,
                                                  "stopped": ""}
    assert {(n["state"], n["attempts"]) for n in liwan.json("notices")} == {("delivered", 0)}
    text = liwan.run("tick", "--today", "2026-06-19").stdout
    assert "通知发送" not in text and "［" not in liwan.run("notices").stdout
    assert not (liwan.home / ".lianluo.deliver.lock").exists()
    assert liwan.json("notices", "--state", "pending") == []
    assert "--state" in liwan.fails("notices", "--state", "lost")


def test_two_processes_ticking_at_once_send_each_notice_once(tmp_path):
    """Both ticks deliver under one lock in turn: the second finds nothing left to send."""
    log = tmp_path / "gateway.jsonl"
    clerk = home_with(tmp_path, LogChannel(log), name="channel")
    command = [sys.executable, str(TESTS / "channels.py"), str(log), "ok", "--home", str(clerk.home),
               "tick", "--today", "2026-06-30", "--json"]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
        outs.append(json.loads(stdout)["delivery"])
    every = sorted(states(clerk))
    assert sorted(outs[0]["delivered"] + outs[1]["delivered"]) == every
    assert Counter(sent(log)) == Counter(every) and max(Counter(sent(log)).values()) == 1
    assert set(states(clerk).values()) == {"delivered"}


def test_a_tick_that_cannot_get_the_delivery_lock_leaves_its_notices_for_the_next(tmp_path, monkeypatch):
    log = tmp_path / "gateway.jsonl"
    clerk = home_with(tmp_path, LogChannel(log), name="channel")
    monkeypatch.setenv("LIANLUO_LOCK_TIMEOUT", "0.2")
    with filelock.FileLock(str(clerk.home / ".lianluo.deliver.lock")):  # another process delivering
        out = clerk.run("tick", "--today", "2026-06-18", expect=3)
    assert "发送未完成：另一进程正在发送通知；未发的通知下次运行时发送" in out.stdout
    assert set(states(clerk).values()) == {"pending"} and sent(log) == []
    assert clerk.json("tick", "--today", "2026-06-18")["delivery"]["delivered"] == sorted(states(clerk))
    assert set(states(clerk).values()) == {"delivered"}


def uncertain_home(tmp_path, monkeypatch) -> tuple[Clerk, Path, int]:
    """A home whose channel hung on one notice (now uncertain) and sent the rest at the next tick."""
    monkeypatch.setenv("LIANLUO_HOOK_TIMEOUT", "1")
    log = tmp_path / "gateway.jsonl"
    channel = LogChannel(log, mode="hang")
    clerk = home_with(tmp_path, channel, name="channel")
    clerk.json("tick", "--today", "2026-06-18", expect=3)
    channel.mode = "ok"
    clerk.json("tick", "--today", "2026-06-19", expect=3)
    return clerk, log, clerk.json("notices", "--state", "uncertain")[0]["id"]


def test_a_person_settles_an_uncertain_notice_to_be_sent_again(tmp_path, monkeypatch):
    """`notice settle ID --resend` sends it at the next tick, once. Who settled it and when is kept on the notice;
    a notice that needs no check, an unknown id or a missing choice is refused and nothing is written."""
    clerk, log, hung = uncertain_home(tmp_path, monkeypatch)
    delivered = next(i for i, s in states(clerk).items() if s == "delivered")

    before = clerk.data_bytes()
    refused = clerk.run("notice", "settle", str(delivered), "--sent", expect=1)
    assert f"第 {delivered} 号通知的发送状态是 delivered，不需要核实" in refused.stderr
    missing = clerk.run("notice", "settle", "999", "--sent", expect=2)
    assert "ID：通知 '999' 不存在" in missing.stderr
    neither = clerk.run("notice", "settle", str(hung), expect=2)
    assert "--sent/--resend" in neither.stderr
    assert clerk.data_bytes() == before

    done = clerk.run("--as", "王书记员", "notice", "settle", str(hung), "--resend", "--date", "2026-06-20").stdout
    assert f"第 {hung} 号通知：王书记员 2026-06-20 重新发送（原状态 uncertain）" in done
    out = clerk.json("tick", "--today", "2026-06-20")["delivery"]
    assert out["delivered"] == [hung] and out["uncertain"] == 0
    assert Counter(sent(log))[hung] == 2  # the hung call had in fact gone out; a person chose to send it again
    assert clerk.json("tick", "--today", "2026-06-21")["delivery"]["delivered"] == []  # and only once more
    assert "［王书记员 2026-06-20 重新发送（原状态 uncertain）］" in clerk.run("notices").stdout


def test_a_person_confirms_an_uncertain_notice_was_sent(tmp_path, monkeypatch):
    """`--sent` after checking with the recipient: delivered, no longer counted, never sent again."""
    clerk, log, hung = uncertain_home(tmp_path, monkeypatch)
    clerk.run("--as", "李书记员", "notice", "settle", str(hung), "--sent", "--date", "2026-06-20")
    assert states(clerk)[hung] == "delivered"
    text = clerk.run("tick", "--today", "2026-06-20").stdout
    assert "可能已发送但未确认" not in text
    assert Counter(sent(log))[hung] == 1
    assert clerk.json("notices")[[n["id"] for n in clerk.json("notices")].index(hung)]["checked"] == (
        "李书记员 2026-06-20 核实已发送（原状态 uncertain）")
