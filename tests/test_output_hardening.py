"""Issue 24, points 5–8 and 13: what leaves the program. Formulas typed as names stay text in every XLSX;
control and zero-width-only text is refused where it is typed; a scheduled report failing again and again is
raised to people; phone numbers in any shape and pieces of addresses are masked in every output format; plugin
warnings are masked; `--unmasked` audits the OS account; `init` tightens an open folder."""

from __future__ import annotations

import getpass
import os
import stat
import sys
from pathlib import Path

from fixtures import Clerk
from harness import output_attacks as attacks

from lianluo.kernel.hooks import hookimpl


# --- 5. formulas ---------------------------------------------------------------------------------------------


def test_formulas_typed_as_names_titles_and_departments_are_text_in_the_xlsx_report(tmp_path):
    found = attacks.formula_attack(tmp_path / "home", tmp_path)
    assert found["live"] == []
    assert found["escaped_cells"] >= len(attacks.FORMULAS) * 2  # each as a deputy and as a title, at least


def test_the_report_title_from_a_formula_organisation_is_text(tmp_path):
    import openpyxl

    attacks.formula_attack(tmp_path / "home", tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "formulas.xlsx")["统计"]
    assert sheet["A1"].data_type == "s" and sheet["A1"].value == "'=1+1联络工作报告（2026 年）"


