"""The web desk (issue 21) through Flask's test client, as a browser uses it: every route with every role, CSRF,
another department's matter, escaping, login lockout, masking, the idle timeout, and the audit trail naming the
person logged in. One home and one application per module; tests that write use their own matters."""

from __future__ import annotations

import re

import attrs
import pytest

from fixtures import (WEB_PASSWORD, WEB_PEOPLE, Clerk, add_web_user, csrf_token, liwan_web_home,
                      web_login)
from lianluo.kernel import Item, Root
from lianluo.kernel.store.factory import open_store
from lianluo.plugins.web import create_app

TODAY = "2026-03-10"
PEOPLE = WEB_PEOPLE
OTHER_DEPT = "民一庭承办"


@attrs.frozen
class Desk:
    clerk: Clerk
    app: object
    own: int  # a matter 立案庭 leads
    other: int  # a matter 民一庭 leads
    task: int  # a session task nobody is responsible for yet


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    with liwan_web_home(tmp_path_factory.mktemp("web"), TODAY, PEOPLE) as clerk:
        ids = []
        for title, dept in (("立案庭办理的建议", "立案庭"), ("民一庭办理的建议", "民一庭")):
            found = clerk.json("item", "register", "--kind", "suggestion", "--title", title, "--deputy", "1",
                               "--channel", "interim", "--date", "2026-03-02",
                               "--content", "代表电话 13812345678，请回电")
            clerk.run("item", "approve", str(found["id"]), "--date", "2026-03-03")
            clerk.run("item", "assign", str(found["id"]), "--lead", dept, "--date", "2026-03-03")
            ids.append(found["id"])
        clerk.run("case", "register", "--title", "某案", "--case-number", "（2026）粤0103民初1号", "--deputy", "1",
                  "--division", "立案庭", "--panel", "张法官", "--chief", "李庭长", "--vp", "王副院长",
                  "--date", "2026-03-04")
        add_web_user(clerk, OTHER_DEPT, "department", "--dept", "民一庭")
        task = clerk.json("task", "list")[0]["id"]
        yield Desk(clerk, create_app(Root(clerk.home, "web", {}), testing=True), *ids, task)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("LIANLUO_TODAY", TODAY)


def client_as(desk: Desk, role: str | None, name: str | None = None):
    client = desk.app.test_client()
    if role is not None:
        answer = web_login(client, name or PEOPLE[role])
        assert answer.status_code == 303, answer.get_data(as_text=True)
    return client


def text(answer) -> str:
    return answer.get_data(as_text=True)


# --- every route, every role ------------------------------------------------------------------------------

