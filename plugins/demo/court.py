"""The fictional organisation the demo builds: obviously made-up names, departments with heads and leaders in
charge, and a roster of about sixty deputies and members at every level, written as a roster file (the same
file a clerk would fill in and import)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import attrs

from lianluo.kernel import spreadsheet_text

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
NUMERALS = "一二三四五六七八九十"
GROUPS = tuple(f"{s}街联组" for s in "东南西北中")

# The roster's mix: (层级, 类别, how many).
MIX = (("区", "人大", 30), ("市", "人大", 10), ("省", "人大", 6), ("全国", "人大", 4), ("区", "政协", 6),
       ("市", "政协", 4))
SECTORS = ("经济界", "法律界", "教育界", "医卫界", "社会福利界")
UNITS = ("示例街道办事处", "示例中学", "示例医院", "示例科技有限公司", "示例社区居委会", "示例律师事务所")

COURT = ("立案庭", "民一庭", "民二庭", "刑事审判庭", "行政审判庭", "执行局", "审判管理办公室")
PROCURATORATE = ("第一检察部", "第二检察部", "民事检察部", "行政检察部", "控告申诉检察部", "检察事务部")
ORG_NAMES = {"court": "示例区人民法院", "procuratorate": "示例区人民检察院"}


@attrs.frozen
class Dept:
    name: str
    head: str
    leader: str


@attrs.frozen
class Court:
    """Who is who at the fictional organisation."""

    name: str
    head: str
    departments: tuple[Dept, ...]
    liaisons: tuple[str, ...]

    @classmethod
    def build(cls, kind: str, extra_departments: tuple[str, ...] = ()) -> "Court":
        names = PROCURATORATE if kind == "procuratorate" else COURT
        names = names + tuple(n for n in extra_departments if n not in names)
        leaders = tuple(f"{b}某某" for b in BRANCHES[:3])
        departments = tuple(Dept(name, f"{STEMS[i % 10]}{NUMERALS[i // 10]}", leaders[i % len(leaders)])
                            for i, name in enumerate(names))
        return cls(ORG_NAMES.get(kind, ORG_NAMES["court"]), "甲某某", departments,
                   tuple(f"联络员{s}" for s in STEMS[:5]))


def roster_rows(court: Court, rng: random.Random) -> list[dict[str, str]]:
    """About sixty deputies and members: made-up names, fictional 1380000xxxx numbers and
    .example addresses, street groups."""
    rows, n = [], 0
    for level, body, count in MIX:
        for _ in range(count):
            name = f"{SURNAMES[n % len(SURNAMES)]}某{NUMERALS[n // len(SURNAMES)]}"
            district = level == "区"
            rows.append({
                "姓名": name, "层级": level, "类别": body,
                "代表团或联组": GROUPS[n % len(GROUPS)] if district and body == "人大" else "",
                "界别": rng.choice(SECTORS) if body == "政协" else "",
                "工作单位": rng.choice(UNITS),
                "电话": f"1380000{n:04d}",
                "电子邮箱": f"deputy{n + 1:03d}@deputies.example",
                "地址": f"示例区示例路{n + 1}号",
                "联络员": court.liaisons[n % len(court.liaisons)] if district else "",
            })
            n += 1
    return rows


def write_roster(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: spreadsheet_text(v) for k, v in row.items()} for row in rows)
