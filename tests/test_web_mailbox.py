"""代表委员专邮 (issue 22, plugins/web/mailbox.py): the office issues a deputy's personal link on the CLI; the
deputy opens it (no login), writes to the court, and sees their own matters and nothing else. Through Flask's
test client and waitress, against a real SMTP server on loopback for the acknowledgement: an unknown, revoked
or expired link gets one and the same 404; a forged form, bad input and a link over its hourly limit write
nothing; an address guessing links is stopped; the token is in no log line, audit line or stored byte."""

from __future__ import annotations

import json
import logging
import re
import threading
import urllib.request

import attrs
import pytest

from fixtures import TEST_PG, Clerk, add_web_user, csrf_token, isolated_environment, waitress_server, web_login
from lianluo.kernel import Root
from lianluo.kernel.store.factory import open_store
from servers import Gateway, MailServer, channel_profile, smtp_section, sms_section

TODAY = "2026-03-10"
BASE = "https://lianluo.court.example"
WEB = f'[web]\nbase_url = "{BASE}"\nmailbox_per_hour = 4\nmailbox_bad_limit = 4\n'


@attrs.frozen
class Box:
    clerk: Clerk
    app: object
    mail: MailServer
    sms: Gateway
    links: dict  # deputy name -> path of their live link


@pytest.fixture(scope="module")
def box(tmp_path_factory):
    from lianluo.plugins.web import create_app

    folder = tmp_path_factory.mktemp("mailbox")
    with isolated_environment(folder / "default-home") as mp, MailServer() as mail, Gateway() as sms:
        mp.setenv("LIANLUO_TODAY", TODAY)
        clerk = Clerk(folder / "home")
        clerk.run("init", "--profile", str(channel_profile(folder, smtp_section(mail.port) + sms_section(sms.url) + WEB)),
                  "--head", "周院长")
        clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
        clerk.run("deputy", "add", "--name", "陈明", "--level", "district", "--email", "chen@deputy.test")
        clerk.run("deputy", "add", "--name", "林芳", "--level", "district", "--body", "cppcc")
        clerk.run("deputy", "add", "--name", "黄强", "--level", "district")
        clerk.run("deputy", "add", "--name", "赵敏", "--level", "district", "--mobile", "13912345678")
        clerk.run("deputy", "add", "--name", "周静", "--level", "district", "--email", "zhou@deputy.test")
        clerk.run("deputy", "opt-out", "5", "--kind", "mailbox")
        clerk.run("item", "register", "--kind", "suggestion", "--title", "林芳委员关于执行的建议", "--deputy", "2",
                  "--channel", "interim", "--date", "2026-03-02")
        add_web_user(clerk, "书记员", "clerk")
        links = {name: clerk.json("mailbox", "issue", name)["url"].removeprefix(BASE) for name in ("陈明", "林芳", "黄强")}
        yield Box(clerk, create_app(Root(clerk.home, "web", {}), testing=True), mail, sms, links)
    if TEST_PG:
        open_store(clerk.home).drop()


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("LIANLUO_TODAY", TODAY)


def text(answer) -> str:
    return answer.get_data(as_text=True)


def write(client, path: str, token: str | None = None, **fields: str):
    """Post the letter form as the deputy's browser does, with the CSRF token of the page (shown now, unless
    `token` is that of the page shown before)."""
    data = {"csrf_token": token or csrf_token(client, path), "kind": "suggestion", "nature": "意见", **fields}
    answer = client.post(path, data=data)
    for thread in threading.enumerate():  # the acknowledgement is sent beside the answer: wait for it
        if thread.name == "mailbox-ack":
            thread.join(timeout=30)
    return answer


def items(box: Box) -> list[dict]:
    return box.clerk.json("item", "list")


def audit(box: Box) -> list[dict]:
    with open_store(box.clerk.home).reader() as tx:
        return tx.all("audit")


# --- the link ------------------------------------------------------------------------------------------------


