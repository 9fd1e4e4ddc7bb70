"""Reports: the section records plugins return from `on_report`, and the kernel's assembler.

The kernel only gathers, orders and guards: what a section says belongs to its plugin. Personal data is
masked twice over — plugins mask through `ctx.phone` / `ctx.address`, and the assembler masks (`mask_text`) any
phone-shaped number and any deputy's phone number or address a plugin let through, so no full number leaves
without `--unmasked`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs

from . import facts
from .gcpause import paused_gc
from .context import App, HookContext
from .hooks import call_each, implementers
from .periods import ReportPeriod
from .privacy import KnownSecrets, mask_address, mask_phone, masker
from .store.protocol import Tx

FAILED_ORDER = 10_000  # a failed plugin's note goes last: where its sections would have been is unknown


NO_DATA = "—"


@attrs.frozen
class Rate:
    """A rate in a report, kept as its two counts so that each renderer shows it its own way: text, JSON and
    Word read "3/5（60.0%）" (`str`), a spreadsheet gets the rate as a number in a percent format with the
    counts in cells of their own. The percentage is rounded half up to one decimal from the exact fraction.

    `note` (e.g. 样本不足) is said instead of the percentage when the rate must not be used; `counts=False`
    leaves the fraction out of the text where a table shows the counts in columns of its own."""

    numerator: int
    denominator: int
    note: str = ""
    counts: bool = True

    @property
    def value(self) -> float | None:
        """The rate as a fraction of one (0.6), or None over nothing or under a note."""
        return self.numerator / self.denominator if self.denominator and not self.note else None

    @property
    def percent(self) -> str:
        """"60.0%", the note, or — over nothing."""
        if not self.denominator:
            return NO_DATA
        if self.note:
            return self.note
        tenths = math.floor(Fraction(self.numerator * 1000, self.denominator) + Fraction(1, 2))
        return f"{tenths / 10:.1f}%"

    def __str__(self) -> str:
        if not self.denominator or not self.counts:
            return self.percent
        return f"{self.numerator}/{self.denominator}（{self.percent}）"


def plain(value: Any) -> Any:
    """A report value as JSON carries it: a rate as the text it reads as."""
    return str(value) if isinstance(value, Rate) else value


@attrs.frozen
class Figure:
    """One statistic: the label clerks read and its value (a number, a :class:`Rate`, text, or None for no
    data)."""

    label: str
    value: Any


@attrs.frozen
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...] = ()

    def to_doc(self) -> dict[str, Any]:
        return {"title": self.title, "headers": list(self.headers),
                "rows": [[str(v) if isinstance(v, Rate) else v for v in r] for r in self.rows]}  # `plain`, inlined: a ledger has 100k cells


@attrs.frozen
class Chart:
    """A bar chart a section asks for: one group of bars per category, one bar per series. The DOCX renderer
    draws it (matplotlib), the XLSX renderer makes it a native Excel chart, JSON carries its data."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[Any, ...]], ...]
    unit: str = ""

    @property
    def empty(self) -> bool:
        """Nothing to draw: no category, or every value none or zero (an empty plot with a ±0.06 axis)."""
        return not any(v for _, values in self.series for v in values)

    def as_table(self) -> "Table":
        """The chart's data as a table: a row per category, a column per series."""
        return Table(self.title, ("项目", *(name for name, _ in self.series)),
                     tuple((c, *(values[i] for _, values in self.series)) for i, c in enumerate(self.categories)))

    def to_doc(self) -> dict[str, Any]:
        return {"title": self.title, "unit": self.unit, "categories": list(self.categories),
                "series": [{"name": name, "values": list(values)} for name, values in self.series]}


@attrs.frozen
class Section:
    """One part of a report; `figures` maps a stable English key to a :class:`Figure`."""

    key: str
    title: str
    order: int = 100
    text: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: dict[str, Figure] = attrs.field(factory=dict)
    plugin: str = ""
    charts: tuple[Chart, ...] = ()

    def to_doc(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "order": self.order, "plugin": self.plugin,
                "text": list(self.text), "tables": [t.to_doc() for t in self.tables],
                "charts": [c.to_doc() for c in self.charts],
                "figures": {k: {"label": f.label, "value": plain(f.value)} for k, f in self.figures.items()}}