# What each role gets on each page (GET): 200 shown, 403 not its page, 404 not its matter, 303 to /login.
MATRIX = {
    "/":              {None: 303, "clerk": 200, "department": 200, "leader": 200, "admin": 200},
    "/items":         {None: 303, "clerk": 200, "department": 200, "leader": 200, "admin": 403},
    "/items/new":     {None: 303, "clerk": 200, "department": 403, "leader": 403, "admin": 403},
    "/items/OWN":     {None: 303, "clerk": 200, "department": 200, "leader": 200, "admin": 403},
    "/items/OTHER":   {None: 303, "clerk": 200, "department": 404, "leader": 200, "admin": 403},
    "/items/9999":    {None: 303, "clerk": 404, "department": 404, "leader": 404, "admin": 403},
    "/notices":       {None: 303, "clerk": 200, "department": 200, "leader": 200, "admin": 403},
    "/users":         {None: 303, "clerk": 403, "department": 403, "leader": 403, "admin": 200},
    "/system":        {None: 303, "clerk": 403, "department": 403, "leader": 403, "admin": 200},
    "/audit":         {None: 303, "clerk": 200, "department": 403, "leader": 200, "admin": 200},
    "/deputies":      {None: 303, "clerk": 200, "department": 403, "leader": 200, "admin": 403},
    "/tasks":         {None: 303, "clerk": 200, "department": 200, "leader": 200, "admin": 403},
    "/tasks/TASK":    {None: 303, "clerk": 200, "department": 404, "leader": 200, "admin": 403},
    "/tasks/9999":    {None: 303, "clerk": 404, "department": 404, "leader": 404, "admin": 403},
    "/sessions":      {None: 303, "clerk": 200, "department": 200, "leader": 200, "admin": 403},
    "/sessions/1":    {None: 303, "clerk": 200, "department": 200, "leader": 200, "admin": 403},
    "/sessions/9999": {None: 303, "clerk": 404, "department": 404, "leader": 404, "admin": 403},
    "/activities":    {None: 303, "clerk": 200, "department": 403, "leader": 200, "admin": 403},
    "/scoring":       {None: 303, "clerk": 200, "department": 403, "leader": 200, "admin": 403},
    "/reports":       {None: 303, "clerk": 200, "department": 403, "leader": 200, "admin": 403},
    "/reports/xlsx":  {None: 303, "clerk": 200, "department": 403, "leader": 200, "admin": 403},
    "/cases":         {None: 303, "clerk": 200, "department": 200, "leader": 200, "admin": 403},
    "/network":       {None: 303, "clerk": 200, "department": 403, "leader": 403, "admin": 403},
    "/network/X":     {None: 303, "clerk": 404, "department": 403, "leader": 403, "admin": 403},
    "/network/X/items/9999": {None: 303, "clerk": 404, "department": 403, "leader": 403, "admin": 403},
    "/login":         {None: 200, "clerk": 303, "department": 303, "leader": 303, "admin": 303},
    "/logout":        {None: 200, "clerk": 200, "department": 200, "leader": 200, "admin": 200},
    "/mailbox/X":     {None: 404, "clerk": 404, "department": 404, "leader": 404, "admin": 404},  # no such link
}
# POST-only routes, tried with a valid token: a department may accept its own matter, not another's (404),
# and may not approve (403); the admin may do nothing to matters.
ACT = "/items/{id}/actions/{action}"


def _path(path: str, desk: Desk) -> str:
    return path.replace("OWN", str(desk.own)).replace("OTHER", str(desk.other)).replace("TASK", str(desk.task))


def test_the_matrix_covers_every_route_of_the_application(desk):
    """A page a plugin adds cannot escape the role test: every GET route of the app is in MATRIX."""
    routes = {re.sub(r"<[^>]+>", "X", rule.rule) for rule in desk.app.url_map.iter_rules()
              if "GET" in rule.methods and rule.endpoint != "static"}
    tried = {re.sub(r"/(items|tasks|sessions|reports)/(OWN|OTHER|TASK|9999|1|xlsx)$", r"/\1/X", path) for path in MATRIX}
    assert routes == tried
    posts = {rule.rule for rule in desk.app.url_map.iter_rules() if rule.methods & {"POST"} and "GET" not in rule.methods}
    assert posts == set(POSTS)


# POST-only routes and the roles each admits (the others get 403 before anything is read).
POSTS = {
    "/items/<int:item_id>/actions/<action>": ("clerk", "department", "leader"),
    "/tasks/<int:task_id>/actions/<action>": ("clerk", "department", "leader"),
    "/users/new": ("admin",),
    "/users/<int:user_id>/disable": ("admin",),
    "/users/<int:user_id>/password": ("admin",),
    "/items/<int:item_id>/hand-down": ("clerk",),
}


@pytest.mark.parametrize("role", ["clerk", "department", "leader", "admin"])
def test_post_only_routes_refuse_the_roles_they_do_not_admit_and_write_nothing(desk, role):
    client = client_as(desk, role)
    token = csrf_token(client, "/")
    before = desk.clerk.data_bytes()
    for rule, roles in POSTS.items():
        if role in roles:
            continue
        path = rule.replace("<int:item_id>", str(desk.own)).replace("<int:task_id>", str(desk.task))
        path = path.replace("<int:user_id>", "1").replace("<action>", "complete")
        assert client.post(path, data={"csrf_token": token, "name": "x", "role": "admin", "password": "p" * 9,
                                       "confirm": "p" * 9}).status_code == 403, path
    assert desk.clerk.data_bytes() == before