def test_a_link_is_shown_once_and_only_its_hash_is_kept(box):
    issued = box.clerk.json("mailbox", "issue", "黄强", "--days", "30", "--base-url", "http://10.0.0.5:8080/lianluo/")
    token = issued["url"].rsplit("/", 1)[1]
    assert issued["url"] == f"http://10.0.0.5:8080/lianluo/mailbox/{token}" and len(token) >= 43
    assert issued["expires"] == "2026-04-09"
    box.links["黄强"] = f"/mailbox/{token}"  # the earlier link was revoked by this one
    listed = box.clerk.run("mailbox", "list", "--all").stdout + box.clerk.run("mailbox", "list", "--json").stdout
    assert token not in listed and "黄强" in listed and "已撤销" in listed
    assert token.encode() not in box.clerk.data_bytes()
    assert token not in json.dumps(audit(box), ensure_ascii=False)
    assert {"mailbox issue", "mailbox revoke (replaced)"} <= {row["what"] for row in audit(box)}


@pytest.mark.parametrize("args, field", [
    (("issue", "无此人"), "DEPUTY"), (("issue", "1", "--days", "0"), "--days"),
    (("issue", "1", "--base-url", "ftp://x"), "--base-url"), (("revoke", "M999"), "DEPUTY|LINK"),
])
def test_bad_input_on_the_command_line_names_the_field_and_writes_nothing(box, args, field):
    before = box.clerk.data_bytes()
    assert box.clerk.fails("mailbox", *args).startswith(f"错误：{field}：")
    assert box.clerk.data_bytes() == before


def test_unknown_revoked_and_expired_links_get_one_and_the_same_404(box, monkeypatch):
    client = box.app.test_client()
    expiring = box.clerk.json("mailbox", "issue", "林芳", "--days", "1")["url"].removeprefix(BASE)
    assert client.get(expiring, environ_base={"REMOTE_ADDR": "10.1.0.1"}).status_code == 200
    revoked = box.clerk.json("mailbox", "issue", "林芳")["url"].removeprefix(BASE)  # the 1-day link is revoked
    assert client.get(revoked, environ_base={"REMOTE_ADDR": "10.1.0.1"}).status_code == 200
    box.clerk.run("mailbox", "revoke", "林芳")
    expired = box.clerk.json("mailbox", "issue", "林芳", "--days", "1")["url"].removeprefix(BASE)
    monkeypatch.setenv("LIANLUO_TODAY", "2026-03-12")
    answers = [client.get(path, environ_base={"REMOTE_ADDR": "10.1.0.2"})
               for path in (expiring, revoked, expired, "/mailbox/" + "A" * 43)]
    assert {a.status_code for a in answers} == {404}
    assert len({text(a) for a in answers}) == 1 and "此链接无效或已失效" in text(answers[0])
    assert all(a.headers["Referrer-Policy"] == "no-referrer" and a.headers["Cache-Control"] == "no-store"
               for a in answers)
    monkeypatch.setenv("LIANLUO_TODAY", TODAY)
    box.links["林芳"] = box.clerk.json("mailbox", "issue", "林芳")["url"].removeprefix(BASE)


def test_a_link_revoked_while_its_page_is_open_writes_nothing(box):
    client = box.app.test_client()
    path = box.clerk.json("mailbox", "issue", "赵敏")["url"].removeprefix(BASE)
    token = csrf_token(client, path)
    box.clerk.run("mailbox", "revoke", "赵敏")
    before = items(box)
    answer = write(client, path, token, title="撤销后提交的信", content="内容")
    assert answer.status_code == 404 and "此链接无效或已失效" in text(answer)
    assert items(box) == before  # (the request counts against the address, as any link that opens nothing)


# --- writing -------------------------------------------------------------------------------------------------


