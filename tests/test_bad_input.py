"""Bad input: a clear one-line Chinese error naming the field, exit 2, and nothing written.

Every refusal is checked the same way: the exit code, exactly one line on stderr that starts with 错误： and
names the field the clerk got wrong, no traceback, and the data file byte-for-byte as it was. Refusals of a
well-formed request that the workflow does not allow now exit 1, again with one line.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner
from fixtures import Clerk, set_up_liwan

from lianluo.kernel.cli.main import cli
from lianluo.kernel.errors import InputError, RefusedError
from lianluo.kernel.hooks import hookimpl

# --- a desk with items in every state the table needs --------------------------------------------------
#
#   item 1  interim suggestion, registered + approved 2026-03-02, assigned 2026-03-03 to 立案庭
#           → reply clock due 2026-05-06 (05-03 + May Day holiday), limit 2026-07-03 (Liwan art. 15)
#   item 2  interim suggestion, only registered 2026-03-02 (已登记)
#   item 3  session suggestion (session 1), assigned 2026-01-08 to 立案庭 with co-department 民一庭
#   item 4  interim suggestion, assigned 2026-03-03 and replied 2026-03-10 (已答复)


def _build_desk(clerk: Clerk) -> None:
    set_up_liwan(clerk)  # the same home as conftest's `liwan` fixture …
    # … plus four items
    for title in ("闭会期间建议", "刚登记的建议"):
        clerk.run("item", "register", "--kind", "suggestion", "--title", title, "--deputy", "1",
                  "--channel", "interim", "--date", "2026-03-02")
    clerk.run("item", "approve", "1", "--date", "2026-03-02")
    clerk.run("item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-03")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "会议期间建议", "--deputy", "1",
              "--session", "1", "--date", "2026-01-08")
    clerk.run("item", "approve", "3", "--date", "2026-01-08")
    clerk.run("item", "assign", "3", "--lead", "立案庭", "--co", "民一庭", "--date", "2026-01-08")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "已答复的建议", "--deputy", "2",
              "--channel", "interim", "--date", "2026-03-02")
    clerk.run("item", "approve", "4", "--date", "2026-03-02")
    clerk.run("item", "assign", "4", "--lead", "立案庭", "--date", "2026-03-03")
    clerk.run("item", "reply", "4", "--category", "A", "--text", "已解决", "--date", "2026-03-10")


@pytest.fixture(scope="module")
def _desk_template(tmp_path_factory):
    """Built once per module (the same environment as conftest's autouse fixture), copied for each test."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIANLUO_USER", "测试书记员")
        mp.delenv("LIANLUO_TODAY", raising=False)
        mp.delenv("LIANLUO_TRACE_PLUGINS", raising=False)
        mp.setenv("LIANLUO_ORG", "示例区人民法院")
        home = tmp_path_factory.mktemp("desk") / "home"
        _build_desk(Clerk(home))
    return home


@pytest.fixture
def desk(_desk_template, tmp_path) -> Clerk:
    home = tmp_path / "home"
    shutil.copytree(_desk_template, home)
    return Clerk(home)


def refused(clerk: Clerk, args, field: str, code: int = 2) -> str:
    """Run a command that must be refused; check the one line, the field and that nothing was written."""
    before = clerk.data_bytes()
    line = clerk.fails(*args, code=code)
    assert line.startswith("错误："), line
    assert field in line, f"{field!r} not named in: {line}"
    assert "Traceback" not in line and "内部错误" not in line, line
    assert clerk.data_bytes() == before, f"data file changed by: lianluo {' '.join(args)}"
    return line


def register(*extra: str) -> tuple[str, ...]:
    """`item register` with good values; `extra` options come last and override or add."""
    return ("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1",
            "--channel", "interim", "--date", "2026-03-02", *extra)


def _without(args: tuple[str, ...], option: str) -> tuple[str, ...]:
    i = args.index(option)
    return args[:i] + args[i + 2:]


REGISTER = ("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "1", "--date", "2026-03-02")

# --- 1. the table: (args, the field the one line must name) -------------------------------------------

BAD_INPUT = [
    # the cases
    pytest.param(("item", "register", "--kind", "suggestion", "--title", "T", "--deputy", "99", "--date", "2026-03-02"),
                 "--deputy", id="unknown-deputy"),
    pytest.param(register("--date", "2026-02-30"), "--date", id="impossible-date-feb-30"),
    pytest.param(register("--kind", "petition"), "--kind", id="unknown-kind"),
    pytest.param(("item", "reply", "999", "--category", "A", "--text", "x", "--date", "2026-03-02"), "ID",
                 id="reply-to-unknown-item"),
    pytest.param(("session", "add", "--name", "临时会议", "--opens", "2026-03-05", "--closes", "2026-03-04"),
                 "--closes", id="session-closes-before-it-opens"),
    # item register
    pytest.param(register("--kind", ""), "--kind", id="register-empty-kind"),
    pytest.param(register("--kind", "Suggestion"), "--kind", id="register-kind-wrong-case"),
    pytest.param(register("--title", ""), "--title", id="register-empty-title"),
    pytest.param(register("--title", "   \t "), "--title", id="register-whitespace-title"),
    pytest.param(register("--title", "长" * 600), "--title", id="register-600-character-title"),
    pytest.param(register("--title", "x" * 501), "--title", id="register-title-one-over-500"),
    pytest.param(register("--content", "文" * 20001), "--content", id="register-content-too-long"),
    pytest.param(register("--date", "2026/03/02"), "--date", id="register-date-with-slashes"),
    pytest.param(register("--date", "20260302"), "--date", id="register-date-without-dashes"),
    pytest.param(register("--date", ""), "--date", id="register-empty-date"),
    pytest.param(register("--date", "2026-3-2"), "--date", id="register-date-unpadded"),
    pytest.param(register("--date", "2026-13-01"), "--date", id="register-month-13"),
    pytest.param(register("--date", "2026-02-29"), "--date", id="register-feb-29-not-a-leap-year"),
    pytest.param(register("--date", "2026-03-02T09:00"), "--date", id="register-date-with-time"),
    pytest.param(register("--date", "二〇二六年三月二日"), "--date", id="register-date-in-chinese"),
    pytest.param(register("--deputy", "abc"), "--deputy", id="register-deputy-not-a-number"),
    pytest.param(register("--deputy", ""), "--deputy", id="register-empty-deputy"),
    pytest.param(register("--deputy", "无此人"), "--deputy", id="register-deputy-unknown-name"),
    pytest.param(register("--deputy", "99"), "--deputy", id="register-second-deputy-unknown"),
    pytest.param(register("--channel", "meeting"), "--channel", id="register-unknown-channel"),
    pytest.param(register("--channel", "Session"), "--channel", id="register-channel-wrong-case"),
    pytest.param(REGISTER + ("--session", "9"), "--session", id="register-unknown-session"),
    pytest.param(register("--session", "1"), "--session", id="register-interim-with-session"),
    pytest.param(register("--channel", "session"), "--session", id="register-session-channel-outside-sessions"),
    pytest.param(REGISTER + ("--date", "2026-01-01", "--session", "1"), "--date",
                 id="register-before-the-session-opens"),
    # dept add
    pytest.param(("dept", "add", "立案庭", "--head", "甲", "--leader", "乙"), "NAME", id="dept-duplicate-name"),
    pytest.param(("dept", "add", " 立案庭 ", "--head", "甲", "--leader", "乙"), "NAME",
                 id="dept-duplicate-name-padded"),
    pytest.param(("dept", "add", "   ", "--head", "甲", "--leader", "乙"), "NAME", id="dept-blank-name"),
    pytest.param(("dept", "add", "庭" * 201, "--head", "甲", "--leader", "乙"), "NAME", id="dept-name-too-long"),
    pytest.param(("dept", "add", "刑庭", "--head", "", "--leader", "乙"), "--head", id="dept-empty-head"),
    pytest.param(("dept", "add", "刑庭", "--head", "甲", "--leader", " "), "--leader", id="dept-blank-leader"),
    # deputy add / show
    pytest.param(("deputy", "add", "--name", "王代表", "--level", "city"), "--level", id="deputy-unknown-level"),
    pytest.param(("deputy", "add", "--name", "王代表", "--level", "乡"), "--level", id="deputy-unknown-level-in-chinese"),
    pytest.param(("deputy", "add", "--name", "王代表", "--level", "district", "--body", "senate"), "--body",
                 id="deputy-unknown-body"),
    pytest.param(("deputy", "add", "--name", "  ", "--level", "district"), "--name", id="deputy-blank-name"),
    pytest.param(("deputy", "add", "--name", "王" * 201, "--level", "district"), "--name",
                 id="deputy-name-too-long"),
    pytest.param(("deputy", "add", "--name", "王代表", "--level", "district", "--phone", "138-abc"), "--phone",
                 id="deputy-phone-with-letters"),
    pytest.param(("deputy", "add", "--name", "王代表", "--level", "district", "--unit", "单" * 201), "--unit",
                 id="deputy-unit-too-long"),
    pytest.param(("deputy", "show", "99"), "DEPUTY_ID", id="deputy-show-unknown"),
    # session add
    pytest.param(("session", "add", "--name", "", "--opens", "2026-03-05", "--closes", "2026-03-06"), "--name",
                 id="session-empty-name"),
    pytest.param(("session", "add", "--name", "会", "--opens", "2026-13-05", "--closes", "2026-03-06"), "--opens",
                 id="session-impossible-opens"),
    pytest.param(("session", "add", "--name", "会", "--opens", "2026-03-05", "--closes", "2026-02-30"), "--closes",
                 id="session-impossible-closes"),
    pytest.param(("session", "add", "--name", "会", "--opens", "2026/03/05", "--closes", "2026-03-06"), "--opens",
                 id="session-opens-with-slashes"),
    pytest.param(("session", "add", "--name", "会", "--opens", "2026-03-05", "--closes", "2026-03-06",
                  "--level", "city"), "--level", id="session-unknown-level"),
    pytest.param(("session", "add", "--name", "会", "--opens", "2026-03-05", "--closes", "2026-03-06",
                  "--body", "senate"), "--body", id="session-unknown-body"),
    # item approve / show / list
    pytest.param(("item", "approve", "999", "--date", "2026-03-02"), "ID", id="approve-unknown-item"),
    pytest.param(("item", "approve", "abc", "--date", "2026-03-02"), "ID", id="approve-item-not-a-number"),
    pytest.param(("item", "approve", "2", "--date", "2026-03-01"), "--date", id="approve-before-registration"),
    pytest.param(("item", "approve", "2", "--date", "2026-02-30"), "--date", id="approve-impossible-date"),
    pytest.param(("item", "close", "2", "--date", "2026-02-01"), "--date", id="close-before-registration"),
    pytest.param(("item", "show", "999"), "ID", id="show-unknown-item"),
    pytest.param(("item", "show", "0"), "ID", id="show-item-zero"),
    pytest.param(("item", "show", "1.0"), "ID", id="show-item-not-an-integer"),
    pytest.param(("item", "list", "--today", "2026-13-01"), "--today", id="list-impossible-today"),
    # item assign
    pytest.param(("item", "assign", "1", "--lead", "刑庭", "--date", "2026-03-04"), "--lead",
                 id="assign-unknown-lead"),
    pytest.param(("item", "assign", "1", "--lead", "99", "--date", "2026-03-04"), "--lead",
                 id="assign-unknown-lead-id"),
    pytest.param(("item", "assign", "1", "--lead", "", "--date", "2026-03-04"), "--lead", id="assign-empty-lead"),
    pytest.param(("item", "assign", "1", "--lead", "立案庭", "--co", "立案庭", "--date", "2026-03-04"), "--co",
                 id="assign-co-equals-lead"),
    pytest.param(("item", "assign", "1", "--lead", "立案庭", "--co", "1", "--date", "2026-03-04"), "--co",
                 id="assign-co-equals-lead-by-id"),
    pytest.param(("item", "assign", "1", "--lead", "立案庭", "--co", "民一庭", "--co", "刑庭", "--date",
                  "2026-03-04"), "--co", id="assign-unknown-co"),
    pytest.param(("item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-01"), "--date",
                 id="assign-before-registration"),
    # item contact
    pytest.param(("item", "contact", "1", "--mode", "fax", "--date", "2026-03-04"), "--mode",
                 id="contact-unknown-mode"),
    pytest.param(("item", "contact", "1", "--mode", "传真", "--date", "2026-03-04"), "--mode",
                 id="contact-unknown-mode-in-chinese"),
    # item reply
    pytest.param(("item", "reply", "1", "--category", "D", "--text", "x", "--date", "2026-03-04"), "--category",
                 id="reply-unknown-category"),
    pytest.param(("item", "reply", "1", "--category", "a", "--text", "x", "--date", "2026-03-04"), "--category",
                 id="reply-lower-case-category"),
    pytest.param(("item", "reply", "1", "--category", "A", "--text", "  ", "--date", "2026-03-04"), "--text",
                 id="reply-blank-text"),
    pytest.param(("item", "reply", "1", "--category", "A", "--text", "x", "--dept", "刑庭", "--date",
                  "2026-03-04"), "--dept", id="reply-unknown-dept"),
    pytest.param(("item", "reply", "1", "--category", "A", "--text", "x", "--dept", "民一庭", "--date",
                  "2026-03-04"), "--dept", id="reply-dept-not-on-the-item"),
    pytest.param(("item", "reply", "1", "--category", "A", "--text", "x", "--date", "2026-03-01"), "--date",
                 id="reply-before-registration"),
    pytest.param(("item", "reply", "1", "--category", "A", "--text", "x", "--date", "2026/03/04"), "--date",
                 id="reply-date-with-slashes"),
    pytest.param(("item", "reply", "3", "--dept", "民一庭", "--category", "Z", "--text", "协办意见", "--date",
                  "2026-01-20"), "--category", id="co-reply-unknown-category"),
    pytest.param(("item", "reply", "3", "--dept", "民一庭", "--category", "A", "--text", "   ", "--date",
                  "2026-01-20"), "--text", id="co-reply-blank-text"),
    # item feedback
    pytest.param(("item", "feedback", "4", "--rating", "great", "--date", "2026-03-11"), "--rating",
                 id="feedback-unknown-rating"),
    pytest.param(("item", "feedback", "4", "--rating", "很好", "--date", "2026-03-11"), "--rating",
                 id="feedback-unknown-rating-in-chinese"),
    pytest.param(("item", "feedback", "999", "--rating", "satisfied", "--date", "2026-03-11"), "ID",
                 id="feedback-unknown-item"),
    pytest.param(("item", "feedback", "4", "--rating", "satisfied", "--deputy", "99", "--date", "2026-03-11"),
                 "--deputy", id="feedback-unknown-deputy"),
    pytest.param(("item", "feedback", "4", "--rating", "satisfied", "--deputy", "1", "--date", "2026-03-11"),
                 "--deputy", id="feedback-deputy-not-on-the-item"),
    # item return / pause / link
    pytest.param(("item", "return", "1", "--reason", "  ", "--date", "2026-03-04"), "--reason",
                 id="return-blank-reason"),
    pytest.param(("item", "pause", "1", "--reason", "\t", "--date", "2026-03-04"), "--reason",
                 id="pause-blank-reason"),
    pytest.param(("item", "link", "2", "--to", "999", "--date", "2026-03-04"), "--to", id="link-to-unknown-item"),
    pytest.param(("item", "link", "2", "--to", "2", "--date", "2026-03-04"), "--to", id="link-to-itself"),
    # item extend (item 1: reply due 2026-05-06, limit 2026-07-03)
    pytest.param(("item", "extend", "1", "--to", "2026-07-10", "--reason", "r", "--date", "2026-03-04"), "--to",
                 id="extend-beyond-the-limit"),
    pytest.param(("item", "extend", "1", "--to", "2026-07-04", "--reason", "r", "--date", "2026-03-04"), "--to",
                 id="extend-one-day-beyond-the-limit"),
    pytest.param(("item", "extend", "1", "--to", "2026-05-06", "--reason", "r", "--date", "2026-03-04"), "--to",
                 id="extend-to-the-current-due-day"),
    pytest.param(("item", "extend", "1", "--to", "2026-04-01", "--reason", "r", "--date", "2026-03-04"), "--to",
                 id="extend-to-an-earlier-day"),
    pytest.param(("item", "extend", "1", "--to", "2026-06-31", "--reason", "r", "--date", "2026-03-04"), "--to",
                 id="extend-to-an-impossible-date"),
    pytest.param(("item", "extend", "1", "--to", "2026-06-01", "--reason", "   ", "--date", "2026-03-04"),
                 "--reason", id="extend-whitespace-reason"),
    pytest.param(("item", "extend", "1", "--to", "2026-06-01", "--reason", "", "--date", "2026-03-04"),
                 "--reason", id="extend-empty-reason"),
    pytest.param(("item", "extend", "1", "--to", "2026-06-01", "--reason", "r", "--clock", "nosuch", "--date",
                  "2026-03-04"), "--clock", id="extend-unknown-clock"),
    pytest.param(("item", "extend", "1", "--to", "2026-06-01", "--reason", "r", "--clock", "handover", "--date",
                  "2026-03-04"), "--clock", id="extend-stopped-clock"),
    pytest.param(("item", "extend", "3", "--to", "2026-06-01", "--reason", "r", "--date", "2026-03-04"), "--to",
                 id="extend-session-clock-without-a-limit"),
    pytest.param(("item", "extend", "1", "--to", "2026-06-01", "--reason", "r", "--date", "2026-03-01"), "--date",
                 id="extend-before-registration"),
    # tick, notices
    pytest.param(("tick", "--today", "2026-02-30"), "--today", id="tick-impossible-today"),
    pytest.param(("tick", "--today", "2026/03/02"), "--today", id="tick-today-with-slashes"),
    pytest.param(("tick", "--today", ""), "--today", id="tick-empty-today"),
    pytest.param(("notices", "--since", "2026-02-30"), "--since", id="notices-impossible-since"),
    pytest.param(("notices", "--since", "yesterday"), "--since", id="notices-since-a-word"),
    # init on a home that exists
    pytest.param(("init", "--profile", "liwan-court"), "--home", id="init-twice"),
    pytest.param(("init", "--profile", "nonesuch"), "--profile", id="init-unknown-profile"),
]


@pytest.mark.parametrize(("args", "field"), BAD_INPUT)
def test_bad_input_is_one_line_naming_the_field_exit_2_and_nothing_written(desk, args, field):
    refused(desk, args, field)


# --- 2. click's own errors, translated: missing options and unknown options ---------------------------

MISSING = [
    pytest.param(("init",), "--profile", id="init"),
    pytest.param(("dept", "add", "刑庭", "--leader", "乙"), "--head", id="dept-add-head"),
    pytest.param(("dept", "add", "刑庭", "--head", "甲"), "--leader", id="dept-add-leader"),
    pytest.param(("deputy", "add", "--level", "district"), "--name", id="deputy-add-name"),
    pytest.param(("deputy", "add", "--name", "王代表"), "--level", id="deputy-add-level"),
    pytest.param(("session", "add", "--opens", "2026-03-05", "--closes", "2026-03-06"), "--name",
                 id="session-add-name"),
    pytest.param(("session", "add", "--name", "会", "--closes", "2026-03-06"), "--opens", id="session-add-opens"),
    pytest.param(("session", "add", "--name", "会", "--opens", "2026-03-05"), "--closes", id="session-add-closes"),
    pytest.param(_without(REGISTER, "--kind"), "--kind", id="register-kind"),
    pytest.param(_without(REGISTER, "--title"), "--title", id="register-title"),
    pytest.param(_without(REGISTER, "--deputy"), "--deputy", id="register-deputy"),
    pytest.param(("item", "assign", "1", "--date", "2026-03-04"), "--lead", id="assign-lead"),
    pytest.param(("item", "contact", "1", "--date", "2026-03-04"), "--mode", id="contact-mode"),
    pytest.param(("item", "reply", "1", "--text", "x"), "--category", id="reply-category"),
    pytest.param(("item", "reply", "1", "--category", "A"), "--text", id="reply-text"),
    pytest.param(("item", "feedback", "4"), "--rating", id="feedback-rating"),
    pytest.param(("item", "extend", "1", "--reason", "r"), "--to", id="extend-to"),
    pytest.param(("item", "extend", "1", "--to", "2026-06-01"), "--reason", id="extend-reason"),
]


@pytest.mark.parametrize(("args", "field"), MISSING)
def test_missing_required_option_is_named_in_chinese(desk, args, field):
    line = refused(desk, args, field)
    assert "缺少必填参数" in line


UNKNOWN_OPTION = [
    pytest.param(register("--bogus"), "--bogus", id="register-bogus"),
    pytest.param(register("--priority", "high"), "--priority", id="register-priority"),
    pytest.param(("tick", "--date", "2026-03-02"), "--date", id="tick-takes-today-not-date"),
    pytest.param(("notices", "--today", "2026-03-02"), "--today", id="notices-takes-since"),
    pytest.param(("dept", "add", "刑庭", "--head", "甲", "--leader", "乙", "--phone", "1"), "--phone",
                 id="dept-add-phone"),
    pytest.param(("deputy", "add", "--name", "王代表", "--level", "district", "--wechat", "138"), "--wechat",
                 id="deputy-add-wechat"),  # --mobile is an option since issue 22
    pytest.param(("item", "approve", "2", "--when", "2026-03-02"), "--when", id="approve-when"),
    pytest.param(("item", "reply", "1", "--category", "A", "--text", "x", "--lead", "立案庭"), "--lead",
                 id="reply-lead"),
]


@pytest.mark.parametrize(("args", "field"), UNKNOWN_OPTION)
def test_unknown_option_is_named_in_chinese(desk, args, field):
    line = refused(desk, args, field)
    assert "未知选项" in line


def test_misspelt_option_suggests_the_right_one(desk):
    line = refused(desk, register("--titel", "T"), "--titel")
    assert "--title" in line.split("--titel", 1)[1]


def test_errors_leave_stdout_clean_even_with_json(desk):
    """stdout is for JSON: a refused `--json` command prints nothing there."""
    for args in (register("--json", "--deputy", "99"), ("item", "show", "999", "--json"),
                 ("item", "reply", "2", "--category", "A", "--text", "x", "--date", "2026-03-05", "--json")):
        result = desk.runner.invoke(cli, ["--home", str(desk.home), *args])
        assert result.exit_code in (1, 2) and result.stdout == "", (args, result.stdout)


# --- 3. the extension case, step by step ------------------------------------------------------


def test_interim_extension_is_bounded_by_the_four_month_limit_liwan_art15(liwan):
    liwan.run("item", "register", "--kind", "suggestion", "--title", "闭会期间建议", "--deputy", "1",
              "--channel", "interim", "--date", "2026-03-02")
    liwan.run("item", "approve", "1", "--date", "2026-03-02")
    item = liwan.json("item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-03")
    reply = next(c for c in item["clocks"] if c["name"] == "reply")
    assert (reply["due"], reply["limit"]) == ("2026-05-06", "2026-07-03")

    line = refused(liwan, ("item", "extend", "1", "--to", "2026-07-10", "--reason", "r", "--date", "2026-04-01"), "--to")
    assert "2026-07-03" in line  # says what the limit is
    refused(liwan, ("item", "extend", "1", "--to", "2026-06-01", "--reason", " \t ", "--date", "2026-04-01"), "--reason")
    refused(liwan, ("item", "extend", "1", "--to", "2026-06-01", "--reason", "r", "--date", "2026-06-10"), "--to")

    extended = liwan.json("item", "extend", "1", "--to", "2026-07-03", "--reason", "需实地调研", "--date", "2026-04-01")
    reply = next(c for c in extended["clocks"] if c["name"] == "reply")
    assert reply["due"] == "2026-07-03" and reply["status"] == "open"
    assert extended["events"][-1]["action"] == "extend"


# --- 4. refusals: well-formed, not allowed now, exit 1 --------------------------------------------------

REFUSALS = [
    # (args, item id, the state it is in, an action it could take instead)
    pytest.param(("item", "reply", "2", "--category", "A", "--text", "x", "--date", "2026-03-05"), 2, "已登记",
                 "审批", id="reply-to-a-registered-item"),
    pytest.param(("item", "accept", "2", "--date", "2026-03-05"), 2, "已登记", "审批", id="accept-unassigned"),
    pytest.param(("item", "extend", "2", "--to", "2026-06-01", "--reason", "r", "--date", "2026-03-05"), 2,
                 "已登记", "审批", id="extend-a-registered-item"),
    pytest.param(("item", "approve", "1", "--date", "2026-03-05"), 1, "已交办", "答复", id="approve-twice"),
    pytest.param(("item", "feedback", "1", "--rating", "satisfied", "--date", "2026-03-05"), 1, "已交办", "答复",
                 id="feedback-before-reply"),
    pytest.param(("item", "close", "1", "--date", "2026-03-05"), 1, "已交办", "答复", id="close-before-reply"),
    pytest.param(("item", "reply", "4", "--category", "A", "--text", "x", "--date", "2026-03-11"), 4, "已答复",
                 "反馈", id="reply-twice"),
    pytest.param(("item", "extend", "4", "--to", "2026-06-01", "--reason", "r", "--date", "2026-03-11"), 4,
                 "已答复", "反馈", id="extend-a-replied-item"),
]


@pytest.mark.parametrize(("args", "item_id", "state", "allowed"), REFUSALS)
def test_workflow_refusal_names_the_state_and_what_is_allowed_exit_1(desk, args, item_id, state, allowed):
    line = refused(desk, args, f"事项 {item_id}", code=1)
    assert f"「{state}」" in line
    assert "当前可以" in line and allowed in line.split("当前可以", 1)[1]


def test_assigning_before_the_required_approval_is_refused_exit_1(desk):
    """Liwan arts. 14-15: session and interim items are assigned only after approval."""
    line = refused(desk, ("item", "assign", "2", "--lead", "立案庭", "--date", "2026-03-05"), "事项 2", code=1)
    assert "审批" in line


def test_resuming_without_a_paused_clock_is_refused_exit_1(desk):
    refused(desk, ("item", "resume", "1", "--date", "2026-03-05"), "事项 1", code=1)


def test_a_mistyped_value_is_bad_input_before_the_state_is_checked(desk):
    """A value no vocabulary knows is a typing mistake, reported (exit 2) before the item is even read; a known
    value on an item in the wrong state is refused for its state (exit 1)."""
    refused(desk, ("item", "reply", "2", "--category", "Z", "--text", "x", "--date", "2026-03-05"), "--category")
    line = refused(desk, ("item", "reply", "2", "--category", "A", "--text", "x", "--date", "2026-03-05"), "已登记",
                   code=1)
    assert "审批" in line


# --- 5. an uninitialised home ----------------------------------------------------------------------------

UNINITIALISED = [
    ("dept", "add", "立案庭", "--head", "甲", "--leader", "乙"),
    ("dept", "list"),
    ("deputy", "add", "--name", "王代表", "--level", "district"),
    ("deputy", "list"),
    ("deputy", "show", "1"),
    ("session", "add", "--name", "会", "--opens", "2026-03-05", "--closes", "2026-03-06"),
    ("session", "list"),
    REGISTER,
    ("item", "show", "1"),
    ("item", "list"),
    ("item", "approve", "1", "--date", "2026-03-02"),
    ("item", "assign", "1", "--lead", "立案庭"),
    ("item", "reply", "1", "--category", "A", "--text", "x"),
    ("item", "extend", "1", "--to", "2026-06-01", "--reason", "r"),
    ("tick", "--today", "2026-03-02"),
    ("notices",),
    ("backup",),
]


@pytest.mark.parametrize("args", UNINITIALISED, ids=lambda a: "-".join(a[:2]).lstrip("-"))
def test_uninitialised_home_says_run_init_exit_1_and_creates_nothing(clerk, args):
    line = clerk.fails(*args, code=1)
    assert str(clerk.home) in line
    said = line.replace(str(clerk.home), "HOME")  # the tmp path carries this test's name, which contains "init"
    assert "尚未初始化" in said and re.search(r"\blianluo\b.*\binit\b", said), line
    assert not clerk.home.exists()


def test_listing_profiles_and_plugins_needs_no_home(clerk):
    assert "liwan-court" in [p["name"] for p in clerk.json("profiles")]
    assert {p["name"] for p in clerk.json("plugins")} >= {"profiles", "suggestions", "session", "reminders"}
    assert not clerk.home.exists()


# --- 6. init ---------------------------------------------------------------------------------------------


def test_init_with_an_unknown_profile_names_it_and_creates_nothing(clerk):
    line = clerk.fails("init", "--profile", "haizhu-court")
    assert "--profile" in line and "haizhu-court" in line and "liwan-court" in line  # says what exists
    assert not clerk.home.exists()


def test_init_with_a_missing_profile_file_names_it(clerk, tmp_path):
    line = clerk.fails("init", "--profile", str(tmp_path / "本院.toml"))
    assert "--profile" in line and "本院.toml" in line
    assert not clerk.home.exists()


@pytest.mark.parametrize(("text", "says"), [
    ('[profile]\nname = "x"\n[plugins\n', "格式错误"),
    ('[profile]\ntitle = "x"\n[plugins]\nenable = []\n', "profile.name"),
    ('[profile]\nname = "x"\n[plugins]\nenable = "suggestions"\n', "plugins.enable"),
    ('[profile]\nname = "x"\n[plugins]\nenable = ["suggestions", "nosuch"]\n', "nosuch"),
], ids=["toml-syntax", "no-name", "enable-not-a-list", "unknown-plugin"])
def test_init_with_a_malformed_profile_names_the_problem_and_creates_nothing(clerk, tmp_path, text, says):
    path = tmp_path / "court.toml"
    path.write_text(text, encoding="utf-8")
    line = clerk.fails("init", "--profile", str(path))
    assert says in line
    assert not clerk.home.exists()


def test_init_twice_keeps_the_data_and_the_profile(liwan):
    profile = (liwan.home / "profile.toml").read_bytes()
    line = refused(liwan, ("init", "--profile", "liwan-court", "--org", "另一法院"), "--home")
    assert "已初始化" in line
    assert (liwan.home / "profile.toml").read_bytes() == profile


# --- 7. unusual but valid input is accepted, not crashed on ---------------------------------------------

MIXED = {
    "dept": "维权🛡️庭",
    "head": "阿依古丽·买买提",
    "leader": "Zhang 三 👨‍⚖️",
    "deputy": "Ayguli 阿依古丽 👩🏽‍🌾",
    "group": "越秀🌸联组",
    "title": "关于🚌公交 bus ルート와 노선的建议 ☕ (第2稿)",
}


def test_mixed_scripts_and_emoji_are_accepted_and_kept_exactly(liwan):
    dept = liwan.json("dept", "add", MIXED["dept"], "--head", MIXED["head"], "--leader", MIXED["leader"])
    assert (dept["name"], dept["head"], dept["leader"]) == (MIXED["dept"], MIXED["head"], MIXED["leader"])
    deputy = liwan.json("deputy", "add", "--name", MIXED["deputy"], "--level", "district", "--group", MIXED["group"])
    assert (deputy["name"], deputy["group"]) == (MIXED["deputy"], MIXED["group"])
    item = liwan.json("item", "register", "--kind", "suggestion", "--title", MIXED["title"], "--deputy",
                      str(deputy["id"]), "--channel", "interim", "--date", "2026-03-02")
    liwan.run("item", "approve", str(item["id"]), "--date", "2026-03-02")
    assigned = liwan.json("item", "assign", str(item["id"]), "--lead", MIXED["dept"], "--date", "2026-03-03")
    assert assigned["lead"] == dept["id"]
    shown = liwan.run("item", "show", str(item["id"])).stdout
    assert MIXED["title"] in shown and MIXED["dept"] in shown and MIXED["deputy"] in shown
    assert liwan.json("item", "show", str(item["id"]))["title"] == MIXED["title"]
    assert json.loads(liwan.data_bytes())  # still a readable data file


def test_limits_are_inclusive(liwan):
    liwan.run("dept", "add", "庭" * 200, "--head", "甲", "--leader", "乙")
    liwan.run("deputy", "add", "--name", "王" * 200, "--level", "district")
    item = liwan.json("item", "register", "--kind", "suggestion", "--title", "长" * 500, "--deputy", "1",
                      "--channel", "interim", "--date", "2026-03-02")
    assert len(item["title"]) == 500


def test_the_same_deputy_twice_is_recorded_once(liwan):
    item = liwan.json("item", "register", "--kind", "suggestion", "--title", "联名", "--deputy", "1",
                      "--deputy", " 1 ", "--deputy", "2", "--channel", "interim", "--date", "2026-03-02")
    assert item["deputies"] == [1, 2]


def test_padded_names_and_ids_are_trimmed(liwan):
    liwan.run("item", "register", "--kind", "suggestion", "--title", "  前后空格  ", "--deputy", "1",
              "--channel", "interim", "--date", "2026-03-02")
    liwan.run("item", "approve", " 1 ", "--date", "2026-03-02")
    item = liwan.json("item", "assign", "1", "--lead", " 立案庭 ", "--date", "2026-03-03")
    assert item["title"] == "前后空格" and item["lead"] == 1


# --- 8. a plugin may refuse through on_received / on_transition: same rules --------------------------


class HouseRules:
    """A court's own plugin: titles must start with 关于; assignment needs a note of the leader's approval."""

    @hookimpl
    def on_received(self, item, ctx):
        if not item.title.startswith("关于"):
            raise InputError("--title", "本院要求标题以“关于”开头")
        return None

    @hookimpl
    def on_transition(self, item, action, event):
        if action == "assign" and item.co:
            raise RefusedError(f"事项 {item.id} 的协办须经院领导同意，本院暂不受理协办交办")
        if action == "contact" and event.detail.get("note") == "boom":
            raise RuntimeError("短信网关不可用")
        return None


@pytest.fixture
def strict(desk) -> Clerk:
    return Clerk(desk.home, plugins={"house": HouseRules()})


def test_plugin_input_error_in_on_received_exits_2_naming_the_field(strict):
    line = refused(strict, register("--title", "优化诉讼服务"), "--title")
    assert "关于" in line
    strict.run(*register("--title", "关于优化诉讼服务的建议"))


def test_plugin_refusal_in_on_transition_exits_1_and_writes_nothing(strict):
    refused(strict, ("item", "assign", "1", "--lead", "立案庭", "--co", "民一庭", "--date", "2026-03-04"),
            "协办", code=1)
    strict.run("item", "assign", "1", "--lead", "民一庭", "--date", "2026-03-04")


def test_plugin_bug_in_on_transition_is_named_exit_1_and_writes_nothing(strict):
    line = refused(strict, ("item", "contact", "1", "--mode", "phone", "--note", "boom", "--date", "2026-03-04"),
                   "house", code=1)
    assert "on_transition" in line and "短信网关不可用" in line


# --- 9. edges that once ended in '内部错误' or an English line -------------------------------------------

SUPERSCRIPT_TWO = "\u00b2"  # "²": str.isdigit() is True but int() refuses it


@pytest.mark.parametrize(("args", "field"), [
    pytest.param(("item", "show", SUPERSCRIPT_TWO), "ID", id="item-id"),
    pytest.param(register("--deputy", SUPERSCRIPT_TWO), "--deputy", id="deputy"),
    pytest.param(REGISTER + ("--date", "2026-01-08", "--session", SUPERSCRIPT_TWO), "--session", id="session"),
    pytest.param(("item", "assign", "1", "--lead", SUPERSCRIPT_TWO, "--date", "2026-03-04"), "--lead", id="lead"),
    pytest.param(("deputy", "show", SUPERSCRIPT_TWO), "DEPUTY_ID", id="deputy-show"),
])
def test_ids_with_non_ascii_digits_are_bad_input(desk, args, field):
    """An id lookup guarded by str.isdigit() alone crashed in int() on '²' (ValueError, exit 1)."""
    refused(desk, args, field)


@pytest.mark.parametrize(("args", "field"), [
    pytest.param(register("--title", "关于\udcb9的建议"), "--title", id="title"),
    pytest.param(("dept", "add", "刑\udcb9庭", "--head", "甲", "--leader", "乙"), "NAME", id="dept-name"),
    pytest.param(("deputy", "add", "--name", "王\udcb9", "--level", "district"), "--name", id="deputy-name"),
])
def test_text_that_cannot_be_stored_is_bad_input(desk, args, field):
    """A lone surrogate (what Python puts in argv for a GBK byte typed on a UTF-8 terminal) cannot be
    written as UTF-8; it must be refused naming the field, not fail at commit (UnicodeEncodeError, exit 1)."""
    refused(desk, args, field)


@pytest.mark.parametrize(("args", "field"), [
    pytest.param(register("--channel", "spot", "--date", "9999-12-31"), "--date", id="register-9999"),
    pytest.param(register("--channel", "spot", "--date", "0001-01-01"), "--date", id="register-0001"),
    pytest.param(("tick", "--today", "9999-12-31"), "--today", id="tick-9999"),
    pytest.param(("tick", "--today", "0001-01-01"), "--today", id="tick-0001"),
])
def test_dates_at_the_ends_of_the_calendar_are_bad_input(desk, args, field):
    """Real dates that no deadline arithmetic survives (OverflowError in clocks, croniter, the tick)."""
    refused(desk, args, field)


@pytest.mark.parametrize("args", [
    pytest.param(("item", "reply", "1", "--category", "A", "--text", "x", "--date", "2026-03-02"),
                 id="reply-before-assign"),
    pytest.param(("item", "feedback", "4", "--rating", "satisfied", "--date", "2026-03-05"),
                 id="feedback-before-reply"),
    pytest.param(("item", "close", "4", "--date", "2026-03-05"), id="close-before-reply"),
])
def test_an_action_dated_before_the_previous_one_is_bad_input(desk, args):
    """Checking only the registration date let a reply predate its assignment and a close predate its reply."""
    refused(desk, args, "--date")


def test_over_limit_refusal_cites_the_limit_clause(desk):
    """The refusal cites the clause of the limit (至迟不超过四个月), not that of the reply period."""
    line = refused(desk, ("item", "extend", "1", "--to", "2026-07-10", "--reason", "r", "--date", "2026-03-04"),
                   "--to")
    assert "至迟不超过四个月" in line


@pytest.mark.parametrize(("args", "field"), [
    pytest.param(("item", "show"), "ID", id="item-show"),
    pytest.param(("item", "approve", "--date", "2026-03-02"), "ID", id="item-approve"),
    pytest.param(("dept", "add", "--head", "甲", "--leader", "乙"), "NAME", id="dept-add"),
    pytest.param(("deputy", "show"), "DEPUTY_ID", id="deputy-show"),
])
def test_missing_argument_is_named_as_the_clerk_sees_it(desk, args, field):
    """By its metavar (ID, NAME, DEPUTY_ID), as in --help and in the other errors, not 'ref' or 'deputy_id'."""
    line = refused(desk, args, field)
    assert "缺少必填参数" in line


CLICK_ENGLISH = ("Option ", "requires an argument", "does not take a value", "unexpected extra argument",
                 "No such command", "is a file", "Usage:", "Error:")


@pytest.mark.parametrize(("args", "field"), [
    pytest.param(_without(REGISTER, "--title") + ("--title",), "--title", id="option-without-its-value"),
    pytest.param(("tick", "--force=yes"), "--force", id="flag-given-a-value"),
    pytest.param(("item", "show", "1", "2"), "2", id="extra-argument"),
    pytest.param(("item", "frobnicate", "1"), "frobnicate", id="unknown-command"),
])
def test_click_usage_errors_are_translated(desk, args, field):
    """The module promises one Chinese line; click's own English must not pass through."""
    line = refused(desk, args, field)
    assert not any(phrase in line for phrase in CLICK_ENGLISH), line


def test_home_that_is_a_file_is_named_in_chinese(tmp_path):
    home = tmp_path / "not-a-dir"
    home.write_bytes(b"x")
    line = Clerk(home).fails("item", "list")
    assert "--home" in line and not any(phrase in line for phrase in CLICK_ENGLISH), line
    assert home.read_bytes() == b"x"


def test_group_without_a_subcommand_gives_help_or_one_short_line(desk):
    """Not click's whole help text folded into the error line."""
    result = CliRunner().invoke(cli, ["--home", str(desk.home), "item"])
    if result.exit_code == 0:
        assert "register" in result.stdout
    else:
        line = result.stderr.strip()
        assert "\n" not in line and "Usage:" not in line and len(line) < 120, line


def test_init_with_a_profile_not_in_utf8_names_the_file(clerk, tmp_path):
    """A profile saved in GBK (common on Chinese Windows) is refused naming the file, not UnicodeDecodeError."""
    path = tmp_path / "gbk.toml"
    path.write_bytes('[profile]\nname = "x"\ntitle = "荔湾法院"\n[plugins]\nenable = []\n'.encode("gbk"))
    line = clerk.fails("init", "--profile", str(path))
    assert "gbk.toml" in line and "UTF-8" in line.upper()
    assert not clerk.home.exists()
