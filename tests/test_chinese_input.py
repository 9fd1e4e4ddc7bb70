"""Issue 19 point 6: a clerk types Chinese where a value is asked for — `--kind 建议`, `--level 区`, `--mode 电话`,
`--deputy 林某某`, `--lead 民一庭` — and reads names and labels in the trail (`主办部门：民一庭`, `联系代表：电话`),
while the JSON keeps the codes. A name two deputies share is refused with both listed (exit 2, nothing written)."""

from __future__ import annotations

import pytest


def test_a_clerk_handles_a_suggestion_typing_only_chinese(liwan):
    deputy = liwan.json("deputy", "add", "--name", "林某某", "--level", "区", "--body", "人大代表")
    assert (deputy["level"], deputy["body"]) == ("district", "npc")
    session = liwan.json("session", "add", "--name", "市人大会议", "--opens", "2026-02-02", "--closes", "2026-02-05",
                         "--level", "市级", "--body", "人大")
    assert session["level"] == "municipal"

    item = liwan.json("item", "register", "--kind", "建议", "--title", "加强诉源治理", "--deputy", "林某某",
                      "--deputy", "陈代表", "--channel", "闭会期间", "--date", "2026-03-02")
    assert (item["kind"], item["channel"], item["deputies"]) == ("suggestion", "interim", [deputy["id"], 1])
    liwan.run("item", "approve", "1", "--date", "2026-03-02")
    assigned = liwan.json("item", "assign", "1", "--lead", "民一庭", "--co", "立案", "--date", "2026-03-03")
    assert (assigned["lead"], assigned["co"]) == (2, [1])
    shown = liwan.run("item", "contact", "1", "--mode", "电话", "--note", "已电话沟通", "--date", "2026-03-04").stdout
    assert "联系代表：电话；已电话沟通" in shown and "phone" not in shown
    reply = liwan.json("item", "reply", "1", "--category", "已解决", "--text", "已答复", "--date", "2026-03-05")
    assert reply["reply"]["category"] == "A"
    rated = liwan.json("item", "feedback", "1", "--rating", "基本满意", "--deputy", "林某某", "--date", "2026-03-06")
    assert rated["feedback"] == "basic" and rated["events"][-1]["detail"]["deputy"] == deputy["id"]
    assert [i["id"] for i in liwan.json("item", "list", "--status", "已答复")] == [1]

    history = liwan.run("item", "history", "1").stdout
    for words in ("类型：建议、批评和意见", "主办部门：民一庭；协办部门：立案庭", "方式：电话；沟通情况：已电话沟通",
                  "答复类别：已解决", "代表评价：基本满意；反馈代表：林某某"):
        assert words in history, history
    assert "=" not in history and "lead" not in history and "phone" not in history
    events = liwan.json("item", "history", "1")  # the JSON contract keeps the codes and ids
    assert events[2]["detail"] == {"lead": 2, "co": [1]} and events[3]["detail"]["mode"] == "phone"


def test_a_name_two_deputies_share_is_refused_with_both_listed(liwan):
    liwan.run("deputy", "add", "--name", "林某某", "--level", "district", "--group", "沙面街联组")
    liwan.run("deputy", "add", "--name", "林某某", "--level", "municipal")
    before = liwan.data_bytes()
    line = liwan.fails("item", "register", "--kind", "建议", "--title", "甲", "--deputy", "林某某",
                       "--channel", "当场", "--date", "2026-03-02")
    assert line == ("错误：--deputy：名册中有 2 位名为 林某某 的代表或委员，请用编号指明："
                    "3（区级人大代表，沙面街联组）、4（市级人大代表）")
    assert liwan.data_bytes() == before
    liwan.run("item", "register", "--kind", "建议", "--title", "甲", "--deputy", "3", "--channel", "当场",
              "--date", "2026-03-02")


@pytest.mark.parametrize(("args", "line"), [
    (("item", "assign", "1", "--lead", "庭", "--date", "2026-03-03"),
     "错误：--lead：'庭' 可指 2 个部门，请用编号指明：1（立案庭）、2（民一庭）"),
    (("item", "assign", "1", "--lead", "刑庭", "--date", "2026-03-03"),
     "错误：--lead：部门 '刑庭' 不存在（用 lianluo dept list 查看编号和名称，或先用 lianluo dept add 添加）"),
    (("item", "contact", "1", "--mode", "传真", "--date", "2026-03-03"),
     "错误：--mode：无效值 '传真'；可用：letter（信函）、meet（见面）、phone（电话）、visit（走访）"),
    (("item", "register", "--kind", "建", "--title", "乙", "--deputy", "1", "--channel", "当场"),
     "错误：--kind：无效值 '建'；可用："),
    (("deputy", "add", "--name", "王代表", "--level", "乡"), "错误：--level：无效值 '乡'；可用：county（县）"),
    (("notices", "--state", "已读"), "错误：--state：无效值 '已读'；可用：delivered（已发送）"),
])
def test_a_chinese_value_nobody_knows_is_one_line_naming_the_option(liwan, args, line):
    liwan.run("item", "register", "--kind", "建议", "--title", "甲", "--deputy", "陈代表", "--channel", "当场",
              "--date", "2026-03-02")
    before = liwan.data_bytes()
    assert liwan.fails(*args).startswith(line)
    assert liwan.data_bytes() == before


def test_plugins_commands_take_chinese_too(liwan):
    """The activities and cases plugins' options use the same ParamType and the same name lookup."""
    activity = liwan.json("activity", "add", "--kind", "座谈会", "--date", "2026-03-10", "--title", "座谈",
                          "--deputy", "陈代表", "--deputy", "林委员", "--notified", "2026-03-01")
    assert activity["kind"] == "symposium" and activity["invited"] == [1, 2]
    assert [a["id"] for a in liwan.json("activity", "list", "--kind", "座谈会")] == [activity["id"]]
    proposal = liwan.json("activity", "invite", "--count", "1", "--method", "抽签", "--seed", "7", "--level", "区")
    assert proposal["method"] == "lottery"
    case = liwan.json("case", "register", "--kind", "督办案件", "--title", "张某诉李某", "--case-number", "（2026）粤0103民初1号",
                      "--deputy", "陈代表", "--division", "民一", "--panel", "孙法官", "--chief", "赵庭长", "--vp", "钱副院长",
                      "--sender", "区人大常委会", "--date", "2026-03-02")
    assert (case["kind"], case["deputies"], case["lead"]) == ("supervision", [1], 2)