@pytest.mark.parametrize("role", [None, "clerk", "department", "leader", "admin"])
def test_every_route_answers_each_role_as_its_rights_say(desk, role):
    client = client_as(desk, role)
    got = {path: client.get(_path(path, desk)).status_code for path in MATRIX}
    assert got == {path: expected[role] for path, expected in MATRIX.items()}
    if role is None:
        assert client.get("/items").headers["Location"] == "/login?next=/items"


def test_a_department_acts_only_on_its_own_matters_and_only_its_own_steps(desk):
    client = client_as(desk, "department")
    token = csrf_token(client, f"/items/{desk.own}")
    before = desk.clerk.data_bytes()
    assert client.post(ACT.format(id=desk.other, action="accept"), data={"csrf_token": token}).status_code == 404
    assert client.post(ACT.format(id=desk.own, action="approve"), data={"csrf_token": token}).status_code == 403
    admin = client_as(desk, "admin")
    assert admin.post(ACT.format(id=desk.own, action="accept"),
                      data={"csrf_token": csrf_token(admin, "/")}).status_code == 403
    assert desk.clerk.data_bytes() == before


def test_the_work_page_shows_each_person_their_own_clocks_with_working_days_left(desk):
    """工作台: the case's written-report clock (立案庭's, due 2026-03-09) is one working day overdue on the 10th:
    shown to 立案庭 and the leader, not to 民一庭; the reply clocks, months away, are not listed."""
    page = text(client_as(desk, "department").get("/"))
    assert "某案" in page and "逾期 1 日" in page and "立案庭办理的建议" not in page
    assert "每日巡检（lianluo tick）尚未运行过" in page
    assert "某案" not in text(client_as(desk, "department", OTHER_DEPT).get("/"))
    assert "某案" in text(client_as(desk, "leader").get("/"))


# --- CSRF, escaping, bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_a_form_without_its_csrf_token_is_refused_and_nothing_is_written(desk, token):
    client = client_as(desk, "clerk")
    before = desk.clerk.data_bytes()
    form = {"kind": "suggestion", "title": "伪造的登记", "deputy": "1", "channel": "interim"}
    if token:
        form["csrf_token"] = token
    answer = client.post("/items/new", data=form)
    assert answer.status_code == 400
    assert "CSRF" in text(answer) and "未作任何修改" in text(answer)
    assert client.post(ACT.format(id=desk.own, action="contact"), data={"mode": "phone"}).status_code == 400
    assert desk.clerk.data_bytes() == before


def test_script_in_a_title_is_shown_as_text(desk):
    client = client_as(desk, "clerk")
    answer = client.post("/items/new", data={
        "kind": "suggestion", "title": "<script>alert('x')</script>", "deputy": "2", "channel": "interim",
        "date": "2026-03-05", "csrf_token": csrf_token(client, "/items/new")})
    assert answer.status_code == 303
    page = text(client.get(answer.headers["Location"]))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_bad_input_on_a_form_shows_its_message_and_writes_nothing(desk):
    client = client_as(desk, "clerk")
    before = desk.clerk.data_bytes()
    answer = client.post("/items/new", data={"kind": "suggestion", "title": " ", "deputy": "1",
                                             "csrf_token": csrf_token(client, "/items/new")})
    assert answer.status_code == 400 and "--title：不能为空" in text(answer)
    answer = client.post(ACT.format(id=desk.own, action="contact"),
                         data={"mode": "carrier-pigeon", "csrf_token": csrf_token(client, "/")})
    assert answer.status_code == 400 and "--mode" in text(answer)
    assert client.get("/items?status=办里中").status_code == 400
    assert desk.clerk.data_bytes() == before


# --- login, sessions --------------------------------------------------------------------------------------


def test_repeated_failures_lock_the_name_even_for_the_right_password_and_a_restart(desk):
    add_web_user(desk.clerk, "易错的人", "leader")
    client = desk.app.test_client()
    for _ in range(5):
        assert web_login(client, "易错的人", "wrong-password").status_code == 401
    locked = web_login(client, "易错的人")
    assert locked.status_code == 429 and "已暂时锁定" in text(locked)
    restarted = create_app(Root(desk.clerk.home, "web", {}), testing=True).test_client()
    assert web_login(restarted, "易错的人").status_code == 429
    assert web_login(restarted, PEOPLE["leader"]).status_code == 303  # others are not locked out


