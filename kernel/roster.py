"""Roster files (代表名册): read a clerk's CSV or XLSX, check every row, merge it into the deputies table.

Three steps, kept apart so a file is judged whole before anything is written: `read_roster` turns the file
into rows of text keyed by field, `validate` applies the checks of `deputy add` to every row and returns
the good records and the bad rows, `plan` and `apply` merge the good records into the store by a stable
key (body, level, name), so importing the same file twice adds nobody twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

from .desk import clean_text as _text
from .vocab import BODY_LABELS, BODY_WORDS, LEVEL_LABELS, PHONE, level_and_body, level_name
from .errors import InputError
from .paths import probe
from .models import Body, Deputy, Level
from .privacy import mask_phone
from .store.protocol import Tx

# Limits of a roster file (docs/guide.md, docs/guarantees.md): a real roster of 10,000 deputies is about 1 MB;
# beyond these a file is not a roster (or is a zip bomb) and is refused before it is parsed.
MAX_FILE_BYTES = 20 << 20
MAX_UNPACKED_BYTES = 64 << 20  # an .xlsx's parts once decompressed
SHOWN_BAD_ROWS = 100  # problems printed one per line; the rest are counted

# The template's columns, in order: field name → the header a clerk sees.
COLUMNS = {
    "name": "姓名",
    "level": "层级",
    "body": "类别",
    "group": "代表团或联组",
    "sector": "界别",
    "unit": "工作单位",
    "phone": "电话",
    "address": "地址",
    "liaison": "联络员",
}
# Other headers real rosters use for each field; a field another module adds to COLUMNS may add its own here.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("代表姓名", "委员姓名", "名字"),
    "level": ("级别", "代表级别", "代表层级", "代表身份", "身份"),
    "body": ("代表类别", "人大或政协"),
    "group": ("代表团", "联组", "街道人大联组", "所属联组", "所属代表团", "代表小组", "所属代表小组", "所在联组",
              "代表团（联组）", "所属代表团或联组"),
    "sector": ("所属界别", "界别（政协）"),
    "unit": ("工作单位及职务", "工作单位和职务", "单位职务", "单位及职务", "单位", "工作单位职务", "职务"),
    "phone": ("联系电话", "手机", "手机号码", "手机号", "移动电话", "电话号码", "联系方式"),
    "address": ("通信地址", "通讯地址", "联系地址", "家庭住址", "住址"),
    "liaison": ("结对联络员", "挂点联络员", "联络人"),
}


def headers() -> dict[str, str]:
    """Every header we read → its field: the template's own, then the synonyms."""
    return {**{header: field for field, words in SYNONYMS.items() for header in words},
            **{header: field for field, header in COLUMNS.items()}}


REQUIRED = ("name", "level")
TEXT_FIELDS = ("group", "sector", "unit", "phone", "address", "liaison")

# Chinese (and English) cell values → enums; "区级" is read as "区".
BODIES: dict[str, Body] = {"npc": Body.NPC, "cppcc": Body.CPPCC,
                           **{word: Body(value) for word, value in BODY_WORDS.items()}}
LEVEL_CHOICES = "、".join(LEVEL_LABELS.values())
BODY_CHOICES = "人大、政协"

SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+?\d+")
LONG_DIGITS = re.compile(r"\d{7,}")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·•]+")
HEADER_SEARCH = 10  # rows above the header (a title such as "2026 年区人大代表名册") are skipped


@attrs.frozen
class Row:
    """One data row: its number as the clerk sees it in the file, and its cells as text by field."""

    number: int
    cells: dict[str, str]


@attrs.frozen
class Sheet:
    """A roster read from a file: the header each field had in the file, and the non-empty rows."""

    headers: dict[str, str]
    rows: tuple[Row, ...]
    ignored: tuple[str, ...] = ()  # headers of columns no field takes: not imported, named in a note

    def header(self, field: str) -> str:
        return self.headers.get(field, COLUMNS[field])


@attrs.frozen
class BadRow:
    """Why one cell of one row cannot be imported; phone-like digits in the reason are masked."""

    row: int
    field: str
    reason: str = attrs.field(converter=lambda text: LONG_DIGITS.sub(lambda m: mask_phone(m.group()), text))

    def to_doc(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "reason": self.reason}

    def line(self) -> str:
        return f"第 {self.row} 行 [{self.field}]：{self.reason}"


