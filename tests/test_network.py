"""A network of courts on one PostgreSQL (issue 23): an intermediate court and three basic courts, each in its
own home, driven through the CLI as their clerks would: joining, handing matters down, ticking, reporting up,
and the boundaries between them."""

from __future__ import annotations

import json
import secrets

import pytest

from fixtures import TEST_PG, Clerk, isolated_environment

NO_PG = "未设置 LIANLUO_TEST_PG（没有可用的 PostgreSQL），跳过联络网络测试（联络网络只用 PostgreSQL）"

BASIC = {"b1": "甲区人民法院", "b2": "乙区人民法院", "b3": "丙县人民法院"}


def build(base, network: str) -> dict[str, Clerk]:
    """The intermediate court (zy) on its own rules, three basic courts on county-court, all in one network."""
    courts = {"zy": Clerk(base / "zy")}
    courts["zy"].run("init", "--profile", "liwan-court", "--org", "某市中级人民法院", "--head", "周院长")
    courts["zy"].run("network", "add", "zy", "--network", network)
    courts["zy"].run("deputy", "add", "--name", "陈代表", "--level", "municipal")
    for code, name in BASIC.items():
        clerk = courts[code] = Clerk(base / code)
        clerk.run("init", "--profile", "county-court", "--org", name, "--head", f"{name[0]}院长")
        clerk.run("network", "add", code, "--parent", "zy", "--network", network)
        clerk.run("dept", "add", "民一庭", "--head", "赵庭长", "--leader", "钱副院长")
        clerk.run("deputy", "add", "--name", "林代表", "--level", "district")
    return courts