def test_a_disabled_user_is_logged_out_at_the_next_request(desk):
    add_web_user(desk.clerk, "将停用的人", "leader")
    client = client_as(desk, "leader", "将停用的人")
    assert client.get("/items").status_code == 200
    desk.clerk.run("user", "disable", "将停用的人")
    assert client.get("/items").status_code == 303
    assert web_login(desk.app.test_client(), "将停用的人").status_code == 401


def test_an_idle_session_ends(desk):
    client = client_as(desk, "leader")
    with client.session_transaction() as session:
        session["seen"] -= 31 * 60
    answer = client.get("/items")
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/login")


def test_cookies_and_headers_protect_the_pages(desk):
    client = desk.app.test_client()
    answer = web_login(client, PEOPLE["clerk"])
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/items")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-store"
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]
    assert "script-src" not in page.headers["Content-Security-Policy"]  # default-src 'none': no script at all
    assert "style=" not in text(page) and "<script" not in text(page)


# --- personal data, the audit trail -----------------------------------------------------------------------


def _audit_rows(desk: Desk) -> list[dict]:
    with open_store(desk.clerk.home).reader() as tx:
        return tx.all("audit")


def test_phone_numbers_are_masked_and_only_the_office_may_unmask_on_the_record(desk):
    for role in ("department", "leader"):
        client = client_as(desk, role)
        for query in ("", "?unmask=1"):
            page = text(client.get(f"/items/{desk.own}{query}"))
            assert "138****5678" in page and "13812345678" not in page
    clerk = client_as(desk, "clerk")
    assert "13812345678" not in text(clerk.get(f"/items/{desk.own}"))
    seen = len(_audit_rows(desk))
    page = text(clerk.get(f"/items/{desk.own}?unmask=1"))
    assert "13812345678" in page
    rows = _audit_rows(desk)
    assert len(rows) == seen + 1
    assert rows[-1]["who"] == PEOPLE["clerk"] and rows[-1]["what"] == "web unmask item" and rows[-1]["item"] == desk.own


def test_each_step_through_the_web_is_recorded_under_the_person_logged_in(desk):
    clerk = client_as(desk, "clerk")
    answer = clerk.post("/items/new", data={"kind": "suggestion", "title": "网页登记的建议", "deputy": "1",
                                            "channel": "interim", "date": "2026-03-06",
                                            "csrf_token": csrf_token(clerk, "/items/new")})
    item_id = int(answer.headers["Location"].rsplit("/", 1)[1])
    leader = client_as(desk, "leader")
    assert leader.post(ACT.format(id=item_id, action="approve"),
                       data={"csrf_token": csrf_token(leader, f"/items/{item_id}")}).status_code == 303
    assert clerk.post(ACT.format(id=item_id, action="assign"),
                      data={"lead": "立案庭", "csrf_token": csrf_token(clerk, f"/items/{item_id}")}).status_code == 303
    department = client_as(desk, "department")
    page = text(department.get(f"/items/{item_id}"))
    assert f"/items/{item_id}/actions/accept" in page and f"/items/{item_id}/actions/approve" not in page
    assert department.post(ACT.format(id=item_id, action="accept"),
                           data={"csrf_token": csrf_token(department, f"/items/{item_id}")}).status_code == 303
    item = Item.from_doc(desk.clerk.json("item", "show", str(item_id)))
    assert [(e.action, e.who) for e in item.events] == [
        ("register", PEOPLE["clerk"]), ("approve", PEOPLE["leader"]), ("assign", PEOPLE["clerk"]),
        ("accept", PEOPLE["department"])]
    assert item.status == "handling"
    shown = text(department.get(f"/items/{item_id}"))
    assert "办理中" in shown and "主办部门：立案庭" in shown and "lead=" not in shown  # the trail in words


