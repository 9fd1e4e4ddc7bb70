"""Session work as tasks (Liwan arts. 25–27): each `[session.tasks.NAME]` rule in the profile is one task,
per session, per delegation / street group, or per deputy who raised an opinion, due N days from the
session's opening or closing day."""

from __future__ import annotations

import datetime as dt

import attrs

from lianluo.kernel import Deputy, Item, ProfileError, Session

TASK_KIND = "session-task"
PHASES = {"before": "会前", "during": "会中", "after": "会后"}
PER = ("session", "group", "deputy")
FIELDS = {"phase", "label", "anchor", "days", "per", "owner"}


@attrs.frozen
class TaskRule:
    key: str
    phase: str
    label: str
    anchor: str
    days: int
    per: str
    owner: str
    clause: str

    def due(self, session: Session, ctx) -> dt.date:
        """N days from the anchor; a day before the anchor rolls back off rest days, after it forward."""
        base = session.opens if self.anchor == "opens" else session.closes
        day = base + dt.timedelta(days=self.days)
        return ctx.calendar.previous_workday(day) if self.days < 0 else ctx.roll(day)

    def title(self, group: str = "", deputy: Deputy | None = None) -> str:
        return self.label.format(group=group, deputy=deputy.name if deputy else "")


def load_rules(ctx) -> list[TaskRule]:
    params = ctx.params("session")
    rules = []
    for key, table in params.table("tasks", {}).items():
        where = f"session.tasks.{key}"
        if not isinstance(table, dict) or not {"phase", "label", "anchor", "days"} <= set(table):
            raise ProfileError(f"配置参数 {where} 须有 phase、label、anchor、days")
        if not set(table) <= FIELDS:
            raise ProfileError(f"配置参数 {where} 有未知的键：{'、'.join(sorted(set(table) - FIELDS))}")
        if table["phase"] not in PHASES or table["anchor"] not in ("opens", "closes"):
            raise ProfileError(f"配置参数 {where}：phase 应为 before/during/after，anchor 应为 opens/closes")
        per = table.get("per", "session")
        if per not in PER:
            raise ProfileError(f"配置参数 {where}.per 应为 {'、'.join(PER)} 之一")
        days = table["days"]
        if not isinstance(days, int) or isinstance(days, bool):
            raise ProfileError(f"配置参数 {where}.days 应为整数（负数表示在锚定日之前）")
        rules.append(TaskRule(key=key, phase=table["phase"], label=table["label"], anchor=table["anchor"],
                              days=days, per=per, owner=table.get("owner", ""),
                              clause=ctx.profile.clauses.get(f"{where}.days", "")))
    return rules


def session_groups(session: Session, ctx) -> list[str]:
    """The delegations or street groups of the session's deputies (same level and body)."""
    groups = {d.group for d in ctx.directory.deputies()
              if d.group and d.level is session.level and d.body is session.body}
    return sorted(groups) or [""]


def task_items(ctx, session_id: int) -> list[Item]:
    return [Item.from_doc(d) for d in ctx.tx.find("tasks", session=session_id, kind=TASK_KIND)]


def _key(rule: TaskRule, group: str = "", deputy: int | None = None) -> str:
    return f"{rule.key}/{group}/{deputy or ''}"


def create(rule: TaskRule, session: Session, ctx, group: str = "", deputy: Deputy | None = None) -> Item:
    """Register one task item with its clock; the owner is a department if one has that name."""
    depts = {d.name: d.id for d in ctx.directory.departments()}
    extra = {"task": rule.key, "phase": rule.phase, "task_key": _key(rule, group, deputy.id if deputy else None),
             "group": group}
    if rule.owner and rule.owner not in depts:
        extra["assignee"] = rule.owner
    if deputy is not None:
        extra["deputy"] = deputy.id
    item = ctx.desk.register(TASK_KIND, rule.title(group, deputy), [str(deputy.id)] if deputy else [], ctx.today,
                             channel="session", session=str(session.id), extra=extra, by_plugin=True)
    return item


def ensure(rules: list[TaskRule], session: Session, ctx, pers=("session", "group")) -> list[Item]:
    """Create the session's missing tasks of the given kinds (`per`); existing ones are left alone."""
    have = {i.extra.get("task_key") for i in task_items(ctx, session.id)}
    made = []
    for rule in rules:
        if rule.per not in pers:
            continue
        if rule.per == "session" and _key(rule) not in have:
            made.append(create(rule, session, ctx))
        elif rule.per == "group":
            made += [create(rule, session, ctx, group=g) for g in session_groups(session, ctx) if _key(rule, g) not in have]
    return made


def raisers(ctx, session: Session, also: tuple[int, ...] = ()) -> list[Deputy]:
    """Deputies who raised an opinion (any matter but a task) at the session, plus `also`."""
    ids = sorted({d for doc in ctx.tx.find("items", session=session.id) for d in doc["deputies"]} | set(also))
    return [ctx.directory.deputy(i) for i in ids]


def ensure_letters(rules: list[TaskRule], session: Session, ctx, also: tuple[int, ...] = ()) -> list[Item]:
    """A reply-letter task for every deputy who raised an opinion, once the session has closed."""
    have = {i.extra.get("task_key") for i in task_items(ctx, session.id)}
    made = []
    for rule in (r for r in rules if r.per == "deputy"):
        for deputy in raisers(ctx, session, also):
            if _key(rule, deputy=deputy.id) not in have:
                made.append(create(rule, session, ctx, deputy=deputy))
    return made