def test_the_deputy_writes_sees_their_own_matters_only_and_is_acknowledged_by_email(box):
    client = box.app.test_client()
    path = box.links["陈明"]
    page = client.get(path)
    assert page.status_code == 200 and "尊敬的陈明代表" in text(page)
    assert "林芳委员关于执行的建议" not in text(page)
    sent_before = len(box.mail.received)
    answer = write(client, path, title="关于增设周末诉讼服务窗口的建议", content="建议在周六上午开放立案窗口。")
    assert answer.status_code == 303 and answer.headers["Location"] == path
    shown = text(client.get(path))
    found = next(i for i in items(box) if i["title"] == "关于增设周末诉讼服务窗口的建议")
    assert f"已收到您的来信，登记编号第 {found['id']} 号" in shown
    assert re.search(rf"<td>{found['id']}</td><td>建议、批评和意见</td><td>关于增设周末诉讼服务窗口的建议</td>"
                     r"<td>2026-03-10</td><td>已登记</td><td>待交办</td><td>尚未答复</td>", shown)
    assert "林芳委员关于执行的建议" not in shown
    item = box.clerk.json("item", "show", str(found["id"]))
    assert (item["channel"], item["deputies"], item["extra"]["nature"]) == ("online", [1], "意见")
    mail = box.mail.received[sent_before]
    assert box.mail.envelopes[sent_before][1] == ["chen@deputy.test"]
    body = mail.get_content()
    assert "陈明代表：您于2026年3月10日通过代表委员专邮提交的《关于增设周末诉讼服务窗口的建议》已登记" in body
    assert f"编号第 {found['id']} 号" in body
    # the office sees it in its list, filtered by channel, and its page names where it came from
    office = box.app.test_client()
    assert web_login(office, "书记员").status_code == 303
    listed = text(office.get("/items?channel=online"))
    assert "关于增设周末诉讼服务窗口的建议" in listed and "林芳委员关于执行的建议" not in listed
    assert "<dt>来源</dt><dd>代表委员专邮，2026-03-10 登记" in text(office.get(f"/items/{found['id']}"))


def test_the_acknowledgement_goes_by_sms_where_there_is_only_a_mobile_and_not_to_who_declined_it(box):
    client = box.app.test_client()
    by_sms = box.clerk.json("mailbox", "issue", "赵敏")["url"].removeprefix(BASE)
    texts_before = len(box.sms.requests)
    assert write(client, by_sms, title="关于巡回审判点的建议", content="内容").status_code == 303
    assert "登记回执将通过电子邮件或短信发送给您" in text(client.get(by_sms))
    sent = box.sms.texts()[texts_before:]
    assert sent and {number for number, _ in sent} == {"13912345678"}
    assert "通过代表委员专邮提交的《关于巡回审判点的建议》已登记" in "".join(re.sub(r"^（\d/\d）", "", t) for _, t in sent)
    declined = box.clerk.json("mailbox", "issue", "周静")["url"].removeprefix(BASE)
    mails_before = len(box.mail.received)
    assert write(client, declined, title="不需答复通知的来信", content="内容").status_code == 303
    shown = text(client.get(declined))
    assert "已收到您的来信" in shown and "登记回执" not in shown
    item = next(i for i in items(box) if i["title"] == "不需答复通知的来信")
    assert not [n for n in box.clerk.json("notices") if n.get("item") == item["id"]]
    assert len(box.mail.received) == mails_before


def test_another_deputys_link_never_shows_the_first_deputys_matters(box):
    client = box.app.test_client()
    write(client, box.links["陈明"], title="陈明的第二封信", content="内容")
    other = text(client.get(box.links["林芳"]))
    assert "尊敬的林芳委员" in other and "林芳委员关于执行的建议" in other
    assert "陈明" not in other and "增设周末" not in other


