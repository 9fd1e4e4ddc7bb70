"""Issue 19 point 8: the clerk's own roster spreadsheet — a title row, 序号、性别、备注 columns, 联系电话 and 所属联组
for 电话 and 代表团或联组, 层级 written 区人大代表 — imports with a note naming the columns left out; `--map 列名=字段`
takes the rest; `--dry-run` shows who would be added, updated or left as is and writes nothing."""

from __future__ import annotations

import json

import openpyxl
import pytest

HEADERS = ("序号", "姓名", "性别", "层级", "所属联组", "工作单位及职务", "联系电话", "办公电话", "备注")
ROWS = (
    (1, "林某某", "女", "区人大代表", "沙面街联组", "某公司 经理", "13800001111", "020-81000001", "连任"),
    (2, "黄某", "男", "市政协委员", "", "某律所 主任", "13800002222", "", ""),
    (3, "陈代表", "男", "区级", "", "某街道办事处", "13812345678", "", ""),
)


def _roster(path, rows=ROWS, headers=HEADERS):
    """An .xlsx as a court's office keeps it: a merged title row above the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026 年荔湾区人大代表、政协委员名册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_the_clerks_own_spreadsheet_imports_with_a_note_of_the_columns_left_out(liwan, tmp_path):
    path = _roster(tmp_path / "名册.xlsx")
    result = liwan.run("deputy", "import", str(path), "--json")
    assert result.stderr.strip() == "注意：以下列未导入：序号、性别、办公电话、备注（如需导入，用 --map 列名=字段 指定）"
    done = json.loads(result.stdout)
    assert (len(done["added"]), done["updated"], done["ignored"]) == (2, [1], ["序号", "性别", "办公电话", "备注"])
    lin = liwan.json("deputy", "show", "林某某")
    assert (lin["level"], lin["body"], lin["group"], lin["unit"]) == ("district", "npc", "沙面街联组", "某公司 经理")
    huang = liwan.json("deputy", "show", "黄某")
    assert (huang["level"], huang["body"]) == ("municipal", "cppcc")


def test_a_dry_run_shows_what_would_change_and_writes_nothing(liwan, tmp_path):
    path = _roster(tmp_path / "名册.xlsx")
    before = liwan.data_bytes()
    shown = liwan.run("deputy", "import", str(path), "--dry-run").stdout.splitlines()
    assert shown == [
        "试导入 名册.xlsx（未写入任何数据）：将新增 2 位，更新 1 位，未变 0 位，跳过 0 行",
        "  新增：第 3 行 林某某（区级人大代表）",
        "  新增：第 4 行 黄某（市级政协委员）",
        "  更新：第 5 行 陈代表（区级人大代表），编号 1，改动 工作单位",
    ]
    assert liwan.data_bytes() == before
    liwan.run("deputy", "import", str(path))
    again = liwan.json("deputy", "import", str(path), "--dry-run")
    assert [c["action"] for c in again["changes"]] == ["unchanged"] * 3 and again["dry_run"] is True


def test_map_takes_a_column_the_usual_headers_do_not(liwan, tmp_path):
    path = _roster(tmp_path / "名册.xlsx", headers=(*HEADERS[:6], "住址", "办公电话", "备注"))
    done = liwan.json("deputy", "import", str(path), "--map", "办公电话=电话", "--map", "住址=address")
    assert len(done["added"]) == 2 and done["ignored"] == ["序号", "性别", "备注"]
    lin = liwan.json("deputy", "show", "林某某")
    assert lin["phone"].startswith("020") and lin["address"]  # masked, but from the mapped columns


@pytest.mark.parametrize(("args", "line"), [
    (("--map", "办公电话=传真"), "错误：--map：办公电话=传真：未知字段 '传真'；可用：name（姓名）、level（层级）"),
    (("--map", "办公电话"), "错误：--map：应写作 列名=字段，实为 '办公电话'"),
    (("--map", "手提=电话"), "错误：--map："),
])
def test_a_bad_map_is_one_line_naming_the_option(liwan, tmp_path, args, line):
    path = _roster(tmp_path / "名册.xlsx")
    before = liwan.data_bytes()
    assert liwan.fails("deputy", "import", str(path), *args).startswith(line)
    assert liwan.data_bytes() == before


def test_level_words_that_say_no_level_or_contradict_the_body_keep_the_row_errors(liwan, tmp_path):
    rows = ((1, "周某", "男", "政协委员", "", "", "", "", ""),
            (2, "吴某", "女", "区人大代表", "", "", "", "", ""))
    headers = (*HEADERS[:3], "层级", "类别", *HEADERS[5:])
    path = _roster(tmp_path / "名册.xlsx", rows=[(*r[:4], "政协" if r[1] == "吴某" else "", *r[5:]) for r in rows],
                   headers=headers)
    before = liwan.data_bytes()
    result = liwan.run("deputy", "import", str(path), expect=2)
    assert result.stderr.splitlines()[1:3] == [
        "第 3 行 [层级]：'政协委员' 没有写明哪一级；应写如 区政协委员、市政协委员",
        "第 4 行 [类别]：政协 与层级列所写的人大代表不符",
    ]
    assert liwan.data_bytes() == before