def test_a_name_that_only_looks_like_a_number_or_dash_is_unchanged_in_the_xlsx(liwan, tmp_path):
    import openpyxl

    liwan.run("item", "register", "--kind", "suggestion", "--title", "诉讼服务（二）", "--deputy", "1",
              "--channel", "interim", "--date", "2026-03-02")
    liwan.run("report", "--period", "2026", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"))
    values = [c.value for s in openpyxl.load_workbook(tmp_path / "r.xlsx") for r in s.iter_rows() for c in r]
    assert "诉讼服务（二）" in values and not any(isinstance(v, str) and v.startswith("'") for v in values)


# --- 6. control characters -----------------------------------------------------------------------------------


def test_control_characters_and_invisible_names_are_refused_at_every_input(tmp_path):
    found = attacks.control_attack(tmp_path / "home", tmp_path / "work")
    assert found["problems"] == []
    assert found["tried"] >= 50


def test_a_profile_whose_organisation_name_has_a_control_character_is_refused(clerk, tmp_path):
    liwan = Path(sys.modules["lianluo.plugins"].__file__).parent / "profiles" / "liwan-court.toml"
    text = liwan.read_text(encoding="utf-8").replace('name = "广州市荔湾区人民法院"', 'name = "广州市荔湾区\\u001b人民法院"', 1)
    assert "\\u001b" in text
    own = tmp_path / "own.toml"
    own.write_text(text, encoding="utf-8")
    line = clerk.fails("init", "--profile", str(own))
    assert "organisation.name" in line and "U+001B" in line and not clerk.has_data()


def test_a_scheduled_report_failing_three_runs_in_a_row_is_raised_to_its_recipients_once(clerk):
    clerk.run("init", "--profile", "liwan-court")
    # the two-monthly report of 01-01 (New Year) runs on 01-04, a make-up working Sunday, and makes the folder
    clerk.run("tick", "--today", "2026-01-04")
    reports = clerk.home / "reports"
    for path in reports.iterdir():
        path.unlink()
    reports.rmdir()
    reports.write_text("不是文件夹")  # every report job now fails the same way
    # the half-year summary of 01-10 (a Saturday) runs on Monday 01-12 and fails there and on the next two runs
    outputs = [clerk.run("tick", "--today", day, expect=3) for day in ("2026-01-12", "2026-01-13", "2026-01-14", "2026-01-15")]
    raised = [o.stdout for o in outputs if "[需人工处理]" in o.stdout]
    assert len(raised) == 1 and "代表来信来访办理情况总结（2026-01-12）已连续 3 次未能完成" in raised[0]
    stuck = "【代表来信来访办理情况总结】2026-01-12 的定期任务已连续 3 次"
    notices = [n for n in clerk.json("notices") if n["text"].startswith(stuck)]
    assert sorted(n["to"] for n in notices) == ["主管院领导", "区人大", "市法院联络办"]  # art. 8(5): each, once
    assert clerk.json("tick", "--today", "2026-01-16", expect=3)["raised"] == []


# --- 7. phone numbers ----------------------------------------------------------------------------------------


def test_every_phone_shape_and_address_piece_is_masked_in_every_output_format(tmp_path):
    found = attacks.phone_attack(tmp_path / "home", tmp_path / "out")
    assert found["leaks"] == []
    texts = found["texts"]
    assert "群众来电139****5678反映问题" in texts["item list"]
    for where in ("report --period 2026 --today 2026-06-30", "report.xlsx", "report.docx", "letter.docx"):
        assert "139****5678" in texts[where], where


class Channel:
    def __init__(self):
        self.sent = []

    @hookimpl
    def deliver(self, notice, ctx):
        self.sent.append(notice.text)
        return True


def test_a_number_in_a_title_is_masked_in_the_notices_a_channel_sends(tmp_path):
    channel = Channel()
    clerk = Clerk(tmp_path / "home", plugins={"channel": channel})
    clerk.run("init", "--profile", "liwan-court")
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district")
    clerk.run("item", "register", "--kind", "suggestion", "--title", "来电 138 1234 5678 反映", "--deputy", "1",
              "--channel", "interim", "--date", "2026-03-02")
    clerk.run("item", "approve", "1", "--date", "2026-03-02")
    clerk.run("item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-03")
    clerk.run("tick", "--today", "2026-05-20")
    assert channel.sent and not any("1234" in text for text in channel.sent)
    assert any("138******5678" in text for text in channel.sent)


def test_mask_text_keeps_dates_case_numbers_and_ids():
    from lianluo.kernel.privacy import mask_text

    for text in ("2026-03-02", "（2026）粤0103民初1234号", "440103199001011234", "2026-12-06T19:55:33+00:00",
                 "荔法办〔2018〕3号", "20261206-185215", "第 12 号"):
        assert mask_text(text) == text


def test_the_unmasked_report_still_shows_what_was_typed(liwan):
    liwan.run("item", "register", "--kind", "suggestion", "--title", "来电 138 1234 5678", "--deputy", "1",
              "--channel", "interim", "--date", "2026-03-02")
    assert "138 1234 5678" in liwan.run("report", "--period", "2026", "--unmasked").stdout
    assert "138 1234 5678" not in liwan.run("report", "--period", "2026").stdout


def test_known_secrets_mask_whole_and_partial_addresses_among_many_people():
    from lianluo.kernel.privacy import KnownSecrets, mask_text

    people = [{"phone": f"139{n:08d}", "address": f"广州市荔湾区某某路{n}号{n % 7}栋"} for n in range(20_000)]
    known = KnownSecrets(people)
    hidden = "某某路12345号4栋"
    assert mask_text(f"寄往广州市荔湾区{hidden}", known) == "寄往广州市荔湾区" + "*" * len(hidden)
    assert mask_text(f"只写了{hidden}", known) == "只写了" + "*" * len(hidden)
    assert mask_text("某某路", known) == "某某路"  # shorter than a piece: no one's address
    assert mask_text("电话 13900012345", known) == "电话 139****2345"


# --- 8. warnings, audit, init ---------------------------------------------------------------------------------


class LeakyReport:
    @hookimpl
    def on_report(self, period, ctx):
        raise RuntimeError("网关拒绝 138 1234 5678")


def test_a_plugin_failing_in_a_report_is_warned_about_masked(tmp_path):
    clerk = Clerk(tmp_path / "home", plugins={"leaky": LeakyReport()})
    clerk.run("init", "--profile", "liwan-court")
    done = clerk.run("report", "--period", "2026", "--format", "json")
    assert "未能生成报告内容" in done.stderr and "网关拒绝 138******5678" in done.stderr
    assert "1234" not in done.stderr and "1234" not in done.stdout


def test_plugins_that_fail_to_load_or_to_add_commands_are_warned_about_masked(liwan, tmp_path, monkeypatch):
    from lianluo.kernel import plugins
    from lianluo.kernel.cli.main import cli

    (tmp_path / "lianluo_broken_import.py").write_text('raise ImportError("请联系 +86 138-1234-5678")\n')
    (tmp_path / "lianluo_broken_commands.py").write_text(
        "from lianluo.kernel.hooks import hookimpl\n\n"
        "@hookimpl\ndef register_commands(cli):\n    raise RuntimeError('请拨 (020)81234567')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    real = plugins.available_plugins

    def with_broken():
        return {**real(), **{name: plugins.Available(name, "builtin", "0", f"lianluo_{name}")
                             for name in ("broken_import", "broken_commands")}}

    monkeypatch.setattr(plugins, "available_plugins", with_broken)
    monkeypatch.setattr(cli, "plugin_commands_loaded", False)
    done = liwan.run("item", "list")
    assert "插件 broken_import 无法加载，已跳过：ImportError: 请联系 +86**********5678" in done.stderr
    assert "插件 broken_commands 的命令未能加载：RuntimeError: 请拨 (02******4567" in done.stderr
    assert "1234" not in done.stderr


def test_an_unmasked_report_audits_the_os_account_beside_as(liwan):
    liwan.run("--as", "张书记员", "report", "--period", "2026", "--unmasked")
    from lianluo.kernel.store.factory import open_store

    with open_store(liwan.home).reader() as tx:
        audit = tx.all("audit")
    assert [(a["who"], a["account"]) for a in audit] == [("张书记员", getpass.getuser())]


def test_init_on_an_existing_folder_open_to_others_tightens_it_and_says_so(clerk):
    clerk.home.mkdir(mode=0o755)
    os.chmod(clerk.home, 0o755)
    done = clerk.run("init", "--profile", "liwan-court")
    assert stat.S_IMODE(clerk.home.stat().st_mode) == 0o700
    assert "原权限为 0755" in done.stderr and "已收紧为 0700" in done.stderr


def test_init_on_a_private_folder_says_nothing_about_it(clerk):
    clerk.home.mkdir(mode=0o700)
    done = clerk.run("init", "--profile", "liwan-court")
    assert stat.S_IMODE(clerk.home.stat().st_mode) == 0o700 and "权限" not in done.stderr
