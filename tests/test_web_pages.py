"""The web desk's pages beyond the core (issue 21): the roster and its upload, the admin's user forms and
system page, the register form's far-future date, tasks, and the audit trail — through Flask's test client as
a browser posts them, asserting what the person sees and what is (not) written."""

from __future__ import annotations

import io
import re

import pytest

from fixtures import WEB_PEOPLE, csrf_token, liwan_web_home, web_login
from lianluo.kernel import Root
from lianluo.kernel.store.factory import open_store
from lianluo.plugins.web import create_app

TODAY = "2026-03-10"
PEOPLE = WEB_PEOPLE


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    with liwan_web_home(tmp_path_factory.mktemp("webpages"), TODAY, PEOPLE) as clerk:
        yield clerk, create_app(Root(clerk.home, "web", {}), testing=True)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("LIANLUO_TODAY", TODAY)


def as_(home, role, name=None):
    client = home[1].test_client()
    assert web_login(client, name or PEOPLE[role]).status_code == 303
    return client


def text(answer) -> str:
    return answer.get_data(as_text=True)


def upload(client, name: str, body: bytes, **fields):
    data = {"csrf_token": csrf_token(client, "/deputies"), "roster": (io.BytesIO(body), name), **fields}
    return client.post("/deputies", data=data, content_type="multipart/form-data")


def audit(clerk) -> list[dict]:
    with open_store(clerk.home).reader() as tx:
        return tx.all("audit")


# --- 代表: the roster and its upload ------------------------------------------------------------------------

GOOD = "姓名,层级,代表团或联组,电话\n周代表,区,西关联组,13911112222\n吴委员,区,逢源联组,\n".encode()
BAD = "姓名,层级,电话\n郑代表,区,13900001111\n王代表,省长,\n冯代表,区,12ab\n".encode()


def test_a_roster_file_uploaded_by_the_office_is_imported_and_its_people_listed_masked(home):
    clerk, _ = home
    client = as_(home, "clerk")
    answer = upload(client, "名册.csv", GOOD)
    page = text(answer)
    assert answer.status_code == 200 and "已导入 名册.csv：新增 2 位" in page
    assert "周代表" in page and "139****2222" in page and "13911112222" not in page
    assert audit(clerk)[-1]["what"] == "web roster import" and audit(clerk)[-1]["who"] == PEOPLE["clerk"]
    again = text(upload(client, "名册.csv", GOOD))
    assert "新增 0 位" in again and "未变 2 位" in again  # the same file twice adds nobody twice
    leader = text(as_(home, "leader").get("/deputies?unmask=1"))
    assert "139****2222" in leader and "13911112222" not in leader and 'type="file"' not in leader
    seen = len(audit(clerk))
    assert "13911112222" in text(client.get("/deputies?unmask=1"))
    assert audit(clerk)[-1]["what"] == "web unmask deputies" and len(audit(clerk)) == seen + 1


def test_a_roster_with_bad_rows_is_reported_row_by_row_and_nothing_is_imported(home):
    clerk, _ = home
    client = as_(home, "clerk")
    before = clerk.data_bytes()
    answer = upload(client, "有错的名册.csv", BAD)
    page = text(answer)
    assert answer.status_code == 400 and "2 行有误，未导入任何一行" in page
    assert "<td class=\"num\">3</td><td>层级</td><td>无效值 &#39;省长&#39;" in page
    assert "<td class=\"num\">4</td><td>电话</td>" in page
    assert clerk.data_bytes() == before
    skipped = text(upload(client, "有错的名册.csv", BAD, skip_bad="1"))
    assert "新增 1 位" in skipped and "跳过 2 行" in skipped and "郑代表" in skipped


@pytest.mark.parametrize("name, body, message", [
    ("名册.txt", GOOD, "不支持的文件类型 .txt；应为 .csv 或 .xlsx"),
    ("名册.xls", GOOD, "请在 Excel 中另存为 .xlsx 或 CSV"),
    ("名册.xlsx", b"\x89PNG\r\n\x1a\n not a workbook", "不是有效的 .xlsx 文件"),
])
def test_a_file_that_is_not_a_roster_is_refused_with_its_reason_and_nothing_written(home, name, body, message):
    clerk, _ = home
    client = as_(home, "clerk")
    before = clerk.data_bytes()
    answer = upload(client, name, body)
    assert answer.status_code == 400 and message in text(answer) and "未作任何修改" in text(answer)
    assert clerk.data_bytes() == before


def test_an_oversized_upload_is_refused_before_it_is_read(home):
    clerk, _ = home
    client = as_(home, "clerk")
    before = clerk.data_bytes()
    answer = upload(client, "名册.csv", GOOD + b"x" * (11 * 1024 * 1024))
    assert answer.status_code == 413 and "上传的文件过大（上限 10 MB），未作任何修改" in text(answer)
    assert clerk.data_bytes() == before


def test_only_the_office_may_upload_a_roster(home):
    clerk, _ = home
    leader = as_(home, "leader")
    before = clerk.data_bytes()
    assert upload(leader, "名册.csv", GOOD).status_code == 403
    assert clerk.data_bytes() == before


