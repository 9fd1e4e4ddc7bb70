"""The application object (home, store, profile, plugins, calendar) and the context hooks receive."""

from __future__ import annotations

import datetime as dt
import getpass
import os
from pathlib import Path
from typing import Any

import attrs
import pluggy

from .actions import ActionRegistry
from .calendar import Calendar, Counted
from .core_actions import declared_actions
from .directory import Directory
from . import facts
from .factquery import FactsQuery
from .errors import StoreError
from .hooks import call_first, call_registration
from .models import Alarm, Clock, Item, Notice
from .local_plugins import local_plugins
from .plugins import get_plugin_manager
from .profile import Params, Profile
from .readonly import ReadOnlyStore
from .registry import KindRegistry
from .store.factory import open_store
from .store.owners import Tables
from .store.protocol import Store, Tx

PROFILE_FILE = "profile.toml"


def os_account() -> str:
    """The operating-system account running the command (its uid when it has no name): what an audit records
    beside `--as`, which anyone can type."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry and no LOGNAME/USER (a bare container)
        return f"uid {os.getuid()}"


def default_user() -> str:
    """Who is acting: `--as`, else LIANLUO_USER, else the OS account."""
    return os.environ.get("LIANLUO_USER") or os_account()


@attrs.define
class App:
    """One data home, opened: what every command and hook works through."""

    home: Path
    store: Store  # TinyStore or PgStore (kernel/store/factory.py)
    profile: Profile
    pm: pluggy.PluginManager
    calendar: Calendar
    user: str
    extra: dict[str, Any] = attrs.field(factory=dict)  # plugins given as objects (tests, embedders), not installed
    _kinds: KindRegistry | None = None
    _actions: ActionRegistry | None = None
    _tables: Tables | None = None

    @classmethod
    def open(cls, home: Path, user: str | None = None, extra: dict[str, Any] | None = None,
             managers: dict | None = None) -> "App":
        """`managers`: plugin managers to share between the homes one command opens (a network report opens
        every organisation's): homes enabling the same plugins, with no plugins of their own, get the same
        manager instead of each importing and validating its plugins again (~15 ms a home)."""
        home = Path(home)
        store = open_store(home)
        profile_path = home / PROFILE_FILE
        if not store.exists() or not profile_path.exists():
            raise StoreError(f"数据目录 {home} 尚未初始化，请先运行 lianluo --home {home} init --profile 名称")
        profile = Profile.load(profile_path)
        extra = {**local_plugins(home), **(extra or {})}  # <home>/plugins/*.py: this home's own, always on
        key = (profile.enable, tuple((name, id(plugin)) for name, plugin in sorted(extra.items())))
        cache = managers if managers is not None else {}
        if key not in cache:
            missing: list[str] = []
            cache[key] = (get_plugin_manager(profile.enable, extra=extra, missing=missing), missing)
        pm, missing = cache[key]
        if missing:  # readable without them, not writable (kernel/readonly.py)
            store = ReadOnlyStore(store, tuple(missing))
        return cls(home, store, profile, pm, Calendar.for_home(home), user or default_user(), dict(extra or {}))

    @property
    def kinds(self) -> KindRegistry:
        if self._kinds is None:
            registry = KindRegistry()
            call_registration(self.pm, "register_kinds", registry.register_for)
            registry.kinds = {name: self.actions.extend(kind) for name, kind in registry.kinds.items()}
            self._kinds = registry
        return self._kinds

    @property
    def actions(self) -> ActionRegistry:
        """The workflow actions the kernel and the enabled plugins declare."""
        if self._actions is None:
            self._actions = declared_actions(self.pm)
        return self._actions

    @property
    def tables(self) -> Tables:
        """Who owns which table and the queries owners answer (kernel/store/owners.py)."""
        if self._tables is None:
            tables = Tables()
            call_registration(self.pm, "register_tables", tables.register_for)
            self._tables = tables
        return self._tables

    def context(self, tx, today: dt.date) -> "HookContext":
        return HookContext(app=self, tx=tx, today=today)


@attrs.define
class ProfileCheck:
    """What `check_profile` gets: a profile, before any data home exists."""

    profile: Profile
    pm: pluggy.PluginManager | None = None
    calendar: Calendar = attrs.field(factory=Calendar)

    def params(self, section: str) -> Params:
        return self.profile.params(section)

    @property
    def actions(self) -> ActionRegistry:
        """The actions the profile's plugins declare, so a check can use their vocabularies (none without pm)."""
        return declared_actions(self.pm) if self.pm is not None else ActionRegistry()


@attrs.define
class HookContext:
    """What a hook may consult: today, the profile's parameters, the calendar and the directory."""

    app: App
    tx: Tx
    today: dt.date
    _pools: list = attrs.field(factory=list, init=False, repr=False)  # the report facts read (`facts`)

    @property
    def calendar(self) -> Calendar:
        return self.app.calendar

    @property
    def profile(self) -> Profile:
        return self.app.profile

    @property
    def directory(self) -> Directory:
        return Directory(self.tx, self.app.profile)

    @property
    def kinds(self) -> KindRegistry:
        return self.app.kinds

    def params(self, section: str) -> Params:
        return self.app.profile.params(section)

    @property
    def facts(self) -> FactsQuery:
        """The items a report, a score or a dashboard counts, read from the report facts the store keeps at every
        commit (kernel/facts.py) rather than from the item documents: `ctx.facts(period)` as `Item`s,
        `ctx.facts.rows(period)` as light `Fact`s, `ctx.facts.count(period, by=…)` as counts (SQL on
        PostgreSQL); kernel/factquery.py. Repeated asks in one context share one read (`Pool`)."""
        return FactsQuery(self)

    def _facts_pool(self, wanted: facts.Selection) -> facts.Pool:
        for pool in self._pools:
            if facts.within(wanted, pool.wanted):
                return pool
        pool = facts.Pool.read(self.tx, wanted)
        if not self.tx.writable:  # a writer may change items between two asks: it reads afresh
            self._pools.append(pool)
        return pool

    def query(self, name: str, **params: Any) -> list[Any]:
        """Another plugin's data, through the query it answers (`register_tables`); [] when it is not enabled."""
        return self.app.tables.ask(self.tx, name, **params)

    def perform(self, name: str, **params: Any) -> Any:
        """Ask the plugin that owns some data to change it (an operation declared with `register_tables`), in
        this transaction; refused when no enabled plugin offers it."""
        return self.app.tables.perform(self, name, **params)

    @property
    def desk(self):
        """Register items and apply actions from a plugin, inside the current transaction."""
        from .desk import Desk

        return Desk(self.app, self.tx)

    def fixed_clock(self, item: Item, name: str, label: str, start: dt.date, due: dt.date, rule: str,
                    clause: str = "", owner: int | None = None) -> Clock:
        """A clock whose due day a plugin computed itself (e.g. N days before a session opens)."""
        clock = Clock(name=name, label=label, start=start, due=due, rule=rule, clause=clause, owner=owner,
                      alarm=self.alarm_for(item, name), raw=due)
        return clock.noted(self.today, "started", start=start, period="", raw=due)

    def draft(self, to: str, text: str, type: str | None = None, level: int = 0) -> Notice:
        """A notice for the kernel to complete (key, date, item, clock) and put in the outbox."""
        return Notice(key="", type=type or "", to=to, text=text, date=self.today, level=level)

    def alarm_for(self, item: Item, clock_name: str) -> Alarm:
        alarm = call_first(self.app.pm, "alarm_for", item=item, clock_name=clock_name, ctx=self)
        return alarm if alarm is not None else Alarm(chases=0, levels=0)

    @property
    def roll_forward(self) -> bool:
        return self.params("calendar").bool("roll_forward", True)

    def roll(self, day: dt.date) -> dt.date:
        """The day itself, or the next working day when the profile rolls due dates off rest days."""
        return self.calendar.next_workday(day) if self.roll_forward else day

    def count(self, start: dt.date, param: str) -> Counted:
        """The profile period at `section.key` counted from `start`, rolled as the profile says."""
        section, key = param.split(".", 1)
        return self.calendar.count(start, self.params(section).period(key), self.roll_forward)

    def new_clock(self, item: Item, name: str, label: str, start: dt.date, param: str, owner: int | None = None,
                  limit_param: str | None = None) -> Clock:
        """A clock whose due day is `param` (a profile period) counted from `start`, with its clause."""
        counted = self.count(start, param)
        limited = self.count(start, limit_param) if limit_param else None
        clock = Clock(name=name, label=label, start=start, due=counted.due, limit=limited and limited.due,
                      limit_period=str(limited.period) if limited else "",
                      limit_clause=self.profile.clauses.get(limit_param, "") if limit_param else "",
                      rule=f"{param} = {counted.period}", clause=self.profile.clauses.get(param, ""), owner=owner,
                      alarm=self.alarm_for(item, name), period=str(counted.period), raw=counted.raw)
        clock = clock.noted(self.today, "started", start=start, period=str(counted.period), raw=counted.raw)
        if counted.rolled:
            clock = clock.noted(self.today, "rolled", raw=counted.raw, due=counted.due)
        return clock