@attrs.frozen
class Record:
    """A checked row: the values `Deputy` takes (empty text means "not given in the file")."""

    row: int
    values: dict[str, Any]

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.values["body"].value, self.values["level"].value, self.values["name"])


@attrs.frozen
class Change:
    """What merging one record does: add a deputy, update one (with its new doc), or leave it as it is."""

    action: str  # "add" | "update" | "unchanged"
    record: Record
    doc: dict[str, Any] | None = None
    changed: tuple[str, ...] = ()  # the fields an update changes

    def to_doc(self) -> dict[str, Any]:
        """What a dry run shows of it: the row, the deputy, and (for an update) the fields that would change."""
        return {"row": self.record.row, "action": self.action, "id": self.doc["id"] if self.doc else None,
                "name": self.record.values["name"], "changed": list(self.changed)}

    def line(self) -> str:
        who = (f"第 {self.record.row} 行 {self.record.values['name']}"
               f"（{level_name(self.record.values['level'].value)}{BODY_LABELS[self.record.values['body'].value]}）")
        if self.action == "add":
            return f"  新增：{who}"
        if self.action == "update":
            return f"  更新：{who}，编号 {self.doc['id']}，改动 {'、'.join(COLUMNS[f] for f in self.changed)}"
        return f"  未变：{who}，编号 {self.doc['id']}"


@attrs.frozen
class Outcome:
    """The ids the import added, updated and found already as in the file."""

    added: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    unchanged: tuple[int, ...] = ()


# --- reading ------------------------------------------------------------------------------------------

def read_roster(path: Path, label: str | None = None, mapping: dict[str, str] | None = None) -> Sheet:
    """Read a .csv or .xlsx roster; every file-level problem is an InputError naming the file. `mapping` (from
    `--map 列名=字段`) takes a column to a field over the usual headers."""
    label = label or str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        hint = "请在 Excel 中另存为 .xlsx 或 CSV" if suffix in (".xls", ".et", ".wps") else "应为 .csv 或 .xlsx"
        raise InputError(label, f"不支持的文件类型 {path.suffix or '（无扩展名）'}；{hint}")
    found = probe(path, label)
    if found != "file":
        raise InputError(label, "文件不存在" if found == "missing" else "不是文件")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(label, f"文件大于 {MAX_FILE_BYTES >> 20} MB，不是代表名册；请分成几个文件导入")
    lines = _csv_lines(path, label) if suffix == ".csv" else _xlsx_lines(path, label)
    return _sheet(label, lines, mapping or {})


