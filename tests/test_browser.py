"""The web desk in a real browser (issue 21): Debian's Chromium driven by Playwright against waitress on
127.0.0.1 — each role logs in through the form and the main path is walked by clicking: the office registers,
the leader approves, the office assigns, the department accepts, contacts the deputy and submits the reply
recording the leader who approved its text (Liwan art. 14: 答复文稿报分管院领导审批), the office records the
deputy's feedback and closes the matter. Skipped, with the reason, where Playwright or Chromium is missing.

With LIANLUO_SCREENSHOTS=DIR the main pages are also saved there as PNGs (to look at; not committed)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from fixtures import WEB_PEOPLE, liwan_web_home, waitress_server
from lianluo.kernel import Root

CHROMIUM = os.environ.get("LIANLUO_CHROMIUM", "/usr/bin/chromium")
TODAY = "2026-03-10"
PEOPLE = WEB_PEOPLE
PASSWORD = "browser-pass-1"


def _browser_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"浏览器测试跳过：未安装 Playwright（pip install 'playwright>=1.40'）：{exc}")
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        pytest.skip(f"浏览器测试跳过：没有 Chromium（{CHROMIUM}；Debian: apt-get install chromium）")
    return sync_playwright


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    sync_playwright = _browser_or_skip()
    from lianluo.plugins.web import create_app

    with liwan_web_home(tmp_path_factory.mktemp("browser"), TODAY, PEOPLE, PASSWORD) as clerk:
        app = create_app(Root(clerk.home, "web", {}))
        with waitress_server(app) as url, sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            except Exception as exc:  # noqa: BLE001 — a Chromium that cannot start is a missing browser here
                pytest.skip(f"浏览器测试跳过：Chromium 无法启动：{str(exc).splitlines()[0]}")
            yield clerk, url, browser
            browser.close()


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("LIANLUO_TODAY", TODAY)  # the server runs in this process: its today is the test's


def login(browser, url: str, role: str):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    page.goto(url + "/")
    assert page.url.startswith(url + "/login")  # no session: sent to the login form
    page.fill("input[name=username]", PEOPLE[role])
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")
    assert page.locator("header .who").inner_text().startswith(PEOPLE[role])
    return page


def act(page, label: str, **fields: str) -> None:
    """Fill and submit the action form whose legend is `label` on the item page."""
    form = page.locator("form.action", has=page.locator(f"legend:text-is('{label}')"))
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    assert page.locator("p.flash").inner_text() == f"已{label}", page.content()[:2000]


def shoot(page, name: str) -> None:
    folder = os.environ.get("LIANLUO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_the_main_path_from_registration_to_the_deputys_feedback_by_each_role_in_a_browser(site):
    clerk, url, browser = site
    office = login(browser, url, "clerk")
    shoot(office, "01-工作台")
    office.click("nav >> text=登记")
    office.select_option("select[name=kind]", "suggestion")
    office.fill("input[name=title]", "关于<script>alert(1)</script>诉讼服务中心延时服务的建议")
    office.select_option("select[name=deputy]", ["1"])
    office.fill("input[name=date]", "2026-03-09")
    office.select_option("select[name=channel]", "interim")
    office.fill("textarea[name=content]", "建议工作日延长至晚七点；代表电话 13812345678")
    shoot(office, "03-登记")
    office.click("button:has-text('登记')")
    assert re.search(r"/items/\d+$", office.url)
    item_url = office.url
    assert office.locator("h1").inner_text().endswith("《关于<script>alert(1)</script>诉讼服务中心延时服务的建议》")
    assert "138****5678" in office.content() and "13812345678" not in office.content()
    assert office.locator("p.flash").inner_text().startswith("已登记第")

    leader = login(browser, url, "leader")
    leader.goto(item_url)
    assert leader.locator("legend").all_inner_texts() == ["审批"]  # a leader may only approve
    act(leader, "审批", note="同意交立案庭办理")

    office.goto(item_url)
    act(office, "交办", lead="立案庭")

    department = login(browser, url, "department")
    department.goto(url + "/items")
    department.click("text=诉讼服务中心延时服务的建议")
    assert department.url == item_url
    act(department, "签收")
    act(department, "联系代表", mode="phone", note="电话了解代表的具体意见")
    act(department, "答复", category="A", text="立案庭〔2026〕5 号：已自四月起延时服务", approved_by=PEOPLE["leader"])
    assert "已答复" in department.locator("dl.facts").inner_text()

    office.goto(item_url)
    act(office, "反馈", rating="satisfied")
    act(office, "办结")
    shoot(office, "04-事项页")
    facts = office.locator("dl.facts").inner_text()
    assert "已办结" in facts and "满意" in facts
    trail = office.locator("h2:text-is('留痕') + table").inner_text()
    for step, who in (("登记", "书记员"), ("审批", "王副院长"), ("交办", "书记员"), ("签收", "立案庭承办"),
                      ("答复", "立案庭承办"), ("反馈", "书记员"), ("办结", "书记员")):
        assert re.search(rf"{step}\t{who}", trail), (step, who, trail)
    item = clerk.json("item", "show", item_url.rsplit("/", 1)[1])
    assert item["status"] == "closed" and item["reply"]["category"] == "A"


def test_each_role_sees_its_own_navigation_and_is_refused_the_rest(site):
    _, url, browser = site
    navs = {role: login(browser, url, role).locator("header nav a").all_inner_texts() for role in PEOPLE}
    assert navs["admin"] == ["工作台", "留痕", "用户", "系统"]
    assert "登记" in navs["clerk"] and "代表" in navs["clerk"] and "登记" not in navs["leader"]
    assert "代表" not in navs["department"] and "报告" not in navs["department"]
    department = login(browser, url, "department")
    answer = department.goto(url + "/deputies")
    assert answer.status == 403 and "您的角色无权访问此页面" in department.content()
    department.click("button:has-text('退出')")
    assert department.url.startswith(url + "/login")


def test_screenshots_of_the_main_pages(site):
    """The pages a newcomer looks at first; saved only when LIANLUO_SCREENSHOTS is set, but always opened and
    checked to render with their Chinese headings."""
    _, url, browser = site
    office = login(browser, url, "clerk")
    for name, path, heading in (("02-事项", "/items", "事项"), ("05-代表", "/deputies", "代表名册"),
                                ("06-报告", "/reports?period=2026-Q1", "联络工作报告"),
                                ("07-考核", "/scoring?period=2026&rules=liwan-court&rules=hainan-2002", "考核"),
                                ("08-会议", "/sessions/1", "区人大五次会议"), ("09-留痕", "/audit", "留痕")):
        answer = office.goto(url + path)
        assert answer.status == 200 and heading in office.locator("h1").inner_text(), path
        shoot(office, name)
    office.goto(url + "/reports?period=2026-Q1")
    assert office.locator("figure.chart img").count() >= 1
    assert office.locator("figure.chart img").first.evaluate("i => i.naturalWidth") > 100
    shoot(office, "06-报告")


def test_a_deputy_writes_through_their_mailbox_link_and_the_office_sees_it(site):
    """代表委员专邮: the office issues the link on the CLI, the deputy opens it (no login), writes, sees the
    letter in their own list; the office finds it among the matters, filtered by where it came from."""
    clerk, url, browser = site
    link = clerk.json("mailbox", "issue", "陈代表", "--base-url", url)["url"]
    deputy = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    answer = deputy.goto(link)
    assert answer.status == 200 and answer.headers["referrer-policy"] == "no-referrer"
    assert "尊敬的陈代表" in deputy.locator("p.greeting").inner_text()
    assert deputy.locator("header nav").count() == 0  # nothing of the office's desk
    deputy.check("input[name=nature][value=批评]")
    deputy.fill("input[name=title]", "关于诉讼服务中心排队时间过长的批评")
    deputy.fill("textarea[name=content]", "上午九时前后排队常超过一小时，建议增设取号机并公布预约电话。")
    shoot(deputy, "10-代表委员专邮-填写")
    deputy.click("button:has-text('提交')")
    assert deputy.url == link and deputy.locator("p.flash").inner_text().startswith("已收到您的来信，登记编号第")
    row = deputy.locator("table tr", has=deputy.locator("text=关于诉讼服务中心排队时间过长的批评"))
    assert "已登记" in row.inner_text() and "尚未答复" in row.inner_text()
    shoot(deputy, "11-代表委员专邮-已提交")
    office = login(browser, url, "clerk")
    office.goto(url + "/items")
    office.select_option("select[name=channel]", "online")
    office.click("button:has-text('筛选')")
    office.click("text=关于诉讼服务中心排队时间过长的批评")
    assert "代表委员专邮" in office.locator("dl.facts").inner_text()
    gone = deputy.goto(link.rsplit("/", 1)[0] + "/" + "x" * 43)
    assert gone.status == 404 and "此链接无效或已失效" in deputy.content()