@pytest.mark.parametrize("fields, message", [
    ({"title": "", "content": "内容"}, "标题：不能为空"),
    ({"title": "标题", "content": "含响铃\x07字符"}, "内容：含有控制字符 U+0007"),
    ({"title": "长" * 501, "content": "内容"}, "标题："),
    ({"title": "标题", "content": "内容", "nature": "表扬"}, "性质：请选择建议、意见、批评之一"),
    ({"title": "标题", "content": "内容", "kind": "complaint"}, "类型：请选择列出的类型"),
])
def test_bad_input_on_the_page_is_named_and_nothing_is_written(box, fields, message):
    client = box.app.test_client()
    token = csrf_token(client, box.links["林芳"])  # showing the page records when the link was last used
    before = box.clerk.data_bytes()
    answer = write(client, box.links["林芳"], token, **fields)
    assert answer.status_code == 400 and message in text(answer) and "本次内容未提交" in text(answer)
    assert box.clerk.data_bytes() == before


def test_a_forged_form_is_refused_and_writes_nothing(box):
    deputy, attacker = box.app.test_client(), box.app.test_client()
    path = box.links["林芳"]
    foreign = csrf_token(attacker, path)  # a token from another browser's session
    before = box.clerk.data_bytes()
    no_token = deputy.post(path, data={"kind": "suggestion", "nature": "意见", "title": "伪造", "content": "伪造"})
    forged = deputy.post(path, data={"csrf_token": foreign, "kind": "suggestion", "nature": "意见", "title": "伪造",
                                     "content": "伪造"})
    assert no_token.status_code == forged.status_code == 400 and "CSRF 校验失败），本次内容未提交" in text(forged)
    assert "工作台" not in text(forged)
    assert box.clerk.data_bytes() == before


def test_a_link_writes_at_most_its_hourly_limit(box):
    client = box.app.test_client()
    path = box.links["黄强"]
    for n in range(4):
        assert write(client, path, title=f"第{n}封", content="内容").status_code == 303
    count = len(items(box))
    refused = write(client, path, title="第五封", content="内容")
    assert refused.status_code == 429 and "提交过于频繁（每小时至多 4 件）" in text(refused)
    assert "第五封" in text(refused)  # what was typed is kept on the page
    assert len(items(box)) == count


def test_an_address_guessing_links_is_stopped_even_for_a_real_one(box):
    client = box.app.test_client()
    for n in range(4):
        assert client.get(f"/mailbox/{'B' * 42}{n}", environ_base={"REMOTE_ADDR": "10.2.0.9"}).status_code == 404
    stopped = client.get(box.links["林芳"], environ_base={"REMOTE_ADDR": "10.2.0.9"})
    assert stopped.status_code == 429 and "无效链接的访问次数过多" in text(stopped)
    assert client.get(box.links["林芳"], environ_base={"REMOTE_ADDR": "10.2.0.10"}).status_code == 200


# --- the token in no log -------------------------------------------------------------------------------------


def test_the_token_is_in_no_log_line_audit_line_or_stored_byte(box, caplog, monkeypatch):
    """As `lianluo serve` runs it (not in testing mode, so Flask logs an internal error itself)."""
    from lianluo.plugins.web import create_app, mailbox_tokens

    path = box.links["陈明"]
    token = path.rsplit("/", 1)[1]
    caplog.set_level(logging.DEBUG)
    served = create_app(Root(box.clerk.home, "web", {}))
    assert write(served.test_client(), path, title="记录日志的一封信", content="内容").status_code == 303
    with waitress_server(served) as url:
        with urllib.request.urlopen(url + path) as answer:
            assert answer.status == 200 and answer.headers["Referrer-Policy"] == "no-referrer"
        monkeypatch.setattr(mailbox_tokens, "used", lambda tx, row, today: 1 / 0)  # an internal error on this page
        try:
            urllib.request.urlopen(url + path)
        except urllib.error.HTTPError as exc:
            assert exc.code == 500 and token not in exc.read().decode()
    assert "Exception on /mailbox/… [GET]" in caplog.text and "ZeroDivisionError" in caplog.text
    assert token not in caplog.text
    assert token not in json.dumps(audit(box), ensure_ascii=False)
    assert {row["link"] for row in audit(box) if row["what"] == "mailbox submit"} >= {"M1"}
    assert token.encode() not in box.clerk.data_bytes()