def _csv_lines(path: Path, label: str) -> list[tuple[int, list[Any]]]:
    """UTF-8 with or without BOM; failing that GB18030, which Chinese Excel writes by default."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(label, "无法识别文件编码（应为 UTF-8 或 GB18030/GBK）")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(enumerate(reader, start=1))  # a record is one row in Excel, even across line breaks
    except csv.Error:
        raise InputError(label, f"CSV 格式有误（第 {reader.line_num} 行附近）") from None


def _xlsx_lines(path: Path, label: str) -> list[tuple[int, list[Any]]]:
    """The sheet named 代表名册 if there is one, else the first sheet; cached values, not formulas."""
    import openpyxl  # imported here so commands that never read Excel do not pay for it

    _check_unpacked(path, label)
    # Any zip, XML or openpyxl error means the same to the clerk: not a workbook we can read.
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise InputError(label, f"无法读取，不是有效的 .xlsx 文件（{type(exc).__name__}）") from None
    try:
        sheet = book["代表名册"] if "代表名册" in book.sheetnames else book.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions; read every row there is
        return list(enumerate((list(r) for r in sheet.iter_rows(min_row=1, values_only=True)), start=1))
    except Exception as exc:  # noqa: BLE001 — read-only sheets are parsed lazily, so damage shows up here
        raise InputError(label, f"工作表已损坏，无法读取（{type(exc).__name__}）") from None
    finally:
        book.close()


def _check_unpacked(path: Path, label: str) -> None:
    """Refuse, before parsing, an .xlsx whose parts decompress to more than MAX_UNPACKED_BYTES (a zip bomb:
    7 MB that unpacks to gigabytes took 44 s and 750 MB before)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as book:
            unpacked = sum(info.file_size for info in book.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: openpyxl's refusal names it
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(label, f"解压后大于 {MAX_UNPACKED_BYTES >> 20} MB（{unpacked >> 20} MB），不是代表名册，未导入")


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing ".0" (phones typed into Excel), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _is_empty(cells: list[Any]) -> bool:
    return not any(cell_text(c) for c in cells)


def parse_map(pairs: Iterable[str], field: str = "--map") -> dict[str, str]:
    """`列名=字段` pairs → header → field; the field by its name (phone) or its template header (电话)."""
    by_word = {**{f: f for f in COLUMNS}, **{header: f for f, header in COLUMNS.items()}}
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        header, target = _header_text(header), target.strip()
        if not sep or not header or not target:
            raise InputError(field, f"应写作 列名=字段，实为 {pair!r}")
        if target not in by_word:
            choices = "、".join(f"{f}（{h}）" for f, h in COLUMNS.items())
            raise InputError(field, f"{pair}：未知字段 {target!r}；可用：{choices}")
        mapping[header] = by_word[target]
    return mapping


def _sheet(label: str, lines: list[tuple[int, list[Any]]], mapping: dict[str, str]) -> Sheet:
    """Find the header row (below any title rows), map its headers to fields, and keep every non-empty row below
    it; a column no field takes is left out and named in `ignored`."""
    filled = [(n, cells) for n, cells in lines if not _is_empty(cells)]
    if not filled:
        raise InputError(label, "文件是空的（没有表头，也没有数据）")
    known = {**headers(), **mapping}
    at = next((i for i, (_, cells) in enumerate(filled[:HEADER_SEARCH])
               if any(known.get(_header_text(c)) == "name" for c in cells)), 0)
    header_number, header_cells = filled[at]
    seen = {_header_text(c) for c in header_cells}
    absent = [h for h in mapping if h not in seen]
    if absent:
        raise InputError("--map", f"{label} 的表头（第 {header_number} 行）中没有 {'、'.join(absent)} 列")
    columns: dict[int, str] = {}
    found: dict[str, str] = {}
    ignored, repeated = [], []
    for index, cell in enumerate(header_cells):
        header = _header_text(cell)
        if not header:
            continue
        field = known.get(header)
        if field is None:
            ignored.append(header)
            columns[index] = ""
        elif field in found:
            repeated.append(f"{found[field]} 与 {header}")
        else:
            found[field] = header
            columns[index] = field
    headers_ = found
    if repeated:
        raise InputError(label, f"表头重复：{'；'.join(repeated)}")
    missing = [COLUMNS[f] for f in REQUIRED if f not in headers_]
    if missing:
        hint = f"；未识别的列：{'、'.join(ignored)}，可用 --map 列名=字段 指定" if ignored else ""
        raise InputError(label, f"缺少 {'、'.join(missing)} 列（表头在第 {header_number} 行）{hint}")
    rows = []
    for number, cells in filled[at + 1:]:
        stray = [i for i, c in enumerate(cells) if i not in columns and cell_text(c)]
        if stray:
            raise InputError(label, f"第 {number} 行第 {_column_name(stray[0])} 列有数据，但该列没有表头")
        rows.append(Row(number, {field: cell_text(cells[i]) if i < len(cells) else ""
                                 for i, field in columns.items() if field}))
    return Sheet(headers_, tuple(rows), tuple(ignored))


def _header_text(cell: Any) -> str:
    """"姓  名" is aligned with spaces in many forms, "*姓名" marks a column that must be filled."""
    return "".join(cell_text(cell).split()).strip("*＊")


def _column_name(index: int) -> str:
    """0 → A, 26 → AA: the column letter Excel shows."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


# --- checking -----------------------------------------------------------------------------------------

def clean_name(text: str) -> str:
    """A Chinese name padded for alignment ("张　三") is the same person as "张三"; other names keep one space."""
    parts = text.split()
    return "".join(parts) if parts and all(CJK.fullmatch(p) for p in parts) else " ".join(parts)


def _level(text: str, said: tuple[str | None, str | None]) -> Level:
    """区, 区级, 区人大代表, district …; 政协委员 alone says no level."""
    if said[0] is not None:
        return Level(said[0])
    if said[1] is not None:
        raise InputError("", f"{text!r} 没有写明哪一级；应写如 区{text}、市{text}")
    raise InputError("", f"无效值 {text!r}；可用：{LEVEL_CHOICES}")


def _body(text: str, said: str | None) -> Body:
    """人大 or 政协 (blank: what the 层级 cell says, else 人大); refused when it contradicts the 层级 cell."""
    found = BODIES.get(text) or BODIES.get(text.lower()) if text else Body(said or "npc")
    if found is None:
        raise InputError("", f"无效值 {text!r}；可用：{BODY_CHOICES}")
    if said is not None and found.value != said:
        raise InputError("", f"{text} 与层级列所写的{BODY_LABELS[said]}不符")
    return found


def check_row(row: Row, sheet: Sheet) -> tuple[dict[str, Any] | None, list[BadRow]]:
    """The checks of `deputy add`, one row at a time; every bad cell is reported, not only the first."""
    values: dict[str, Any] = {}
    bad: list[BadRow] = []

    def check(field: str, convert: Callable[[str], Any]) -> None:
        try:
            values[field] = convert(row.cells.get(field, ""))
        except InputError as exc:
            bad.append(BadRow(row.number, sheet.header(field), exc.message))

    check("name", lambda v: clean_name(_text(v, "姓名", required=True)))
    said = level_and_body(row.cells.get("level", "").lower())  # 区人大代表: the level and the body in one cell
    check("level", lambda v: _level(_text(v, "层级", required=True), said))
    check("body", lambda v: _body(_text(v, "类别"), said[1]))
    for field in TEXT_FIELDS:
        check(field, lambda v, f=field: _text(v, COLUMNS[f]))
    phone = values.get("phone", "")
    if phone and not PHONE.fullmatch(phone):
        hint = "（Excel 把号码存成了科学计数法，请把该列设为文本后重新录入）" if SCIENTIFIC.fullmatch(phone) else ""
        bad.append(BadRow(row.number, sheet.header("phone"),
                          f"电话号码只能包含数字、空格和连字符：{mask_phone(phone)}{hint}"))
    return (None if bad else values), bad


def validate(sheet: Sheet) -> tuple[list[Record], list[BadRow]]:
    """Check every row; a second row with the same (category, level, name) as an earlier one is bad."""
    records: list[Record] = []
    bad: list[BadRow] = []
    first_row: dict[tuple[str, str, str], int] = {}
    for row in sheet.rows:
        values, problems = check_row(row, sheet)
        bad += problems
        if values is None:
            continue
        record = Record(row.number, values)
        if record.key in first_row:
            bad.append(BadRow(row.number, sheet.header("name"),
                              f"与第 {first_row[record.key]} 行重复（类别、层级、姓名都相同）"))
            continue
        first_row[record.key] = row.number
        records.append(record)
    return records, bad


def bad_row_count(bad: Iterable[BadRow]) -> int:
    return len({b.row for b in bad})


# --- merging ------------------------------------------------------------------------------------------

def plan(tx: Tx, records: list[Record], sheet: Sheet) -> tuple[list[Change], list[BadRow]]:
    """Match each record to the deputies already stored by (body, level, name); change nothing yet.

    A key that two stored deputies share cannot say which one to update, so that row is bad.
    """
    stored: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for doc in tx.all("deputies"):
        stored.setdefault((doc.get("body", "npc"), doc["level"], doc["name"]), []).append(doc)
    changes: list[Change] = []
    bad: list[BadRow] = []
    for record in records:
        matches = stored.get(record.key, [])
        if len(matches) > 1:
            ids = "、".join(str(d["id"]) for d in sorted(matches, key=lambda d: d["id"]))
            bad.append(BadRow(record.row, sheet.header("name"),
                              f"名册中已有多位同类别、同层级的同名代表（编号 {ids}），无法确定更新哪一位"))
        elif not matches:
            changes.append(Change("add", record))
        else:
            old = matches[0]
            given = {k: v for k, v in record.values.items() if k in TEXT_FIELDS and v}
            before = Deputy.from_doc(old).to_doc()
            new = Deputy.from_doc({**old, **given}).to_doc()
            changed = tuple(f for f in TEXT_FIELDS if new.get(f) != before.get(f))
            changes.append(Change("update" if new != before else "unchanged", record, new, changed))
    return changes, bad


def apply(tx: Tx, changes: list[Change], step: Callable[[int], None] = lambda n: None) -> Outcome:
    """Write the planned changes: new deputies get fresh ids, updated ones keep theirs."""
    added, updated, unchanged = [], [], []
    for change in changes:
        if change.action == "add":
            deputy_id = tx.next_id("deputies")
            tx.put("deputies", Deputy(id=deputy_id, **change.record.values).to_doc())
            added.append(deputy_id)
        elif change.action == "update":
            tx.put("deputies", change.doc)
            updated.append(change.doc["id"])
        else:
            unchanged.append(change.doc["id"])
        step(1)
    return Outcome(tuple(added), tuple(updated), tuple(unchanged))


# --- the template -------------------------------------------------------------------------------------

EXPLANATIONS = (
    ("姓名", "必填", "代表或委员的姓名。同一类别、同一层级的同名者视为同一人：重新导入时更新其信息，不会重复添加。"),
    ("层级", "必填", f"{LEVEL_CHOICES}（也可写 区级、区人大代表、市政协委员 等）。"),
    ("类别", "选填", "人大（人大代表）或 政协（政协委员）；不填视为人大。"),
    ("代表团或联组", "选填", "所在代表团或街道人大联组；表头也可写作 代表团、联组、所属联组 或 街道人大联组。"),
    ("界别", "选填", "政协委员的界别，如 经济界、法律界。"),
    ("工作单位", "选填", "工作单位及职务；表头也可写作 工作单位及职务、单位。"),
    ("电话", "选填", ("只能包含数字、空格和连字符；本列已设为文本格式，以免 Excel 把号码改成科学计数法。"
                     "程序显示电话时一律脱敏。")),
    ("地址", "选填", "通信地址；显示时脱敏。"),
    ("联络员", "选填", "与该代表结对（挂点）的本单位联络员。"),
)
NOTES = (
    ("表头在第一行（上方也可以有标题行），列的顺序可以调整；常见的其他写法（联系电话、手机、所属联组等）也能识别，"
     "上表以外的列（如 序号、性别、备注）不导入，导入时列出；其他列名可用 --map 列名=字段 指定。"),
    ("导入时先检查全部行：有错误的行会逐行列出（第几行、哪一列、原因），有错则一行也不导入；"
     "加 --skip-bad 只导入无误的行。"),
    "重新导入同一份名册不会重复添加；表中空白的单元格不会清除已有信息。",
    "导入命令：lianluo deputy import 名册.xlsx（先加 --dry-run 试导入，只显示将新增、更新哪些人，不写入）",
)
WIDTHS = {"name": 12, "level": 8, "body": 8, "group": 20, "sector": 14, "unit": 30, "phone": 16,
          "address": 36, "liaison": 12}
TEMPLATE_ROWS = 2000  # how far down the dropdowns reach


def template_workbook() -> Any:
    """An empty roster a clerk can fill in Excel or WPS: headers, dropdowns, and a sheet of explanations."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "代表名册"
    sheet.append(list(COLUMNS.values()))
    letters = {field: get_column_letter(i) for i, field in enumerate(COLUMNS, start=1)}
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "A2"
    for field, width in WIDTHS.items():
        sheet.column_dimensions[letters[field]].width = width
    for field, choices, prompt in (("level", LEVEL_CHOICES, "请从下拉列表中选择层级"),
                                   ("body", BODY_CHOICES, "人大或政协；不填视为人大")):
        rule = DataValidation(type="list", formula1=f'"{choices.replace("、", ",")}"', allow_blank=True,
                              showErrorMessage=True, error=f"只能填：{choices}", errorTitle="无效值",
                              showInputMessage=True, prompt=prompt, promptTitle=COLUMNS[field])
        rule.add(f"{letters[field]}2:{letters[field]}{TEMPLATE_ROWS}")
        sheet.add_data_validation(rule)
    sheet.column_dimensions[letters["phone"]].number_format = "@"  # text: Excel keeps every digit of a phone
    notes = book.create_sheet("说明")
    notes.append(["列名", "是否必填", "说明"])
    for line in EXPLANATIONS:
        notes.append(list(line))
    notes.append([])
    for text in NOTES:
        notes.append([text])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 14), ("B", 10), ("C", 90)):
        notes.column_dimensions[letter].width = width
    return book