def test_register_web_pages_lets_the_cases_plugin_add_its_page_and_panel(desk):
    """The cases plugin implements register_web_pages (importing nothing of the web plugin): /cases, in the
    navigation of the roles it names only, and a panel on its own kind's item pages only."""
    client = client_as(desk, "department")
    listing = text(client.get("/cases"))
    assert "（2026）粤0103民初1号" in listing and '<a href="/cases"' in listing
    case_id = int(re.search(r'<a href="/items/(\d+)">某案', listing).group(1))
    panel = text(client.get(f"/items/{case_id}"))
    assert "案件信息" in panel and "张法官" in panel
    assert "案件信息" not in text(client.get(f"/items/{desk.own}"))
    assert '<a href="/cases"' not in text(client_as(desk, "admin").get("/"))


# --- the user command -------------------------------------------------------------------------------------


def test_user_command_refuses_bad_input_in_chinese_and_writes_nothing(desk):
    clerk = desk.clerk
    before = clerk.data_bytes()
    assert "--role" in clerk.fails("user", "add", "某人", "--role", "boss", "--password-stdin")
    assert "--dept" in clerk.fails("user", "add", "某人", "--role", "department", "--password-stdin")
    assert "--dept" in clerk.fails("user", "add", "某人", "--role", "leader", "--dept", "立案庭", "--password-stdin")
    short = clerk.runner.invoke(__import__("fixtures").cli, ["--home", str(clerk.home), "user", "add", "某人",
                                                             "--role", "leader", "--password-stdin"], input="short\n")
    assert short.exit_code == 2 and "密码：至少 8 个字符" in short.stderr
    assert "已存在" in clerk.fails("user", "add", PEOPLE["leader"], "--role", "leader", "--password-stdin", code=1)
    assert clerk.data_bytes() == before
    listed = {u["name"]: u for u in clerk.json("user", "list")}
    assert listed[PEOPLE["department"]]["role"] == "department" and "hash" not in listed[PEOPLE["department"]]


def test_reset_password_lets_the_person_in_with_the_new_one_only(desk):
    add_web_user(desk.clerk, "忘记密码的人", "leader")
    result = desk.clerk.runner.invoke(__import__("fixtures").cli, [
        "--home", str(desk.clerk.home), "user", "reset-password", "忘记密码的人", "--password-stdin"],
        input="a-new-password-1\n")
    assert result.exit_code == 0, result.output
    assert web_login(desk.app.test_client(), "忘记密码的人", WEB_PASSWORD).status_code == 401
    assert web_login(desk.app.test_client(), "忘记密码的人", "a-new-password-1").status_code == 303


# --- lianluo serve ----------------------------------------------------------------------------------------


def test_lianluo_serve_answers_on_loopback_through_waitress(desk):
    """The real server, as `lianluo serve` starts it: bound to 127.0.0.1, the login page and its headers."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", "from lianluo.kernel.cli.main import main; main()",
                               "--home", str(desk.clerk.home), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy())
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read().decode()
                time.sleep(0.2)
        assert answer.status == 200 and 'name="username"' in answer.read().decode()
        assert answer.headers["Server"] == "lianluo" and answer.headers["X-Frame-Options"] == "DENY"
        if os.path.exists("/proc/net/tcp"):  # Linux: the socket is bound to 127.0.0.1 only
            listening = [line for line in open("/proc/net/tcp").read().splitlines() if f":{port:04X} " in line]
            assert listening and all(line.split()[1].startswith("0100007F") for line in listening)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_lianluo_serve_refuses_a_bad_address_and_a_taken_port(desk):
    """A mistyped address is bad input naming its option (exit 2); a port another program holds is a one-line
    refusal (exit 1) — never an internal error, and nothing printed as if the server had started."""
    import socket

    assert desk.clerk.fails("serve", "--host", "a b").startswith("错误：--host")
    assert desk.clerk.fails("serve", "--trusted-proxy", "代理").startswith("错误：--trusted-proxy")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        line = desk.clerk.fails("serve", "--port", str(taken.getsockname()[1]), code=1)
    assert "无法在 127.0.0.1:" in line and "已启动" not in line