# --- 登记: a received day far ahead ---------------------------------------------------------------------------


def test_a_received_day_far_ahead_is_asked_about_on_the_form_then_registered_when_confirmed(home):
    clerk, _ = home
    client = as_(home, "clerk")
    before = clerk.data_bytes()
    form = {"kind": "suggestion", "title": "日期打错的建议", "deputy": "1", "channel": "interim", "date": "2062-03-10"}
    answer = client.post("/items/new", data={**form, "csrf_token": csrf_token(client, "/items/new")})
    page = text(answer)
    assert answer.status_code == 400 and "收到日期 2062-03-10 比今天（2026-03-10）晚 13149 日，可能是日期录错，尚未登记" in page
    assert 'name="date_confirmed"' in page and 'value="日期打错的建议"' in page and "--force" not in page
    assert clerk.data_bytes() == before
    answer = client.post("/items/new", data={**form, "date_confirmed": "1", "csrf_token": csrf_token(client, "/items/new")})
    assert answer.status_code == 303
    assert clerk.json("item", "show", answer.headers["Location"].rsplit("/", 1)[1])["received"] == "2062-03-10"


# --- 任务 ---------------------------------------------------------------------------------------------------


def test_a_session_task_is_listed_opened_and_completed_through_its_form(home):
    clerk, _ = home
    client = as_(home, "clerk")
    listing = text(client.get("/tasks?open=1"))
    task = clerk.json("task", "list")[0]
    assert task["title"] in listing
    page = text(client.get(f"/tasks/{task['id']}"))
    assert f'action="/tasks/{task["id"]}/actions/complete"' in page and "任务第" in page
    answer = client.post(f"/tasks/{task['id']}/actions/complete",
                         data={"note": "旁听记录已交", "csrf_token": csrf_token(client, f"/tasks/{task['id']}")})
    assert answer.status_code == 303 and answer.headers["Location"] == f"/tasks/{task['id']}"
    assert clerk.json("task", "show", str(task["id"]))["status"] == "done"
    assert "已完成" in text(client.get(f"/tasks/{task['id']}"))
    trail = text(client.get("/audit?who=" + PEOPLE["clerk"]))
    assert f'<a href="/tasks/{task["id"]}">' in trail and "完成" in trail


# --- the admin: users and the system ------------------------------------------------------------------------


def test_the_admin_adds_disables_and_resets_users_through_forms_each_audited(home):
    clerk, app = home
    admin = as_(home, "admin")
    token = csrf_token(admin, "/users")
    before = clerk.data_bytes()
    mismatch = admin.post("/users/new", data={"name": "新书记员", "role": "clerk", "password": "password-one",
                                              "confirm": "password-two", "csrf_token": token})
    assert mismatch.status_code == 400 and "确认密码：两次输入的密码不一致" in text(mismatch)
    nodept = admin.post("/users/new", data={"name": "新承办", "role": "department", "password": "password-one",
                                            "confirm": "password-one", "csrf_token": token})
    assert nodept.status_code == 400 and "所属部门" in text(nodept)
    assert clerk.data_bytes() == before
    added = admin.post("/users/new", data={"name": "新书记员", "role": "clerk", "password": "password-one",
                                           "confirm": "password-one", "csrf_token": token})
    assert added.status_code == 303
    assert "已添加用户 新书记员（联络办）" in text(admin.get("/users"))
    assert web_login(app.test_client(), "新书记员", "password-one").status_code == 303
    user_id = next(u for u in _users(clerk) if u["name"] == "新书记员")["id"]
    assert admin.post(f"/users/{user_id}/disable", data={"csrf_token": token}).status_code == 303
    assert web_login(app.test_client(), "新书记员", "password-one").status_code == 401
    assert admin.post(f"/users/{user_id}/password", data={"password": "password-new", "confirm": "password-new",
                                                          "csrf_token": token}).status_code == 303
    assert web_login(app.test_client(), "新书记员", "password-new").status_code == 303
    lines = [(a["who"], a["what"], a.get("name")) for a in audit(clerk) if a["what"].startswith("web user")]
    assert lines == [(PEOPLE["admin"], "web user add", "新书记员"), (PEOPLE["admin"], "web user disable", "新书记员"),
                     (PEOPLE["admin"], "web user reset-password", "新书记员")]
    assert not any("password-" in str(a) for a in audit(clerk))
    trail = text(admin.get("/audit"))
    assert "web user reset-password" in trail and "name=新书记员" in trail


def _users(clerk) -> list[dict]:
    with open_store(clerk.home).reader() as tx:
        return tx.all("web_users")


def test_the_system_page_says_when_the_tick_last_ran_and_where_the_backups_are(home):
    clerk, _ = home
    admin = as_(home, "admin")
    page = text(admin.get("/system"))
    assert "尚未运行过" in page and "还没有备份" in page
    clerk.run("tick")
    clerk.run("backup")
    page = text(admin.get("/system"))
    assert f"最近一次运行于 {TODAY}" in page and "最近一次备份" in page and "状态：" in page


# --- pages the plugins bring: 会议, 活动, 考核; and 报告 -------------------------------------------------------