def drop(courts: dict[str, Clerk], network: str) -> None:
    from lianluo.kernel.store.factory import open_store
    import psycopg

    for clerk in courts.values():
        open_store(clerk.home).drop()
    with psycopg.connect(TEST_PG, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{network}" CASCADE')


@pytest.fixture(scope="module")
def courts(tmp_path_factory):
    if not TEST_PG:
        pytest.skip(NO_PG)
    base = tmp_path_factory.mktemp("network")
    network = f"net_{secrets.token_hex(4)}"
    with isolated_environment(base / "default-home"):
        built = build(base, network)
        try:
            yield built
        finally:
            drop(built, network)


def matter(upper: Clerk, title: str, day: str = "2026-03-02") -> int:
    item = upper.json("item", "register", "--kind", "suggestion", "--title", title, "--deputy", "陈代表",
                      "--date", day, "--channel", "interim")
    upper.run("item", "approve", str(item["id"]), "--date", day)
    return item["id"]


def test_the_network_lists_each_court_under_its_parent(courts):
    rows = courts["b2"].json("network", "list")
    assert {(r["code"], r["parent"]) for r in rows} == {("zy", None), ("b1", "zy"), ("b2", "zy"), ("b3", "zy")}
    text = courts["zy"].run("network", "list").stdout
    assert "某市中级人民法院" in text and "    b3  丙县人民法院" in text
    shown = courts["zy"].json("network", "show")
    assert shown["children"] == ["b1", "b2", "b3"] and shown["parent"] is None


def test_bad_input_is_named_and_a_cycle_or_unknown_parent_is_refused(courts):
    upper = courts["zy"]
    before = upper.json("network", "list")
    assert "代号" in upper.fails("network", "move", "Bad Code", "--parent", "zy")
    assert "--parent" in upper.fails("network", "move", "b1", "--parent", "nowhere")
    line = upper.fails("network", "move", "zy", "--parent", "b1", code=1)
    assert "成环" in line
    assert "已作为" in upper.fails("network", "add", "zz", "--name", "另一个法院", code=1)
    assert "--network" in upper.fails("network", "add", "zz", "--network", "Not A Schema")
    assert upper.json("network", "list") == before


def test_a_file_store_home_is_refused_in_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv("LIANLUO_STORE", raising=False)
    clerk = Clerk(tmp_path / "tiny")
    clerk.run("init", "--profile", "county-court")
    for args in (("network", "list"), ("network", "add", "x1", "--name", "某法院"), ("network", "tick")):
        assert "文件存储" in clerk.fails(*args, code=1)


def test_a_matter_handed_down_is_registered_below_and_its_handling_is_seen_above(courts):
    upper, lower = courts["zy"], courts["b1"]
    ref = matter(upper, "关于加强执行工作的建议")
    done = upper.json("network", "hand-down", str(ref), "--to", "b1", "--date", "2026-03-03", "--due", "2026-04-30")
    below = lower.json("item", "show", str(done["lower_item"]))
    assert below["title"] == "关于加强执行工作的建议" and below["extra"]["handed_from_org"] == "zy"
    assert below["extra"]["handed_from_item"] == ref
    assert [(c["name"], c["due"]) for c in below["clocks"] if c["name"] == "handed_down"] == [("handed_down", "2026-04-30")]
    text = lower.run("item", "show", str(done["lower_item"])).stdout
    assert "上级交办：某市中级人民法院 第" in text and "上级交办期限" in text
    above = upper.json("item", "show", str(ref))
    assert above["status"] == "assigned" and above["extra"]["handed_to_org"] == "b1"
    # the lower court handles it under its own rules; every step shows upstairs, read from its register
    lower.run("item", "assign", str(done["lower_item"]), "--lead", "民一庭", "--date", "2026-03-04")
    lower.run("item", "accept", str(done["lower_item"]), "--date", "2026-03-05")
    lower.run("item", "reply", str(done["lower_item"]), "--category", "A", "--text", "甲法〔2026〕5号",
              "--date", "2026-03-20")
    text = upper.run("item", "show", str(ref)).stdout
    assert "交办下级：甲区人民法院" in text and "下级办理情况（只读）" in text
    assert "状态：已答复" in text and "主办：民一庭" in text
    assert "已于此前交办" in upper.fails("network", "hand-down", str(ref), "--to", "b2", code=1)


def test_hand_down_writes_both_registers_or_neither(courts, monkeypatch):
    from lianluo.kernel.errors import RefusedError
    from lianluo.kernel.network import handdown

    upper, lower = courts["zy"], courts["b3"]
    ref = matter(upper, "交办中途失败的事项")
    before_upper, before_lower = upper.data_bytes(), lower.data_bytes()
    assert "--due" in upper.fails("network", "hand-down", str(ref), "--to", "b3", "--due", "2026-02-01",
                                  "--date", "2026-03-03")
    assert "ID" in upper.fails("network", "hand-down", "9999", "--to", "b3")
    assert "--to" in upper.fails("network", "hand-down", str(ref), "--to", "nowhere")

    def broken(*args):  # the lower's side fails after the upper's item was assigned in the same transaction
        raise RefusedError("下级登记失败（测试）")

    monkeypatch.setattr(handdown, "_deputy_in", broken)
    assert "下级登记失败" in upper.fails("network", "hand-down", str(ref), "--to", "b3", "--date", "2026-03-03", code=1)
    assert upper.data_bytes() == before_upper and lower.data_bytes() == before_lower


def test_a_court_reads_and_writes_nothing_of_its_sibling_or_its_parent(courts):
    b1, b2, upper = courts["b1"], courts["b2"], courts["zy"]
    ref = b1.json("item", "register", "--kind", "suggestion", "--title", "甲区自己的事项", "--deputy", "林代表",
                  "--date", "2026-03-02", "--channel", "interim")["id"]
    before = [c.data_bytes() for c in courts.values()]
    for args in (("network", "show", "b2"), ("network", "items", "b2"), ("network", "items", "zy"),
                 ("network", "show", "zy"), ("network", "hand-down", str(ref), "--to", "b2"),
                 ("network", "hand-down", str(ref), "--to", "zy")):
        assert "不是本单位（甲区人民法院）的" in b1.fails(*args, code=1)
    assert "不是本单位（某市中级人民法院）的直接下级" in upper.fails("network", "hand-down", "1", "--to", "zy", code=1)
    seen = upper.json("network", "items", "b1")
    assert ref in [row["id"] for row in seen["items"]]
    assert b2.json("network", "show")["code"] == "b2"
    assert [c.data_bytes() for c in courts.values()] == before  # reading below is read-only


def test_the_network_report_is_the_sum_of_the_four_courts(courts, monkeypatch):
    upper = courts["zy"]
    for code in ("b2", "b3"):
        ref = matter(upper, f"交办{code}的建议")
        upper.run("network", "hand-down", str(ref), "--to", code, "--date", "2026-03-03")
    report = upper.json("network", "report", "--period", "2026", "--date", "2026-12-31")
    rows, whole = report["orgs"], report["total"]
    assert [r["org"] for r in rows] == ["zy", "b1", "b2", "b3"]
    for key in ("items", "handed_down", "finished", "replied", "clocks_met", "clocks_missed", "handed_from_above", "activities",
                "deputies"):
        assert whole[key] == sum(r[key] for r in rows), key
    for row in rows:  # each court's figures are what the court itself reports
        own = courts[row["org"]].json("network", "report", "--period", "2026", "--date", "2026-12-31")["orgs"][0]
        assert own["items"] == row["items"] and own["org"] == row["org"]
        assert row["items"] + row["handed_down"] == len(courts[row["org"]].json("item", "list"))
    # ranked by the upper's scoring plugin under its own rule set (liwan-court), not by the kernel
    assert [r["name"] for r in report["rankings"]] == ["liwan-court"]
    assert all(set(r["scores"]) == {"liwan-court"} for r in rows)
    # the server's aggregate (figures_sql.py) gives what the Python count over the summaries gives
    monkeypatch.setenv("LIANLUO_FACTS", "documents")
    assert upper.json("network", "report", "--period", "2026", "--date", "2026-12-31")["orgs"] == rows
    assert sum(r["handed_from_above"] for r in rows[1:]) == rows[0]["handed_down"] >= 2  # each matter counted once
    text = upper.run("network", "report", "--period", "2026", "--date", "2026-12-31").stdout
    assert "全网合计" in text.splitlines()[-2] and "丙县人民法院" in text
    assert text.splitlines()[-1] == "得分和排名按本单位考核规则：荔湾区法院（liwan-court）"


def test_the_upper_courts_rule_sets_decide_the_order_of_the_courts_side_by_side(courts):
    """Two rule sets of the upper court order the same courts differently: 2025's matters, answered so that
    Hainan's per-item points favour 甲区 (two B answers on time) and Liaoning's "solved" completion favours
    乙区 (one A answer, one unanswered). The order follows whichever the upper's profile names; with both,
    the report shows both side by side — on the CLI and on the upper office's web page."""
    from fixtures import add_web_user, web_login
    from lianluo.kernel import Root
    from lianluo.plugins.web import create_app

    answers = {"b1": ["B", "B"], "b2": ["A", None]}
    for code, categories in answers.items():
        clerk = courts[code]
        for n, category in enumerate(categories):
            ref = clerk.json("item", "register", "--kind", "suggestion", "--title", f"2025年排名用建议{n}",
                             "--deputy", "林代表", "--date", "2025-03-03", "--channel", "interim")["id"]
            clerk.run("item", "approve", str(ref), "--date", "2025-03-03")
            clerk.run("item", "assign", str(ref), "--lead", "民一庭", "--date", "2025-03-04")
            clerk.run("item", "accept", str(ref), "--date", "2025-03-04")
            if category:
                clerk.run("item", "reply", str(ref), "--category", category, "--text", "答复", "--date", "2025-03-20")
    upper = courts["zy"]

    def ranks(rules: str) -> tuple[dict, dict]:
        upper.run("profile", "set", "scoring.rules", rules)
        report = upper.json("network", "report", "--period", "2025", "--date", "2025-12-31")
        return report, {r["org"]: {name: s["rank"] for name, s in r["scores"].items()} for r in report["orgs"]}

    try:
        _, hainan = ranks("hainan-2002")
        assert (hainan["b1"], hainan["b2"]) == ({"hainan-2002": 1}, {"hainan-2002": 2})
        assert hainan["zy"] == hainan["b3"] == {"hainan-2002": None}  # nothing to judge in 2025: not ranked
        _, liaoning = ranks("liaoning-procuratorate")
        assert (liaoning["b2"], liaoning["b1"]) == ({"liaoning-procuratorate": 1}, {"liaoning-procuratorate": 2})
        report, both = ranks("hainan-2002,liaoning-procuratorate")
        assert [r["name"] for r in report["rankings"]] == ["hainan-2002", "liaoning-procuratorate"]
        assert both["b1"] == {"hainan-2002": 1, "liaoning-procuratorate": 2}
        b1 = next(r for r in report["orgs"] if r["org"] == "b1")
        assert b1["scores"]["hainan-2002"]["score"] == 65.0  # 20 on time + 25 answered unrated + 20 for B, each
        text = upper.run("network", "report", "--period", "2025", "--date", "2025-12-31").stdout.splitlines()
        assert "得分（海南2002）" in text[1] and "排名（辽宁省检察院）" in text[1]
        assert text[3].startswith("甲区人民法院") and text[3].endswith("65.0  1  0.0  2")
        add_web_user(upper, "排名查看员", "clerk")
        web = create_app(Root(upper.home, "web", {}), testing=True).test_client()
        assert web_login(web, "排名查看员").status_code == 303
        assert "海南2002" not in web.get("/network").get_data(as_text=True)  # counted only when a period is asked
        page = web.get("/network?period=2025").get_data(as_text=True)
        assert "海南2002" in page and "辽宁省检察院" in page and "65.0" in page
        assert web.get("/network?period=2025-13").status_code == 400
    finally:
        upper.run("profile", "set", "scoring.rules", "liwan-court")


def test_one_tick_for_the_network_chases_below_isolates_a_failure_and_reports_up(courts):
    upper = courts["zy"]
    ref = matter(upper, "逾期催办的建议", day="2026-04-01")
    upper.run("network", "hand-down", str(ref), "--to", "b2", "--date", "2026-04-02", "--due", "2026-04-10")
    answered = matter(upper, "下级已答复的建议", day="2026-04-01")
    lower_id = upper.json("network", "hand-down", str(answered), "--to", "b3", "--date", "2026-04-02")["lower_item"]
    b3 = courts["b3"]
    b3.run("item", "assign", str(lower_id), "--lead", "民一庭", "--date", "2026-04-03")
    b3.run("item", "accept", str(lower_id), "--date", "2026-04-03")
    b3.run("item", "reply", str(lower_id), "--category", "B", "--text", "丙法〔2026〕9号", "--date", "2026-04-20")
    ticked = upper.json("network", "tick", "--today", "2026-05-06")
    assert [o["org"] for o in ticked["orgs"]] == ["zy", "b1", "b2", "b3"]
    # the lower's reply is recorded upstairs, dated the day it was given, and the upper's clock stops chasing
    mirrored = upper.json("item", "show", str(answered))
    assert mirrored["status"] == "replied" and mirrored["reply"]["category"] == "B"
    assert mirrored["events"][-1]["at"] == "2026-04-20" and mirrored["events"][-1]["detail"]["from_org"] == "b3"
    assert not [n for n in upper.json("notices") if f"第 {answered} 号" in n["text"]]
    notices = upper.json("notices")
    texts = [(n["to"], n["text"]) for n in notices if f"第 {ref} 号" in n["text"]]
    assert any(to.startswith("乙区人民法院（立案庭联络员）") for to, _ in texts)
    assert any("【督办】" in text and to.startswith("乙院长（乙区人民法院") for to, text in texts)
    below = courts["b2"].json("notices")
    assert any("上级交办期限" in n["text"] for n in below)
    # one court's broken home does not stop the others; the network tick says it needs attention
    profile = courts["b1"].home / "profile.toml"
    kept = profile.read_bytes()
    profile.write_text("[profile\n", encoding="utf-8")
    try:
        result = upper.run("network", "tick", "--today", "2026-06-01", "--json", expect=3)
        rows = {o["org"]: o for o in json.loads(result.stdout)["orgs"]}
        assert rows["b1"]["code"] != 0 and rows["b1"]["error"]
        assert all(rows[c]["code"] in (0, 3) and not rows[c]["error"] for c in ("zy", "b2", "b3"))
    finally:
        profile.write_bytes(kept)
    # on a basic court's half-yearly report day its figures reach the network as data
    ticked = upper.json("network", "tick", "--today", "2026-07-10")
    assert all("2026-H1" in o["reported"] for o in ticked["orgs"] if o["org"] != "zy")
    report = upper.json("network", "report", "--period", "2026-H1", "--date", "2026-07-10")
    assert {r["org"]: r["reported"] for r in report["orgs"] if r["org"] != "zy"} == dict.fromkeys(BASIC, "2026-07-10")


def test_rank_organisations_is_open_to_any_plugin_of_the_upper_and_a_failing_one_is_named(courts):
    """`rank_organisations` is open to any plugin of the upper court: a third party's ranking shows beside the
    scoring plugin's; a plugin that raises is named in a note and the report is still given."""
    from lianluo.kernel import OrganisationRanking, OrganisationScore, hookimpl

    class ByItems:
        @hookimpl
        def rank_organisations(self, organisations):
            counts = [m.figures["items"] for m in organisations]
            return [OrganisationRanking("by-items", "办理件数", {
                m.code: OrganisationScore(n, str(n), 1 + sum(other > n for other in counts))
                for m, n in zip(organisations, counts)})]

    class Broken:
        @hookimpl
        def rank_organisations(self):
            raise RuntimeError("考核系统不可用")

    upper = Clerk(courts["zy"].home, plugins={"by_items": ByItems(), "broken": Broken()})
    report = upper.json("network", "report", "--period", "2026", "--date", "2026-12-31")
    assert [r["name"] for r in report["rankings"]] == ["liwan-court", "by-items"] or \
        [r["name"] for r in report["rankings"]] == ["by-items", "liwan-court"]
    most = max(r["items"] for r in report["orgs"])
    assert all((r["scores"]["by-items"]["rank"] == 1) == (r["items"] == most) for r in report["orgs"])
    assert report["notes"] == ["插件 broken 未能给出各单位的排名（RuntimeError: 考核系统不可用）。"]
    text = upper.run("network", "report", "--period", "2026", "--date", "2026-12-31").stdout.splitlines()
    assert "排名（办理件数）" in text[1] and text[-1] == report["notes"][0]


def test_the_lowers_feedback_and_closing_are_recorded_upstairs_by_the_network_tick(courts):
    """[network] mirror_actions by default: the lower's reply, the deputy's feedback and the closing, in order.
    An unsatisfied rating below starts the upper's own re-handling clock (chasing the lower's office); the
    second round's rating names the deputy, found upstairs by name; the closing below closes the matter above."""
    upper, b1 = courts["zy"], courts["b1"]
    ref = matter(upper, "下级反馈并办结的建议", day="2026-08-03")
    lower = upper.json("network", "hand-down", str(ref), "--to", "b1", "--date", "2026-08-04")["lower_item"]
    b1.run("item", "assign", str(lower), "--lead", "民一庭", "--date", "2026-08-05")
    b1.run("item", "accept", str(lower), "--date", "2026-08-05")
    b1.run("item", "reply", str(lower), "--category", "B", "--text", "甲法〔2026〕5号", "--date", "2026-08-10")
    b1.run("item", "feedback", str(lower), "--rating", "unsatisfied", "--date", "2026-08-12")
    ticked = {o["org"]: o for o in upper.json("network", "tick", "--today", "2026-08-14")["orgs"]}
    assert [(m["action"], m["date"]) for m in ticked["zy"]["mirrored"] if m["item"] == ref] == [
        ("reply", "2026-08-10"), ("feedback", "2026-08-12")]
    above = upper.json("item", "show", str(ref))
    rehandle = next(c for c in above["clocks"] if c["name"] == "rehandle")
    assert above["status"] == "handling" and above["feedback"] == "unsatisfied"
    assert (rehandle["start"], rehandle["status"], rehandle["owner"]) == ("2026-08-12", "open", above["lead"])
    b1.run("item", "reply", str(lower), "--category", "A", "--text", "甲法〔2026〕6号", "--date", "2026-08-20")
    b1.run("item", "feedback", str(lower), "--rating", "satisfied", "--deputy", "陈代表", "--date", "2026-08-21")
    b1.run("item", "close", str(lower), "--date", "2026-08-22")
    ticked = {o["org"]: o for o in upper.json("network", "tick", "--today", "2026-08-24")["orgs"]}
    assert [m["action"] for m in ticked["zy"]["mirrored"] if m["item"] == ref] == ["reply", "feedback", "close"]
    above = upper.json("item", "show", str(ref))
    assert above["status"] == "closed" and above["feedback"] == "satisfied" and above["reply"]["category"] == "A"
    steps = [(e["action"], e["at"], e["detail"].get("from_org")) for e in above["events"] if e["detail"].get("from_org")]
    assert steps == [("reply", "2026-08-10", "b1"), ("feedback", "2026-08-12", "b1"), ("reply", "2026-08-20", "b1"),
                     ("feedback", "2026-08-21", "b1"), ("close", "2026-08-22", "b1")]
    chen = next(d for d in upper.json("deputy", "list") if d["name"] == "陈代表")
    assert above["events"][-2]["detail"]["deputy"] == chen["id"]
    assert all(c["status"] != "open" for c in above["clocks"])
    again = {o["org"]: o for o in upper.json("network", "tick", "--today", "2026-08-25")["orgs"]}
    assert not [m for m in again["zy"]["mirrored"] if m["item"] == ref]  # recorded once


def test_on_the_web_the_upper_office_reads_below_and_nobody_crosses_otherwise(courts):
    from fixtures import add_web_user, web_login
    from lianluo.kernel import Root
    from lianluo.plugins.web import create_app

    from fixtures import csrf_token

    upper, b1 = courts["zy"], courts["b1"]
    ref = matter(upper, "网页上交办并查看下级办理的建议")
    for clerk, who in ((upper, "中院书记员"), (b1, "甲区书记员")):
        add_web_user(clerk, who, "clerk")
    add_web_user(upper, "中院院领导", "leader")

    def client(clerk, who):
        web = create_app(Root(clerk.home, "web", {}), testing=True).test_client()
        assert web_login(web, who).status_code == 303
        return web

    office = client(upper, "中院书记员")
    form = office.get(f"/items/{ref}").get_data(as_text=True)
    assert "交办下级单位" in form and '<option value="b1">甲区人民法院</option>' in form
    token = csrf_token(office, f"/items/{ref}")
    bad = office.post(f"/items/{ref}/hand-down", data={"csrf_token": token, "to": "b1", "due": "2026-02-30"})
    assert bad.status_code == 400 and "期限" in bad.get_data(as_text=True)
    assert office.post(f"/items/{ref}/hand-down", data={"csrf_token": token, "to": "zy"}).status_code == 409
    done = office.post(f"/items/{ref}/hand-down", data={"csrf_token": token, "to": "b1", "date": "2026-03-03"})
    assert done.status_code == 303
    above = upper.json("item", "show", str(ref))
    lower_id = above["extra"]["handed_to_item"]
    assert above["events"][-1]["who"] == "中院书记员"
    assert b1.json("item", "show", str(lower_id))["extra"]["handed_from_item"] == ref
    page = office.get("/network").get_data(as_text=True)
    assert all(name in page for name in BASIC.values())
    listing = office.get("/network/b1").get_data(as_text=True)
    assert "网页上交办并查看下级办理的建议" in listing and "上级交办" in listing
    shown = office.get(f"/network/b1/items/{lower_id}").get_data(as_text=True)
    assert "上级交办：某市中级人民法院" in shown and "（只读）" in shown and "<form" not in shown.split("<main")[-1]
    item_page = office.get(f"/items/{ref}").get_data(as_text=True)
    assert "交办下级：甲区人民法院" in item_page and "下级办理情况（只读）" in item_page
    assert office.get("/network/nowhere").status_code == 404
    assert client(upper, "中院院领导").get("/network/b1").status_code == 403
    below = client(b1, "甲区书记员")
    for path in ("/network/zy", "/network/b2", f"/network/b2/items/1", f"/network/zy/items/{ref}"):
        assert below.get(path).status_code == 404, path
    assert "没有下级单位" in below.get("/network").get_data(as_text=True)


def test_one_database_role_per_court_reads_below_and_never_above(courts):
    """`network grant`: a role per court that owns its schema, reads the courts below it (and writes a direct
    child's, for hand-down) — and cannot read its parent's or a sibling's schema: the server keeps the boundary."""
    import psycopg
    from psycopg import errors, sql

    from lianluo.kernel.store.factory import store_config

    upper, b1 = courts["zy"], courts["b1"]
    script = b1.run("network", "grant").stdout  # a lower court's script covers itself only
    schemas = {code: store_config(clerk.home)["schema"] for code, clerk in courts.items()}
    assert schemas["b1"] in script and schemas["zy"] not in script and schemas["b2"] not in script
    doc = upper.json("network", "grant", "--apply")
    roles = {r["org"]: r["role"] for r in doc["roles"]}
    assert set(roles) == {"zy", *BASIC} and doc["applied"]

    def allowed(conn, who: str, whose: str, statement: str = "SELECT count(*) FROM {}") -> bool:
        try:
            with conn.transaction():
                conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(roles[who])))
                conn.execute(sql.SQL(statement).format(sql.Identifier(schemas[whose], "docs")))
            return True
        except errors.InsufficientPrivilege:
            return False

    def reads(conn, who: str, whose: str) -> bool:
        return allowed(conn, who, whose)

    def writes(conn, who: str, whose: str) -> bool:
        return allowed(conn, who, whose, "UPDATE {} SET doc = doc WHERE false")

    try:
        with psycopg.connect(TEST_PG, autocommit=True) as conn:
            assert reads(conn, "zy", "zy") and reads(conn, "zy", "b1") and reads(conn, "b1", "b1")
            assert not reads(conn, "b1", "zy") and not reads(conn, "b1", "b2") and not reads(conn, "b3", "zy")
            assert writes(conn, "zy", "b1") and writes(conn, "b1", "b1")  # a hand-down writes the direct child
            assert not writes(conn, "b1", "zy") and not writes(conn, "b2", "b1")
        # each court's home on its own role: its own work, reading below and handing down still work
        from lianluo.kernel.store.factory import save_store_config

        from lianluo.kernel.store.pg_store import PACKED

        kept = {code: store_config(clerk.home) for code, clerk in courts.items()}
        b1_facts = sql.Identifier(schemas["b1"], "facts")

        def b1_packed(conn) -> bool:
            return conn.execute("SELECT EXISTS (SELECT FROM pg_attribute WHERE attrelid = %s::regclass AND attname = %s "
                                "AND NOT attisdropped)", (f'"{schemas["b1"]}".facts', PACKED)).fetchone()[0]

        with psycopg.connect(TEST_PG, autocommit=True) as conn:
            for role in roles.values():
                conn.execute(sql.SQL("ALTER ROLE {} LOGIN").format(sql.Identifier(role)))
            # b1's facts table as made before the packed rows: the upper's role may write its rows, not add the column
            conn.execute(sql.SQL("ALTER TABLE {} DROP COLUMN {}").format(b1_facts, sql.Identifier(PACKED)))
        try:
            for code, clerk in courts.items():
                url = kept[code]["url"].replace("user=postgres", f"user={roles[code]}")
                save_store_config(clerk.home, url, kept[code]["schema"], kept[code]["network"])
            ref = matter(upper, "各院角色下交办的建议", day="2026-09-01")
            lower = upper.json("network", "hand-down", str(ref), "--to", "b1", "--date", "2026-09-02")["lower_item"]
            assert b1.json("item", "show", str(lower))["extra"]["handed_from_item"] == ref
            assert any(i["id"] == lower for i in upper.json("network", "items", "b1")["items"])
            with psycopg.connect(TEST_PG, autocommit=True) as conn:
                assert not b1_packed(conn)  # the hand-down wrote b1's facts row without trying to change its table
            b1.run("item", "approve", str(lower), "--date", "2026-09-02")
            with psycopg.connect(TEST_PG, autocommit=True) as conn:
                assert b1_packed(conn)  # b1's own role owns the table: its write added the column
            assert any(i["id"] == lower for i in upper.json("network", "items", "b1")["items"])
            assert upper.json("network", "report", "--period", "2026", "--date", "2026-09-02")["orgs"][1]["org"] == "b1"
            assert [o["code"] for o in upper.json("network", "tick", "--today", "2026-09-03")["orgs"]] == [0, 0, 0, 0]
        finally:
            for code, clerk in courts.items():
                save_store_config(clerk.home, kept[code]["url"], kept[code]["schema"], kept[code]["network"])
    finally:
        with psycopg.connect(TEST_PG, autocommit=True) as conn:
            for role in roles.values():
                conn.execute(sql.SQL("REASSIGN OWNED BY {} TO CURRENT_USER").format(sql.Identifier(role)))
                conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_which_ratings_count_as_satisfied_is_the_profiles(courts, monkeypatch):
    """[network] satisfied_ratings: by default only 满意 counts; a court that counts 基本满意 too says so in its
    profile — the kernel's count (in SQL and in Python alike) names no rating of its own."""
    b1 = courts["b1"]
    ref = b1.json("item", "register", "--kind", "suggestion", "--title", "基本满意的建议", "--deputy", "林代表",
                  "--date", "2024-03-04", "--channel", "interim")["id"]
    b1.run("item", "approve", str(ref), "--date", "2024-03-04")
    b1.run("item", "assign", str(ref), "--lead", "民一庭", "--date", "2024-03-05")
    b1.run("item", "accept", str(ref), "--date", "2024-03-05")
    b1.run("item", "reply", str(ref), "--category", "B", "--text", "乙法〔2024〕1号", "--date", "2024-03-20")
    b1.run("item", "feedback", str(ref), "--rating", "basic", "--date", "2024-03-25")

    def counted() -> tuple[int, int]:
        row = b1.json("network", "report", "--period", "2024", "--date", "2024-12-31")["orgs"][0]
        monkeypatch.setenv("LIANLUO_FACTS", "documents")
        assert b1.json("network", "report", "--period", "2024", "--date", "2024-12-31")["orgs"][0] == row
        monkeypatch.delenv("LIANLUO_FACTS")
        return row["rated"], row["satisfied"]

    assert counted() == (1, 0)
    profile = b1.home / "profile.toml"
    before = profile.read_text(encoding="utf-8")
    assert "[network]" not in before  # a court adds the table to its profile by hand, as for total_label
    profile.write_text(before + '\n[network]\nsatisfied_ratings = ["satisfied", "basic"]\n', encoding="utf-8")
    try:
        assert counted() == (1, 1)
    finally:
        profile.write_text(before, encoding="utf-8")
