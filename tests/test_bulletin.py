"""Bulletins (工作信息): numbered issues from Markdown or DOCX, sent by e-mail to every deputy who has not opted
out, each deputy's copy with its own delivery state; a send killed at random points and run again leaves no
deputy with two copies and names every one that may or may not have gone out."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections import Counter

import docx

from fixtures import Clerk
from servers import MailServer, channel_profile, smtp_section

ROUTES = '[delivery.routes]\nbulletin = ["email"]\n'
MARKDOWN = "# 一季度审判执行工作\n\n**收案** 1,234 件，结案 1,100 件。\n\n- 诉讼服务中心启用\n- 执行攻坚\n"


def bulletin_home(tmp_path, port: int, deputies: int) -> Clerk:
    clerk = Clerk(tmp_path / "home")
    profile = channel_profile(tmp_path, smtp_section(port) + ROUTES, enable=("email", "bulletin"))
    clerk.run("init", "--profile", str(profile), "--org", "广州市荔湾区人民法院", "--head", "周院长")
    roster = tmp_path / "名册.csv"
    roster.write_text("姓名,层级,电子邮箱\n" + "".join(f"代表{n:03d},区,d{n}@deputies.test\n" for n in range(1, deputies + 1)),
                      encoding="utf-8")
    clerk.run("deputy", "import", str(roster))
    return clerk


def test_issues_are_numbered_from_markdown_or_docx_and_bad_files_refused(tmp_path):
    with MailServer() as server:
        clerk = bulletin_home(tmp_path, server.port, 1)
        md = tmp_path / "一季度.md"
        md.write_text(MARKDOWN, encoding="utf-8")
        first = clerk.json("bulletin", "new", "--title", "一季度工作情况", "--file", str(md), "--date", "2026-04-10")
        word = tmp_path / "二季度.docx"
        document = docx.Document()
        document.add_paragraph("二季度收案 1,300 件。")
        document.save(str(word))
        second = clerk.run("bulletin", "new", "--title", "二季度工作情况", "--file", str(word), "--date", "2026-07-10")
        assert first["number"] == 1 and "2026年第2期《二季度工作情况》" in second.stdout
        assert "--file" in clerk.fails("bulletin", "new", "--title", "T", "--file", str(tmp_path / "none.md"))
        (tmp_path / "x.pdf").write_bytes(b"%PDF")
        assert "应为 .md 或 .docx" in clerk.fails("bulletin", "new", "--title", "T", "--file", str(tmp_path / "x.pdf"))
        listed = clerk.run("bulletin", "list").stdout
        assert "2026年第1期《一季度工作情况》 2026-04-10 未发送" in listed


def test_an_issue_goes_once_to_every_deputy_who_has_not_opted_out(tmp_path):
    with MailServer() as server:
        clerk = bulletin_home(tmp_path, server.port, 4)
        clerk.run("deputy", "add", "--name", "无邮箱代表", "--level", "district")
        clerk.run("deputy", "opt-out", "2", "--kind", "bulletin")
        md = tmp_path / "b.md"
        md.write_text(MARKDOWN, encoding="utf-8")
        clerk.run("bulletin", "new", "--title", "一季度工作情况", "--file", str(md), "--date", "2026-04-10")
        out = clerk.json("bulletin", "send", "1", "--date", "2026-04-10")
        assert out["posted"] == 4 and out["declined"] == ["代表002"]
        assert out["states"] == {"已发送": 3, "无可用渠道，留在通知列表": 1}
        assert sorted(server.to()) == ["d1@deputies.test", "d3@deputies.test", "d4@deputies.test"]
        msg = server.received[0]
        assert "工作信息（2026年第1期）" in str(msg["Subject"])
        content = msg.get_content().replace("\r\n", "\n")
        assert "广州市荔湾区人民法院\n工作信息\n2026年第1期" in content and "收案 1,234 件" in content and "**" not in content
        again = clerk.run("bulletin", "send", "1", "--date", "2026-04-11").stdout
        assert "本次新登记 0 份，本次发出 0 份" in again and len(server.received) == 3
        rows = clerk.json("bulletin", "list", "1")
        assert {(r["to"], r["shown"]) for r in rows} == {("代表001", "已发送"), ("代表003", "已发送"), ("代表004", "已发送"),
                                                         ("无邮箱代表", "无可用渠道，留在通知列表")}


def kill_and_resume(clerk: Clerk, server: MailServer, kills: int, seed: int, issue: int = 1) -> dict:
    """`bulletin send ISSUE` in a real process killed (SIGKILL) up to `kills` times (fewer when a run finishes
    first), then run to the end; what the last run printed, and the kills made. Most kills fall mid-send — just
    after the server took a randomly chosen message, give or take a few milliseconds, so between the message and
    its record — the others at a random moment of the run (starting up, posting)."""
    rng = random.Random(seed)
    command = [sys.executable, "-c", "from lianluo.kernel.cli.main import main; main()", "--home", str(clerk.home),
               "bulletin", "send", str(issue), "--date", "2026-04-10", "--json"]
    killed = 0
    while killed < kills:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if killed and rng.random() < 0.2:  # the first kill always mid-send
            time.sleep(rng.uniform(0.1, 1.5))
        else:
            target = len(server.received) + rng.randint(1, 8)
            deadline = time.monotonic() + 60
            while len(server.received) < target and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.01))
        if proc.poll() is not None:
            proc.communicate()
            break  # it finished before the kill: nothing left to interrupt
        proc.kill()
        proc.wait()
        killed += 1
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 3), done.stderr
    return {"killed": killed, **json.loads(done.stdout)}


def check_no_second_copy(clerk: Clerk, server: MailServer, last: dict, deputies: int, issue: int = 1) -> Counter:
    """No deputy has two copies of the issue; a delivered copy arrived once; every uncertain one is named."""
    wanted = f"（2026年第{issue}期）"
    copies = Counter(to for msg, (_, rcpts) in zip(server.received, server.envelopes) if wanted in str(msg["Subject"])
                     for to in rcpts)
    rows = {r["deputy"]: r for r in clerk.json("bulletin", "list", str(issue))}
    assert len(rows) == deputies and max(copies.values(), default=1) == 1, copies.most_common(3)
    for n, row in rows.items():
        got = copies[f"d{n}@deputies.test"]
        assert (row["state"], got) in (("delivered", 1), ("uncertain", 0), ("uncertain", 1)), (n, row, got)
    assert sorted(u["deputy"] for u in last["uncertain"]) == sorted(n for n, r in rows.items() if r["state"] == "uncertain")
    return Counter(r["state"] for r in rows.values())


def test_a_send_killed_at_random_points_is_resumed_without_a_second_copy(tmp_path):
    with MailServer() as server:
        clerk = bulletin_home(tmp_path, server.port, 40)
        md = tmp_path / "b.md"
        md.write_text(MARKDOWN, encoding="utf-8")
        clerk.run("bulletin", "new", "--title", "一季度工作情况", "--file", str(md), "--date", "2026-04-10")
        last = kill_and_resume(clerk, server, kills=4, seed=20260410)
        states = check_no_second_copy(clerk, server, last, 40)
        assert last["killed"] >= 1 and states["delivered"] + states["uncertain"] == 40
        print(f"bulletin kills: {last['killed']}, states {dict(states)}, copies received {len(server.received)}")


def kill_figures(folder, deputies: int, kills: int, seed: int) -> dict:
    """bench/reliability.py's bulletin block: sends to `deputies` killed `kills` times in all at random points
    (a new issue whenever a send finishes before its next kill), each issue then finished and checked."""
    rng = random.Random(seed)
    totals = Counter()
    problems: list[str] = []
    with MailServer() as server:
        clerk = bulletin_home(folder, server.port, deputies)
        md = folder / "b.md"
        md.write_text(MARKDOWN, encoding="utf-8")
        issue = 0
        while totals["kills"] < kills:
            issue += 1
            clerk.run("bulletin", "new", "--title", f"第{issue}期", "--file", str(md), "--date", "2026-04-10")
            last = kill_and_resume(clerk, server, kills - totals["kills"], rng.randrange(1 << 30), issue)
            totals["kills"] += last["killed"]
            totals["issues"] += 1
            try:
                states = check_no_second_copy(clerk, server, last, deputies, issue)
            except AssertionError as exc:
                problems.append(f"第{issue}期: {str(exc)[:200]}")
                continue
            totals["uncertain"] += states["uncertain"]
            totals["named"] += len(last["uncertain"])
            totals["delivered"] += states["delivered"]
    copies = Counter((msg["Subject"], to) for msg, (_, rcpts) in zip(server.received, server.envelopes) for to in rcpts)
    return {**totals, "deputies": deputies, "twice": sum(1 for n in copies.values() if n > 1), "problems": problems}