def test_the_session_page_lists_its_tasks_and_a_department_sees_only_its_own(home):
    client = as_(home, "clerk")
    listing = text(client.get("/sessions"))
    assert '<a href="/sessions/1">区人大五次会议</a>' in listing
    page = text(client.get("/sessions/1"))
    assert "2026-01-06 至 2026-01-09" in page and "区人大五次会议 统计" not in page and "事项 0 件" in page
    assert re.search(r'<a href="/tasks/\d+">', page)
    assert not re.search(r'<a href="/tasks/\d+">', text(as_(home, "department").get("/sessions/1")))


def test_the_activities_page_shows_the_year_and_its_coverage_gaps(home):
    page = text(as_(home, "leader").get("/activities?year=2026"))
    assert "2026 年度联络活动" in page and "覆盖情况（截至 2026-03-10）" in page and "本年度还没有活动" in page
    assert as_(home, "leader").get("/activities?year=abc").status_code == 400


def test_scoring_puts_two_rule_sets_side_by_side(home):
    page = text(as_(home, "leader").get("/scoring?period=2026&rules=liwan-court&rules=hainan-2002"))
    assert "并列对比" in page and page.count("：各部门</h2>") == 2
    assert "立案庭" in page and "差异" in page
    bad = as_(home, "leader").get("/scoring?period=2026&rules=no-such-rules")
    assert bad.status_code == 400 and "未知评分规则 no-such-rules" in text(bad)


def test_the_report_page_shows_the_sections_with_charts_and_downloads_xlsx_and_docx(home):
    clerk, _ = home
    clerk.run("item", "register", "--kind", "suggestion", "--title", "报告里的建议", "--deputy", "1",
              "--channel", "interim", "--date", "2026-02-02")
    client = as_(home, "leader")
    page = text(client.get("/reports?period=2026-Q1"))
    assert "联络工作报告（2026 年第 1 季度）" in page and "<h2>" in page
    assert '<img src="data:image/png;base64,' in page  # the charts, drawn as in the Word report
    for fmt, magic in (("xlsx", b"PK"), ("docx", b"PK")):
        answer = client.get(f"/reports/{fmt}?period=2026-Q1")
        assert answer.status_code == 200 and answer.data[:2] == magic
        assert "attachment" in answer.headers["Content-Disposition"]
    bad = client.get("/reports?period=2026-Q5")
    assert bad.status_code == 400 and "期间" in text(bad)
    assert client.get("/reports/pdf?period=2026-Q1").status_code == 400


# --- bad input through the web the core's tests do not cover ---------------------------------------------------


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_a_roster_upload_or_an_admin_form_with_a_forged_token_is_refused_and_writes_nothing(home, token):
    clerk, _ = home
    before = clerk.data_bytes()
    extra = {"csrf_token": token} if token else {}
    office = as_(home, "clerk")
    answer = office.post("/deputies", data={"roster": (io.BytesIO(GOOD), "名册.csv"), **extra},
                         content_type="multipart/form-data")
    assert answer.status_code == 400 and "CSRF" in text(answer) and "未作任何修改" in text(answer)
    admin = as_(home, "admin")
    for path, form in (("/users/new", {"name": "伪造", "role": "admin", "password": "p" * 9, "confirm": "p" * 9}),
                       ("/users/1/disable", {}), ("/users/1/password", {"password": "p" * 9, "confirm": "p" * 9})):
        answer = admin.post(path, data={**form, **extra})
        assert answer.status_code == 400 and "CSRF" in text(answer), path
    assert clerk.data_bytes() == before


def test_another_departments_task_and_session_task_are_not_found_for_a_department(home):
    """A task given to 民一庭 is a 404 for 立案庭 (page and action), as if it did not exist; its session page
    lists none of 民一庭's tasks."""
    clerk, _ = home
    task = clerk.json("task", "list", "--open")[-1]
    clerk.run("task", "assign", str(task["id"]), "--lead", "民一庭")
    department = as_(home, "department")
    before = clerk.data_bytes()
    assert department.get(f"/tasks/{task['id']}").status_code == 404
    answer = department.post(f"/tasks/{task['id']}/actions/complete",
                             data={"csrf_token": csrf_token(department, "/tasks")})
    assert answer.status_code == 404
    assert f'href="/tasks/{task["id"]}"' not in text(department.get("/tasks"))
    assert f'href="/tasks/{task["id"]}"' not in text(department.get("/sessions/1"))
    assert clerk.data_bytes() == before


def test_script_typed_into_a_roster_or_a_user_name_is_shown_as_text(home):
    clerk, _ = home
    office = as_(home, "clerk")
    page = text(upload(office, "名册.csv", "姓名,层级\n<script>alert(1)</script>,区\n".encode()))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    admin = as_(home, "admin")
    answer = admin.post("/users/new", data={"name": "<b>x</b>", "role": "leader", "password": "p" * 9,
                                            "confirm": "p" * 9, "csrf_token": csrf_token(admin, "/users")})
    assert answer.status_code == 303
    assert "&lt;b&gt;x&lt;/b&gt;" in text(admin.get("/users")) and "<b>x</b>" not in text(admin.get("/users"))
