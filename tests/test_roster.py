"""Roster files (代表名册): import from CSV and XLSX, re-import without duplicates, bad rows, template, pairing.

The fixture roster is 200 deputies at every level, generated deterministically, written the ways a clerk's
files arrive: CSV with a BOM, CSV in GB18030 (Chinese Excel's default), and XLSX with shuffled headers and
phones typed as numbers. No phone number may appear in full in anything these commands print.
"""

from __future__ import annotations

import csv
import io
import json
import random

import openpyxl
import pytest

LEVELS = ("全国", "省", "市", "区", "县")
LEVEL_VALUES = {"全国": "national", "省": "provincial", "市": "municipal", "区": "district", "县": "county"}
HEADERS = ("姓名", "层级", "类别", "代表团或联组", "界别", "工作单位", "电话", "地址", "联络员")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋"


def _roster(count: int = 200) -> list[dict[str, str]]:
    """Deterministic deputies, keyed by Chinese header; every (类别, 层级, 姓名) is distinct."""
    rows = []
    for i in range(count):
        body = "政协" if i % 7 == 0 else ("" if i % 3 == 0 else "人大")  # an empty 类别 means 人大
        rows.append({
            "姓名": SURNAMES[i // 10 % 20] + GIVEN[i % 10] + ("明" if i >= 200 else "") + ("" if i < 400 else str(i)),
            "层级": LEVELS[i % 5],
            "类别": body,
            "代表团或联组": f"{('沙面', '多宝', '逢源')[i % 3]}街道人大联组",
            "界别": "法律界" if body == "政协" else "",
            "工作单位": f"第{i}号单位",
            "电话": f"139{i:08d}",
            "地址": f"荔湾区某路{i}号",
            "联络员": "王法官" if i % 4 == 0 else "",
        })
    return rows


ROSTER = _roster()
PHONES = {row["电话"] for row in ROSTER} | {"13812345678"}  # plus the liwan fixture's deputy


def _csv(path, rows, headers=HEADERS, encoding="utf-8-sig"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([[row.get(h, "") for h in headers] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _xlsx_order(headers=HEADERS) -> list[str]:
    order = list(headers)
    random.Random(2026).shuffle(order)
    return order


def _xlsx(path, rows, headers=HEADERS, title=None):
    """Headers shuffled, 代表团或联组 spelt 街道人大联组, and every other phone stored as a number."""
    order = _xlsx_order(headers)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(["街道人大联组" if h == "代表团或联组" else h for h in order])
    for i, row in enumerate(rows):
        cells = [row.get(h, "") or None for h in order]
        if i % 2 == 0 and row.get("电话"):
            cells[order.index("电话")] = int(row["电话"])
        sheet.append(cells)
    book.save(path)
    return path


def _run(clerk, *args, expect=0):
    """Run a command and check that no phone number got out in full."""
    result = clerk.run(*args, expect=expect)
    for text in (result.stdout, result.stderr):
        leaked = [p for p in PHONES if p in text]
        assert not leaked, f"phone numbers printed in full: {leaked[:3]}"
    return result


def _import(clerk, path, *extra, expect=0):
    result = _run(clerk, "deputy", "import", str(path), *extra, "--json", expect=expect)
    return json.loads(result.stdout) if expect == 0 else result


def _stored(clerk) -> dict[int, dict]:
    return {int(k): v for k, v in json.loads(clerk.data_bytes())["deputies"].items()}


def _by_name(clerk) -> dict[str, dict]:
    return {d["name"]: d for d in _stored(clerk).values()}


def _expected(row: dict[str, str]) -> dict[str, str]:
    return {"name": row["姓名"], "level": LEVEL_VALUES[row["层级"]], "body": "cppcc" if row["类别"] == "政协" else "npc",
            "group": row["代表团或联组"], "sector": row["界别"], "unit": row["工作单位"], "phone": row["电话"],
            "address": row["地址"], "liaison": row["联络员"]}


def _assert_roster_stored(clerk, added):
    """200 new deputies with fresh ids after the fixture's two, every field as in the file."""
    assert added["added"] == list(range(3, 203)) and added["updated"] == added["unchanged"] == added["bad"] == []
    stored = _stored(clerk)
    assert len(stored) == 202
    by_name = _by_name(clerk)
    for row in ROSTER:
        doc = dict(by_name[row["姓名"]])
        assert doc.pop("id") in added["added"]
        assert doc == _expected(row)


def test_a_utf8_csv_with_bom_imports_200_deputies_with_their_fields(liwan, tmp_path):
    """The common case: Excel's "CSV UTF-8" export, every column filled."""
    _assert_roster_stored(liwan, _import(liwan, _csv(tmp_path / "名册.csv", ROSTER)))
    listed = _run(liwan, "deputy", "list").stdout
    assert "139****0007" in listed and "政协委员" in listed


def test_a_gb18030_csv_imports_the_same_deputies(liwan, tmp_path):
    """Chinese Excel saves plain CSV in GB18030/GBK; the import falls back to it."""
    path = _csv(tmp_path / "名册.csv", ROSTER, encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    _assert_roster_stored(liwan, _import(liwan, path))


def test_an_xlsx_with_shuffled_headers_and_numeric_phones_imports_the_same_deputies(liwan, tmp_path):
    """Headers in any order, an alias header, phones typed as numbers: stored as digit strings without '.0'."""
    path = _xlsx(tmp_path / "名册.xlsx", ROSTER)
    phones = [c.value for c in openpyxl.load_workbook(path).active[f"{chr(ord('A') + _xlsx_order().index('电话'))}"]]
    assert 13900000000 in phones and "13900000001" in phones
    _assert_roster_stored(liwan, _import(liwan, path))


def test_reimporting_the_same_roster_adds_nobody_and_keeps_every_id(liwan, tmp_path):
    """Re-import matches by (category, level, name): the CSV then the XLSX of the same roster is one roster."""
    first = _import(liwan, _csv(tmp_path / "名册.csv", ROSTER))
    before = _stored(liwan)
    again = _import(liwan, _csv(tmp_path / "名册.csv", ROSTER))
    assert again["added"] == [] and again["updated"] == [] and sorted(again["unchanged"]) == first["added"]
    from_excel = _import(liwan, _xlsx(tmp_path / "名册.xlsx", ROSTER))
    assert from_excel["added"] == [] and from_excel["updated"] == []
    assert _stored(liwan) == before
    names = [(d["body"], d["level"], d["name"]) for d in _stored(liwan).values()]
    assert len(names) == len(set(names)) == 202
    assert "新增 0 位，更新 0 位，未变 200 位，跳过 0 行" in _run(liwan, "deputy", "import", str(tmp_path / "名册.csv")).stdout


def test_a_changed_unit_updates_the_existing_record_in_place(liwan, tmp_path):
    """A changed cell updates the same deputy (same id); an emptied cell does not erase what is stored."""
    _import(liwan, _csv(tmp_path / "名册.csv", ROSTER))
    target = _by_name(liwan)[ROSTER[42]["姓名"]]
    changed = [dict(row) for row in ROSTER]
    changed[42]["工作单位"] = "荔湾区人民医院"
    changed[42]["电话"] = ""
    result = _import(liwan, _csv(tmp_path / "名册2.csv", changed))
    assert result["updated"] == [target["id"]] and result["added"] == [] and len(result["unchanged"]) == 199
    after = _stored(liwan)[target["id"]]
    assert after == {**target, "unit": "荔湾区人民医院"}
    assert after["phone"] == ROSTER[42]["电话"]
    assert len(_stored(liwan)) == 202


def _three_bad_rows(tmp_path):
    """Twelve data rows (file rows 2–13): row 5 has a bad level, row 9 no name, row 12 a bad phone."""
    rows = [dict(row) for row in ROSTER[:12]]
    rows[3]["层级"] = "乡镇"
    rows[7]["姓名"] = "  "
    rows[10]["电话"] = "13812345678 转 123"
    return _csv(tmp_path / "有误的名册.csv", rows)


def test_a_roster_with_three_bad_rows_is_refused_whole_naming_each_row(liwan, tmp_path):
    """Every bad row is named with its row number and Chinese header, exit 2, and nothing is written."""
    path = _three_bad_rows(tmp_path)
    before = liwan.data_bytes()
    result = _import(liwan, path, expect=2)
    lines = result.stderr.strip().splitlines()
    assert lines[:3] == ["第 5 行 [层级]：无效值 '乡镇'；可用：全国、省、市、区、县",
                         "第 9 行 [姓名]：不能为空",
                         "第 12 行 [电话]：电话号码只能包含数字、空格和连字符：138" + "*" * 10 + " 123"]
    assert lines[3].startswith(f"错误：{path}：3 行有误，未导入任何一行") and "--skip-bad" in lines[3]
    assert len(lines) == 4 and result.stdout == ""
    assert liwan.data_bytes() == before


def test_skip_bad_imports_the_good_rows_and_lists_the_bad_ones(liwan, tmp_path):
    """With --skip-bad the nine good rows go in and the three bad ones are listed; exit 0."""
    result = _import(liwan, _three_bad_rows(tmp_path), "--skip-bad")
    assert len(result["added"]) == 9 and [(b["row"], b["field"]) for b in result["bad"]] == [
        (5, "层级"), (9, "姓名"), (12, "电话")]
    assert len(_stored(liwan)) == 11
    text = _run(liwan, "deputy", "import", str(_three_bad_rows(tmp_path)), "--skip-bad")
    assert "跳过 3 行" in text.stdout and "第 9 行 [姓名]" in text.stderr


def test_two_rows_for_the_same_deputy_in_one_file_make_the_second_bad(liwan, tmp_path):
    """The same (category, level, name) twice in one file: the second row is named, the first kept."""
    rows = [ROSTER[0], ROSTER[1], {**ROSTER[0], "工作单位": "别处"}]
    result = _import(liwan, _csv(tmp_path / "重复.csv", rows), "--skip-bad")
    assert result["bad"] == [{"row": 4, "field": "姓名", "reason": "与第 2 行重复（类别、层级、姓名都相同）"}]
    assert _by_name(liwan)[ROSTER[0]["姓名"]]["unit"] == ROSTER[0]["工作单位"]


def test_a_row_matching_two_stored_deputies_is_bad_rather_than_guessed(liwan, tmp_path):
    """Two stored deputies already share the key (added by hand): the import names both ids, updates neither."""
    _run(liwan, "deputy", "add", "--name", "陈代表", "--level", "district")
    before = liwan.data_bytes()
    path = _csv(tmp_path / "同名.csv", [{"姓名": "陈代表", "层级": "区", "工作单位": "新单位"}])
    result = _import(liwan, path, expect=2)
    assert "第 2 行 [姓名]：名册中已有多位同类别、同层级的同名代表（编号 1、3），无法确定更新哪一位" in result.stderr
    assert liwan.data_bytes() == before


def test_values_in_english_aliases_and_padded_names_are_understood(liwan, tmp_path):
    """层级 may be English or end in 级, 类别 may be 政协委员, headers and names may be padded with spaces."""
    path = _csv(tmp_path / "别名.csv", [
        {"姓 名": "张　三", "层级": "district", "类别": "政协委员"},
        {"姓 名": "李四", "层级": "区级", "类别": "npc"},
        {"姓 名": "Alice  Wang", "层级": "County", "类别": ""},
    ], headers=("姓 名", "层级", "类别"))
    _import(liwan, path)
    by_name = _by_name(liwan)
    assert (by_name["张三"]["level"], by_name["张三"]["body"]) == ("district", "cppcc")
    assert (by_name["李四"]["level"], by_name["李四"]["body"]) == ("district", "npc")
    assert by_name["Alice Wang"]["level"] == "county"


def test_an_xlsx_title_row_and_empty_rows_are_skipped_and_rows_keep_their_file_numbers(liwan, tmp_path):
    """A title above the header and empty rows between data are ignored; row numbers are Excel's."""
    rows = [ROSTER[0], {}, {**ROSTER[1], "层级": "村"}]
    path = _xlsx(tmp_path / "带标题.xlsx", rows, title="2026 年荔湾区人大代表名册")
    result = _import(liwan, path, "--skip-bad")
    assert len(result["added"]) == 1 and [(b["row"], b["field"]) for b in result["bad"]] == [(6, "层级")]


@pytest.mark.parametrize("headers, message", [
    (("代表", "层级", "备注"), "缺少 姓名 列（表头在第 1 行）；未识别的列：代表、备注，可用 --map 列名=字段 指定"),
    (("姓名", "电话"), "缺少 层级 列"),
    (("姓名", "层级", "代表团", "联组"), "表头重复：代表团 与 联组"),
])
def test_header_problems_are_one_line_naming_the_file(liwan, tmp_path, headers, message):
    """Missing (the unrecognised ones named) or repeated headers refuse the whole file in one line; nothing is
    written."""
    path = _csv(tmp_path / "表头.csv", ROSTER[:3], headers=headers)
    before = liwan.data_bytes()
    line = liwan.fails("deputy", "import", str(path))
    assert line.startswith(f"错误：{path}：") and message in line
    assert liwan.data_bytes() == before


def test_files_that_cannot_be_read_are_refused_in_one_line(liwan, tmp_path):
    """Neither UTF-8 nor GB18030, not an xlsx, an .xls, a missing file: one line each, exit 2."""
    (tmp_path / "乱码.csv").write_bytes(b"\xff\xfe\xff\x80\x80")
    (tmp_path / "假的.xlsx").write_text("not a zip")
    (tmp_path / "旧格式.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert "无法识别文件编码" in liwan.fails("deputy", "import", str(tmp_path / "乱码.csv"))
    assert "不是有效的 .xlsx 文件" in liwan.fails("deputy", "import", str(tmp_path / "假的.xlsx"))
    assert "另存为 .xlsx 或 CSV" in liwan.fails("deputy", "import", str(tmp_path / "旧格式.xls"))
    assert "文件不存在" in liwan.fails("deputy", "import", str(tmp_path / "没有.csv"))


def test_a_long_import_stays_quiet_when_stderr_is_not_a_terminal(liwan, tmp_path):
    """Over 500 rows a clerk at a terminal sees a progress bar; tests, cron and pipes see nothing."""
    result = _run(liwan, "deputy", "import", str(_csv(tmp_path / "大名册.csv", _roster(520))))
    assert result.stderr == "" and "新增 520 位" in result.stdout


def test_the_template_is_an_empty_roster_with_dropdowns_and_explanations(clerk, tmp_path):
    """Headers in order, bold and frozen, dropdowns for 层级 and 类别, a 说明 sheet; no data home needed."""
    path = tmp_path / "模板.xlsx"
    _run(clerk, "deputy", "template", str(path))
    assert not clerk.home.exists()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["代表名册", "说明"]
    sheet = book["代表名册"]
    assert [c.value for c in sheet[1]] == list(HEADERS) and all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.max_row == 1
    rules = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert rules == {"B2": '"全国,省,市,区,县"', "C2": '"人大,政协"'}
    assert sheet.column_dimensions["F"].width >= 20
    explained = [row[0] for row in book["说明"].iter_rows(min_row=2, max_row=10, values_only=True)]
    assert explained == list(HEADERS)


def test_the_template_refuses_to_overwrite_and_imports_as_an_empty_roster(liwan, tmp_path):
    """An existing file is never replaced; the blank template itself imports as nothing."""
    path = tmp_path / "模板.xlsx"
    _run(liwan, "deputy", "template", str(path))
    before = path.read_bytes()
    assert liwan.fails("deputy", "template", str(path)) == f"错误：{path}：文件已存在，不会覆盖；请换一个文件名"
    assert path.read_bytes() == before
    assert _import(liwan, path) == {"added": [], "updated": [], "unchanged": [], "bad": [], "ignored": []}


def test_pairing_sets_the_liaison_and_keeps_a_record(liwan):
    """`deputy pair` sets the deputy's liaison and records who paired whom, from when."""
    result = _run(liwan, "deputy", "pair", "1", "--liaison", "王法官", "--date", "2026-03-01")
    assert result.stdout.strip() == "人大代表 1 陈代表（区级） 的结对联络员：（无） → 王法官（2026-03-01 起）"
    assert liwan.json("deputy", "show", "1")["liaison"] == "王法官"
    shown = _run(liwan, "deputy", "pair", "1", "--liaison", "李法官", "--json")
    assert json.loads(shown.stdout)["liaison"] == "李法官"
    pairings = [(p["deputy"], p["liaison"], p["previous"], p["date"], p["who"])
                for p in json.loads(liwan.data_bytes())["pairings"].values()]
    assert pairings[0] == (1, "王法官", "", "2026-03-01", "测试书记员")
    assert pairings[1][:3] == (1, "李法官", "王法官") and len(pairings) == 2
    before = liwan.data_bytes()
    assert "未作修改" in _run(liwan, "deputy", "pair", "1", "--liaison", "李法官").stdout
    assert liwan.data_bytes() == before
    assert "代表 '99' 不存在" in liwan.fails("deputy", "pair", "99", "--liaison", "王法官")
    assert "--liaison：不能为空" in liwan.fails("deputy", "pair", "1", "--liaison", " ")
