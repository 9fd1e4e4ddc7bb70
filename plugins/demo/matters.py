"""What the fictional year brings: the matters deputies raise, with their subjects, and each one's fate
(answered in time, late, re-handled after an unsatisfied reply …), all drawn from one seeded generator."""

from __future__ import annotations

import datetime as dt
import random

import attrs

TOPICS = (
    "优化诉讼服务中心导诉", "推进网上立案和跨域立案", "加强执行联动破解执行难", "推广巡回审判方便群众诉讼",
    "加强未成年人司法保护", "依法平等保护民营企业", "规范律师阅卷和会见", "推进矛盾纠纷多元化解",
    "加强劳动争议案件调解", "提升涉老年人案件审理质效", "加强知识产权司法保护", "公开典型案例开展普法宣传",
    "缩短物业纠纷案件审理周期", "加强社区法官工作室建设", "完善司法救助工作机制", "规范失信被执行人名单管理",
    "提高裁判文书说理水平", "加强家事审判心理疏导", "推进破产案件府院联动", "保障交通事故受害人及时获赔",
)
ISSUES = (
    "一宗借款纠纷案件久拖未执行", "立案窗口排队时间较长", "一宗劳动争议案件审理期限过长", "执行款未及时发放",
    "庭审直播画面不清晰", "诉讼费缓交申请未获答复", "邻里纠纷调解后反复", "旧城改造补偿纠纷",
)
CATEGORIES = ("A", "A", "A", "B", "B", "C")


class Fate:
    """How a matter's handling goes."""

    ON_TIME = "on_time"
    LATE = "late"
    EXTENDED = "extended"
    UNSATISFIED = "unsatisfied"
    TWICE_UNSATISFIED = "twice_unsatisfied"


FATES = ((Fate.ON_TIME, 70), (Fate.LATE, 12), (Fate.EXTENDED, 5), (Fate.UNSATISFIED, 9), (Fate.TWICE_UNSATISFIED, 4))


@attrs.frozen
class Matter:
    """One matter before it arrives: its day, kind, title, who raised it and how it will go."""

    day: dt.date
    kind: str
    title: str
    deputies: tuple[int, ...]
    channel: str
    fate: str
    co: bool


def fate(rng: random.Random) -> str:
    return rng.choices([f for f, _ in FATES], [w for _, w in FATES])[0]


def title(kind: str, rng: random.Random) -> str:
    if kind in ("letter", "visit", "complaint"):
        prefix = {"letter": "来信反映", "visit": "来访反映", "complaint": "转交群众来信：反映"}[kind]
        return prefix + rng.choice(ISSUES)
    noun = {"motion": "议案", "proposal": "提案"}.get(kind, "建议")
    return f"关于{rng.choice(TOPICS)}的{noun}"


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def year_of_matters(rng: random.Random, year: int, session: tuple[dt.date, dt.date], npc: list[int],
                    cppcc: list[int], kinds: set[str]) -> list[Matter]:
    """About 130 matters: suggestions at the January session, then letters, visits, complaints and
    suggestions between sessions through the year (none in the last fortnight: nothing to show yet)."""
    opens, closes = session
    last = dt.date(year, 12, 15)
    plan = [("suggestion", "session", 36, opens, closes), ("motion", "session", 2, opens, closes),
            ("suggestion", "interim", 30, closes, last), ("proposal", "interim", 8, closes, last),
            ("letter", "interim", 22, dt.date(year, 1, 2), last), ("visit", "interim", 14, dt.date(year, 1, 2), last),
            ("complaint", "interim", 10, dt.date(year, 1, 2), last)]
    matters = []
    for kind, channel, count, start, end in plan:
        if kind not in kinds:
            continue
        pool = cppcc if kind == "proposal" else npc
        for _ in range(count):
            joint = 1 + (rng.random() < 0.2) + (rng.random() < 0.05)
            deputies = tuple(rng.sample(pool, min(joint, len(pool))))
            matters.append(Matter(random_day(rng, start, end), kind, title(kind, rng), deputies, channel,
                                  fate(rng), rng.random() < 0.25))
    return sorted(matters, key=lambda m: m.day)
