"""Issue 18 point 1, Liwan art. 14: "属本院主办或协办的，应自人大会议闭会之日起，分别在三个月或一个月内答复……
协办的建议可直接答复主办单位" — the court as co-handling agency of a matter another body leads, driven through the CLI."""

from __future__ import annotations

import docx

from fixtures import Clerk

AGENCY = "区住房和城乡建设局"


def _register_co(clerk: Clerk, *extra: str) -> dict:
    return clerk.json("item", "register", "--kind", "suggestion", "--title", "关于加快旧楼加装电梯的建议",
                      "--deputy", "1", "--session", "1", "--date", "2026-01-08", *extra)


def test_court_as_co_handler_gets_one_clock_closing_plus_one_month_liwan_art14(liwan):
    """`--court-role co --lead-agency`: one reply clock, 闭会 01-09 + 1 month = 02-09, citing art. 14; `item show`
    says the reply goes to the lead agency. A matter the court leads keeps its 3 months (04-09)."""
    co = _register_co(liwan, "--court-role", "co", "--lead-agency", AGENCY)
    assert co["extra"]["court_role"] == "co" and co["extra"]["lead_agency"] == AGENCY
    assert [(c["name"], c["start"], c["due"]) for c in co["clocks"] if c["status"] == "open"
            and c["name"] != "approval"] == [("reply", "2026-01-09", "2026-02-09")]
    shown = liwan.run("item", "show", str(co["id"])).stdout
    assert f"本单位协办，主办单位：{AGENCY}；答复主办单位" in shown
    assert "协办答复期限：2026-01-09 起，2026-02-09 到期" in shown
    assert "第十四条" in shown and "直接答复主办单位" in shown
    lead = _register_co(liwan)
    assert "court_role" not in lead["extra"]
    assert next(c["due"] for c in lead["clocks"] if c["name"] == "reply") == "2026-04-09"
    assert "主办单位" not in liwan.run("item", "show", str(lead["id"])).stdout


def test_court_role_co_needs_lead_agency_and_lead_agency_needs_co_liwan_art14(liwan):
    """Bad combinations are one-line exit-2 errors naming the field, and nothing is written."""
    before = liwan.data_bytes()
    assert "--lead-agency" in liwan.fails(*_args("--court-role", "co"))
    assert "--lead-agency" in liwan.fails(*_args("--lead-agency", AGENCY))
    assert "--lead-agency" in liwan.fails(*_args("--court-role", "lead", "--lead-agency", AGENCY))
    line = liwan.fails(*_args("--court-role", "both"))
    assert "--court-role" in line and "lead" in line and "co" in line
    line = liwan.fails("item", "register", "--kind", "letter", "--title", "来信", "--deputy", "1", "--channel",
                       "interim", "--date", "2026-03-02", "--court-role", "co", "--lead-agency", AGENCY)
    assert "--court-role" in line and "会议" in line
    assert liwan.data_bytes() == before


def _args(*extra: str) -> tuple[str, ...]:
    return ("item", "register", "--kind", "suggestion", "--title", "关于加快旧楼加装电梯的建议", "--deputy", "1",
            "--session", "1", "--date", "2026-01-08", *extra)


def test_reply_letter_of_a_co_handled_matter_goes_to_the_lead_agency_liwan_art14(liwan, tmp_path):
    """`item letter` writes one letter addressed to the lead agency, not one per deputy."""
    liwan.run("deputy", "add", "--name", "黄代表", "--level", "district")
    co = liwan.json("item", "register", "--kind", "suggestion", "--title", "关于加快旧楼加装电梯的建议",
                    "--deputy", "1", "--deputy", "3", "--session", "1", "--date", "2026-01-08",
                    "--court-role", "co", "--lead-agency", AGENCY)
    ref = str(co["id"])
    liwan.run("item", "approve", ref, "--date", "2026-01-12")
    liwan.run("item", "assign", ref, "--lead", "民一庭", "--date", "2026-01-13")
    liwan.run("item", "reply", ref, "--category", "B", "--text", "我院将配合做好相关纠纷化解工作。", "--date", "2026-02-03")
    replied = liwan.json("item", "show", ref)
    assert next(c for c in replied["clocks"] if c["name"] == "reply")["status"] == "met"
    out = tmp_path / "letters"
    out.mkdir()
    written = liwan.run("item", "letter", ref, "--out", str(out)).stdout.split()
    assert len(written) == 1 and AGENCY in written[0]
    text = "\n".join(p.text for p in docx.Document(written[0]).paragraphs)
    assert f"{AGENCY}：" in text and "陈代表" not in text and "黄代表" not in text
    assert "我院将配合做好相关纠纷化解工作。" in text


def test_internal_co_department_clock_is_a_chosen_value_not_art14(liwan):
    """The month internal co-departments get is the profile's choice (选定); art. 14's month is the court's as
    co-handling agency, and `profile show` cites them so."""
    lines = liwan.run("profile", "show", "liwan-court").stdout.splitlines()

    def cited(key: str) -> str:
        at = next(n for n, line in enumerate(lines) if line.startswith(f"{key} ="))
        return lines[at] + lines[at + 1]

    assert "选定" in cited("session.co_reply") and "第十四条" not in cited("session.co_reply")
    assert "第十四条" in cited("session.as_co_reply") and "1 month" in cited("session.as_co_reply")


def test_session_move_recounts_the_co_handled_clock_by_its_own_month_liwan_art14(liwan):
    """Moving the closing day to 01-13 re-dates the co-handled reply to 02-13 (one month), the led one to 04-13."""
    co = _register_co(liwan, "--court-role", "co", "--lead-agency", AGENCY)
    lead = _register_co(liwan)
    liwan.run("session", "move", "1", "--closes", "2026-01-13", "--date", "2026-01-10")
    dues = {i: next(c["due"] for c in liwan.json("item", "show", str(i))["clocks"] if c["name"] == "reply")
            for i in (co["id"], lead["id"])}
    assert dues == {co["id"]: "2026-02-13", lead["id"]: "2026-04-13"}


def test_co_handled_letter_is_not_split_by_deputy_and_a_profile_without_the_rule_refuses_liwan_art14(liwan, clerk,
                                                                                                     tmp_path):
    """`item letter --deputy` on a co-handled matter is refused naming --deputy; a profile with no
    `session.as_co_reply` refuses `--court-role co` by rule (exit 1) and writes nothing."""
    co = _register_co(liwan, "--court-role", "co", "--lead-agency", AGENCY)
    ref = str(co["id"])
    liwan.run("item", "approve", ref, "--date", "2026-01-12")
    liwan.run("item", "assign", ref, "--lead", "民一庭", "--date", "2026-01-13")
    liwan.run("item", "reply", ref, "--category", "A", "--text", "已配合办理。", "--date", "2026-02-03")
    line = liwan.fails("item", "letter", ref, "--deputy", "1", "--out", str(tmp_path / "x.docx"))
    assert "--deputy" in line and AGENCY in line
    county = Clerk(tmp_path / "county")
    county.run("init", "--profile", "county-court", "--head", "周院长")
    county.run("deputy", "add", "--name", "陈代表", "--level", "district")
    county.run("session", "add", "--name", "县人大会议", "--opens", "2026-01-06", "--closes", "2026-01-09")
    before = county.data_bytes()
    line = county.fails(*_args("--court-role", "co", "--lead-agency", AGENCY), code=1)
    assert "session.as_co_reply" in line
    assert county.data_bytes() == before
