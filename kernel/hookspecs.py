"""The contract between the kernel and its plugins (pluggy project "lianluo").

Hooks are grouped by lifecycle: registration (what a plugin brings), then an item's life
(received → transition → due → escalate), then periodic work, then delivery. Call with keywords; an implementation may
take any subset of the arguments, so specs grow by adding arguments, never by changing them.

Fan-out hooks return a value per plugin and the kernel merges them; `None` always means "nothing from me".
Item hooks (`on_received`, `on_transition`) run inside a user's command: a plugin that raises aborts
the command and nothing is written. Tick hooks (`on_due`, `on_escalate`, jobs, `deliver`) are isolated: a
plugin that raises, or whose call runs over the tick's time limit (the profile's `[tick] hook_timeout`, or
`LIANLUO_HOOK_TIMEOUT`, default 60 seconds), is recorded with the plugin's and the item's names, retried at
the next tick, and the rest of the work goes on; a plugin that ran over once is not called again in that tick.

Every argument is annotated (the types are the records of ``lianluo.kernel``: ``actions``, ``models``, ``context``,
``periods``, ``report``, ``jobs``, ``registry``, ``network.ranking``) and every docstring says in which version the hook appeared;
how a hook or an argument is retired is in docs/plugins.md ("Changing the contract").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    import click

    from .actions import Action
    from .context import HookContext, ProfileCheck
    from .jobs import Job
    from .models import Alarm, Clock, Effects, Event, Item, Notice, Point, Session
    from .network.ranking import NetworkMember, OrganisationRanking
    from .periods import ReportPeriod
    from .registry import Kind
    from .report import ReportContext, Section
    from .store.owners import Declare

hookspec = pluggy.HookspecMarker("lianluo")


# --- setup and registration -----------------------------------------------------------------------


@hookspec
def register_profiles(register: Callable[[str, Path], None]) -> None:
    """Offer built-in profiles (TOML files) that `lianluo init --profile NAME` can copy.

    Called once when profiles are listed or looked up.

    .. versionadded:: 0.1

    :param register: ``register(name, path)``; a name offered twice raises, naming both plugins.
    :return: ignored.
    """


@hookspec
def check_profile(ctx: ProfileCheck) -> None:
    """Check this plugin's part of a profile before a home is created from it (``lianluo init``).

    Read every parameter the plugin will need, so that an organisation's own edited copy fails at once, naming the
    key, rather than at the first item or tick that uses it.

    .. versionadded:: 0.1

    :param ctx: a :class:`lianluo.kernel.ProfileCheck` with ``params(section)``, ``profile`` and
        ``calendar``.
    :return: ignored; raise :class:`lianluo.kernel.ProfileError` naming ``section.key`` for a bad value.
    """


@hookspec
def register_kinds(register: Callable[[Kind], None]) -> None:
    """Declare item kinds (suggestion, letter, case …), each with its Chinese label and its workflow.

    Called once when the kernel starts a command that touches items.

    .. versionadded:: 0.1

    :param register: ``register(kind)`` with a :class:`lianluo.kernel.Kind`; a kind name
        registered twice raises, naming both plugins.
    :return: ignored.
    """


@hookspec
def register_actions(register: Callable[[Action], None]) -> None:
    """Declare workflow actions (reply, feedback, a procuratorate's follow-up …): name, label, options, and
    what each does; the kernel runs them and ``lianluo item ACTION`` is built from each declaration.

    Called once when a command acts on an item, for the enabled plugins, and when the CLI starts, for every
    installed plugin (to build the commands).

    .. versionadded:: 0.2

    :param register: ``register(action)`` with a :class:`lianluo.kernel.Action`; an action name
        registered twice raises, naming both plugins.
    :return: ignored.
    """


@hookspec
def register_tables(register: Declare) -> None:
    """Declare the tables this plugin owns and the queries it answers for other plugins.

    Called once when a command first needs to know (``ctx.query``), for the enabled plugins only. Another
    plugin gets the data of an owned table only through such a query, never by reading the table; a query no
    enabled plugin answers gives an empty list, so a plugin that asks keeps working without the owner.

    .. versionadded:: 0.2

    :param register: a :class:`lianluo.kernel.TableDeclaration`: ``register.table(name)`` claims a table
        (a table claimed twice raises, naming both owners); ``register.query(name, answer)`` offers a query,
        ``answer(tx, **params)`` returning a list, called with a transaction limited to the owner's tables.
    :return: ignored.
    """


@hookspec
def register_jobs(register: Callable[[Job], None], ctx: HookContext) -> None:
    """Declare scheduled jobs: a cron expression or a plugin's own rule, and what to do on each day.

    Called at every tick. Each occurrence between the previous tick and today runs once, in order.

    .. versionadded:: 0.1

    :param register: ``register(job)`` with a :class:`lianluo.kernel.Job`; duplicate names raise.
    :param ctx: the :class:`lianluo.kernel.HookContext` (profile parameters, calendar, directory).
    :return: ignored.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add CLI commands or subcommands (e.g. ``session tasks``) to the root click group.

    Called once when the CLI starts, for every installed plugin (enabled or not): a command of a plugin
    the home's profile does not enable should refuse with a clear message. A plugin that raises here is
    reported on stderr and skipped, so ``--help`` keeps working.

    .. versionadded:: 0.1

    :param cli: the root :class:`click.Group`; subgroups are in ``cli.commands``.
    :return: ignored.
    """



@hookspec
def register_hookspecs(register: Callable[[object], None]) -> None:
    """Add this plugin's own hooks to the contract, as pytest's ``pytest_addhooks`` does.

    Called once for each plugin as it is registered, before pluggy checks any implementation against the specs,
    so that other plugins may implement the new hooks whatever their order. Call them through
    :func:`lianluo.kernel.call_each` (or ``call_strict``) like the kernel's own.

    .. versionadded:: 0.2

    :param register: ``register(namespace)`` with a module or class holding functions marked
        ``pluggy.HookspecMarker("lianluo")``; a hook name already declared raises, naming the plugin.
    :return: ignored.
    """


# --- congress sessions ----------------------------------------------------------------------------


@hookspec
def on_session(session: Session, previous: Session | None, ctx: HookContext) -> None:
    """A congress session was added (``previous`` is None) or its dates changed.

    Plugins create the session's tasks and re-date the clocks anchored on it, through ``ctx.desk``.

    .. versionadded:: 0.1

    :param session: the :class:`lianluo.kernel.Session` as it is now.
    :param previous: the session before the change, or ``None`` when it was just added.
    :param ctx: the hook context; ``ctx.today`` is the date of the change.
    :return: ignored. Raising ``InputError`` refuses the change and nothing is written.
    """


# --- an item's life -------------------------------------------------------------------------------


@hookspec
def on_received(item: Item, ctx: HookContext) -> Effects | None:
    """An item has just been registered (and validated); give it its clocks.

    .. versionadded:: 0.1

    :param item: the new :class:`lianluo.kernel.Item`, with its id, status and first event.
    :param ctx: the hook context; ``ctx.today`` is the registration date.
    :return: an :class:`lianluo.kernel.Effects` (clocks, status, notices) or ``None``.
        Two plugins returning a clock of the same name, or two different statuses, is an error.
        Raising :class:`lianluo.kernel.InputError` refuses the registration.
    """


@hookspec(firstresult=True)
def alarm_for(item: Item, clock_name: str, ctx: HookContext) -> Alarm | None:
    """Say how the tick follows a new clock: warnings before due, chases after it, escalation levels.

    Called when a plugin creates a clock through ``ctx.new_clock``. Stops at the first non-``None``
    answer; with no answer the clock gets no warnings, chases or escalation (``Alarm(chases=0, levels=0)``).

    .. versionadded:: 0.1

    :param item: the item the clock belongs to.
    :param clock_name: the new clock's name, e.g. ``"reply"`` or ``"co:3"``.
    :param ctx: the hook context.
    :return: a :class:`lianluo.kernel.Alarm`, or ``None`` for "not mine".
    """


@hookspec
def on_transition(item: Item, action: str, event: Event, ctx: HookContext) -> Effects | None:
    """An action (approve, assign, reply, feedback, extend, close …) has been applied to an item.

    Called after the kernel has checked the workflow, set the item's fields and status, and appended
    the event; a plugin stops, adds or re-dates clocks here.

    .. versionadded:: 0.1

    :param item: the item after the action.
    :param action: the action's name, e.g. ``"assign"``.
    :param event: the :class:`lianluo.kernel.Event` just recorded (its ``detail`` holds the options).
    :param ctx: the hook context; ``ctx.today`` is the action's date.
    :return: :class:`lianluo.kernel.Effects` or ``None``; raising an ``InputError`` or
        ``RefusedError`` refuses the action and nothing is written.
    """


@hookspec
def on_due(item: Item, clock: Clock, point: Point, today: dt.date, ctx: HookContext) -> list[Notice] | None:
    """The tick found a clock at a warning, due or chase point that has not fired in this round.

    Called at most once per (item, clock, round, point) across all ticks, in date order.

    .. versionadded:: 0.1

    :param item: the item, as stored.
    :param clock: the :class:`lianluo.kernel.Clock` concerned.
    :param point: the :class:`lianluo.kernel.Point` (kind ``due-soon``, ``due`` or ``chase``,
        its number and its day; the day may be before ``today`` when the tick catches up).
    :param today: the tick's date.
    :param ctx: the hook context.
    :return: a list of :class:`lianluo.kernel.Notice` (the kernel fills key, date and ids), or ``None``.
    """


@hookspec
def on_escalate(item: Item, clock: Clock, level: int, point: Point, today: dt.date,
                ctx: HookContext) -> list[Notice] | None:
    """A clock is still open after the chases its rules allow: tell the next level up.

    .. versionadded:: 0.1

    :param item: the item, as stored.
    :param clock: the overdue clock.
    :param level: 1 for the first level above the handler, 2 for the next, and so on.
    :param point: the escalation :class:`lianluo.kernel.Point`.
    :param today: the tick's date.
    :param ctx: the hook context.
    :return: a list of notices (each with ``to`` set to the escalation target), or ``None``.
    """


# --- periodic work --------------------------------------------------------------------------------


@hookspec
def on_report(period: ReportPeriod, ctx: ReportContext) -> list[Section] | None:
    """A report for a period is being built (``lianluo report``, or a scheduled job): give this plugin's sections.

    Called once per report for every enabled plugin, isolated: a plugin that raises is named in a one-line
    note where its sections would be, and the rest of the report is built. Sections are sorted by ``order``.

    .. versionadded:: 0.1

    :param period: the :class:`lianluo.kernel.ReportPeriod` reported on (``start``, ``end``, ``label``).
    :param ctx: a :class:`lianluo.kernel.ReportContext`: the hook context (``ctx.today`` is the day the
        figures are counted to) plus ``ctx.phone(text)`` / ``ctx.address(text)``, which mask personal data
        unless the report was asked for ``--unmasked``, and ``ctx.asked(key)``: whether a report of chosen
        sections (a scheduled report's ``sections``) asked for a section made only on request.
    :return: a list of :class:`lianluo.kernel.Section`, or ``None`` for nothing from this plugin.
    """


@hookspec
def rank_organisations(period: ReportPeriod, organisations: list[NetworkMember],
                       ctx: HookContext) -> list[OrganisationRanking] | None:
    """A network report (``lianluo network report``, the web desk's 联络网络 page) covers this organisation and
    the ones below it: rank them under this organisation's own rules, as its departments are ranked.

    Called on the plugins of the organisation that reports (the upper one), once per report, each on its own:
    a plugin that raises is named in a one-line note and the report is shown without its ranking. The kernel
    only counts (``figures``); with no ranking from any plugin the organisations are listed without a rank.

    .. versionadded:: 0.2

    :param period: the :class:`lianluo.kernel.ReportPeriod` reported on.
    :param organisations: one :class:`lianluo.kernel.NetworkMember` per organisation, this one first, then those
        below it: ``code``, ``name``, ``app`` (its home opened read-only, under its own profile and plugins:
        read it with ``app.store.reader()`` and ``app.context(tx, ctx.today)``), ``figures`` (its neutral counts
        for the period) and ``counts(item)`` (whether its row counts the item: a matter handed down is counted
        once, by the organisation below that handles it).
    :param ctx: the reporting organisation's hook context (its profile's parameters; ``ctx.today`` is the day
        the figures are counted to).
    :return: a list of :class:`lianluo.kernel.OrganisationRanking`, one per rule set applied (shown side by
        side), each with an :class:`lianluo.kernel.OrganisationScore` per organisation code; ``None`` for
        nothing from this plugin.
    """


# --- delivery ------------------------------------------------------------------------------------


@hookspec(firstresult=True)
def deliver(notice: Notice, ctx: HookContext) -> bool | None:
    """Send one notice through this plugin's channel (SMS gateway, e-mail, the court's OA system).

    Called by the tick after its own transaction has committed, for every notice not yet delivered, in id
    order, at most once per notice per tick; the kernel records the notice as "sending" before the call and as
    "delivered" or "failed" after it. Stops at the first answer that is not ``None``. With no implementation
    the outbox itself is the channel and a notice counts as delivered when it is posted.

    .. versionadded:: 0.1

    :param notice: the :class:`lianluo.kernel.Notice` (``id``, ``key``, ``to``, ``text``, ``date``;
        ``attempts`` counts this one).
    :param ctx: the hook context, over a read-only snapshot taken after the tick committed.
    :return: ``True`` when the notice was sent, or the channel's own id for the message (a non-empty string,
        kept as the notice's ``ref``); ``None`` for "not mine" (the next channel is asked; a notice routed to
        one channel, ``notice.route``, is for that channel only). Raise when sending failed: the error is
        recorded and the notice is tried again at the next tick. Raise :class:`lianluo.kernel.MaybeSent` when
        the message may have gone out (the connection dropped after it was handed over): the notice becomes
        "uncertain" and is never re-sent, as after a call that runs over the time limit.

    .. versionchanged:: 0.3 a string return is the message's id; ``MaybeSent``; ``notice.route``.
    """