@attrs.frozen
class Report:
    organisation: str
    period: ReportPeriod
    as_of: dt.date
    sections: tuple[Section, ...]
    failures: tuple[tuple[str, str], ...] = ()
    unmasked: bool = False
    heading: str = ""  # a report of chosen sections names itself (e.g. a scheduled report's label)

    @property
    def title(self) -> str:
        return f"{self.organisation}{self.heading or '联络工作报告'}（{self.period.label}）"

    def to_doc(self) -> dict[str, Any]:
        p = self.period
        return {"title": self.title, "organisation": self.organisation,
                "period": {"name": p.name, "label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat()},
                "as_of": self.as_of.isoformat(), "unmasked": self.unmasked,
                "sections": [s.to_doc() for s in self.sections],
                "failures": [{"plugin": name, "error": error} for name, error in self.failures]}


@attrs.define
class ReportContext(HookContext):
    """The hook context of `on_report`, knowing whether personal data may be shown in full."""

    unmasked: bool = False
    sections: tuple[str, ...] = ()  # the section keys asked for; empty for the full report
    period: ReportPeriod | None = None  # the report's: the first `facts` ask reads what every section may want

    def _facts_pool(self, wanted):
        """One read of the report facts shared by every section: the period's items, the open ones and those
        of the sessions meeting in the period (what the built-in sections ask for); an ask beyond it reads
        on its own."""
        if not self._pools and self.period is not None and not self.tx.writable:
            p = self.period
            meeting = [s.id for s in self.directory.sessions() if s.opens <= p.end and s.closes >= p.start]
            widest = facts.selection(p, True, meeting)
            if facts.within(wanted, widest):
                self._pools.append(facts.Pool.read(self.tx, widest))
        return super()._facts_pool(wanted)

    def asked(self, key: str) -> bool:
        """Whether a section made only on request (not part of the full report) was asked for."""
        return key in self.sections

    def phone(self, text: str | None) -> str:
        return (text or "") if self.unmasked else mask_phone(text or "")

    def address(self, text: str | None) -> str:
        return (text or "") if self.unmasked else mask_address(text or "")


class _Scrubbed(dict):
    """Each text of a report as masked, each distinct one masked once: a year's ledger repeats its names,
    departments, states and days thousands of times. Texts only: as keys, 1, 1.0 and True are one."""

    def __init__(self, mask):
        super().__init__()
        self.mask = mask

    def __missing__(self, text: str) -> str:
        done = self[text] = self.mask(text)
        return done


def scrubber(tx: Tx):
    """`mask_text` for every string of a report: phone-shaped numbers typed anywhere, and every deputy's phone
    number and address, in whole or in part; `scrub.row(cells)` masks a table row."""
    memo = _Scrubbed(masker(KnownSecrets(tx.all("deputies"))))

    def scrub(value):
        return memo[value] if isinstance(value, str) else value

    scrub.row = lambda row: tuple([memo[c] if isinstance(c, str) else c for c in row])  # type: ignore[attr-defined]
    return scrub


def _scrubbed(section: Section, scrub) -> Section:
    row = getattr(scrub, "row", None) or (lambda cells: tuple(scrub(c) for c in cells))
    tables = tuple(Table(scrub(t.title), tuple(scrub(h) for h in t.headers),
                         tuple(map(row, t.rows))) for t in section.tables)
    charts = tuple(attrs.evolve(c, title=scrub(c.title), categories=tuple(scrub(x) for x in c.categories),
                                series=tuple((scrub(n), v) for n, v in c.series))
                   for c in section.charts)
    return attrs.evolve(section, title=scrub(section.title), text=tuple(scrub(t) for t in section.text),
                        tables=tables, charts=charts, figures={k: Figure(scrub(f.label), scrub(f.value))
                                                for k, f in section.figures.items()})


def _checked(answer) -> list[Section]:
    """The answer's sections tagged with the plugin; anything else is that plugin's error."""
    sections = answer.result or []
    if isinstance(sections, Section):
        sections = [sections]
    bad = [s for s in sections if not isinstance(s, Section)]
    if bad:
        raise TypeError(f"on_report 应返回 Section 列表，得到 {type(bad[0]).__name__}")
    return [attrs.evolve(s, plugin=answer.plugin) for s in sections]


def report_plugins(app: App) -> list[str]:
    """The plugins answering `on_report`, in the order they are asked."""
    return implementers(app.pm, "on_report")


def _answers(app: App, period: ReportPeriod, ctx: ReportContext, step: Callable[[str], None] | None):
    for name in report_plugins(app):
        yield from call_each(app.pm, "on_report", only={name}, period=period, ctx=ctx)
        if step is not None:
            step(name)


def build_report(app: App, tx: Tx, period: ReportPeriod, as_of: dt.date, unmasked: bool = False,
                 step: Callable[[str], None] | None = None, only: tuple[str, ...] = (), heading: str = "") -> Report:
    """Every enabled plugin's sections for `period`, counted to `as_of`, in order; failures become notes.
    `step` is told each plugin's name once its sections are in (for a progress bar). With `only`, the report
    keeps just those section keys (and any failure notes) and is titled `heading`."""
    with paused_gc():  # a year's facts are hundreds of thousands of small objects (kernel/gcpause.py)
        return _build_report(app, tx, period, as_of, unmasked, step, only, heading)


def _build_report(app: App, tx: Tx, period: ReportPeriod, as_of: dt.date, unmasked: bool,
                  step: Callable[[str], None] | None, only: tuple[str, ...], heading: str) -> Report:
    ctx = ReportContext(app=app, tx=tx, today=as_of, unmasked=unmasked, sections=tuple(only), period=period)
    sections, failures = [], []
    for answer in _answers(app, period, ctx, step):
        exc = answer.error
        if exc is None:
            try:
                sections += _checked(answer)
            except TypeError as wrong:  # a plugin's wrong answer is its failure like what it raises
                exc = wrong
        if exc is not None:  # isolation: the rest of the report is still worth having
            error = f"{type(exc).__name__}: {exc}"
            failures.append((answer.plugin, error))
            sections.append(Section(key=f"failed.{answer.plugin}", title=f"插件 {answer.plugin}", order=FAILED_ORDER,
                                    text=(f"插件 {answer.plugin} 未能生成本部分内容（{error}）。",),
                                    plugin=answer.plugin))
    if only:
        sections = [s for s in sections if s.key in only or s.key.startswith("failed.")]
    if not unmasked:
        scrub = scrubber(tx)
        sections = [_scrubbed(s, scrub) for s in sections]
        failures = [(plugin, scrub(error)) for plugin, error in failures]
    org = ctx.directory.organisation.get("name", "")
    return Report(org, period, as_of, tuple(sorted(sections, key=lambda s: (s.order, s.key))), tuple(failures),
                  unmasked, heading)
