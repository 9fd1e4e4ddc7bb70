"""lianluo.kernel — the public API: the one module a plugin, a front end or a third party imports.

Everything a plugin may use is exported here (and listed in `__all__`); every other module under
`lianluo.kernel` is private and may change without notice. The import-linter contracts in pyproject.toml
(checked by tests/test_import_contracts.py) hold the built-in plugins to this, and tests/test_import_contracts.py
holds `examples/` to it as well. docs/plugins.md describes each group.
"""

# Hooks: markers, the dispatcher a plugin uses to call its own hooks, the errors it raises.
from .errors import (DuplicateError, InputError, LianluoError, MaybeSent, PluginError, ProfileError, RefusedError,
                     StoreError)
from .hooks import Answer, call_each, call_first, call_registration, call_strict, hookimpl
from .hookspecs import hookspec

# Records.
from .models import (Alarm, Body, Channel, Clock, ClockStatus, Delivery, Department, Deputy, Effects, Event, Item,
                     Level, Notice, Point, PointKind, Session)

# Days: the calendar, lengths of time, reporting periods.
from .calendar import Calendar, Duration, parse_date
from .periods import FORMS_HINT, ReportPeriod

# Storage: the typed transaction, and the tables a plugin owns (declared with `register_tables`).
from .store.owners import Declare as TableDeclaration
from .store.protocol import Doc, Tx
from .store.modes import file_mode  # a plugin's own small file in the home (the SMS rate) gets the home's mode

# Registries and declarations: kinds and their workflows, actions, jobs, clock rules, vocabularies.
from .actions import Action, Option, Step
from .clockrules import load_rules as load_clock_rules, reowned as reowned_clocks, rule_of as clock_rule_of
from .clockrules import started as started_clocks, stopped as stopped_clocks
from .jobs import CronSchedule, Job, MonthDays, OnDay, WeekdayAfter
from .registry import Kind, Transition, Workflow
from .tasks import task_kind
from .vocab import BODY_LABELS, LEVEL_LABELS, Vocabulary, choose, level_name

# Services the front ends share: the application, the desk, the tick.
from .context import App, HookContext, ProfileCheck
from .context import os_account  # the OS account an audit line records beside the acting name
from .desk import TEXT_MAX, TITLE_MAX, Desk, clean_text, load_item, now_stamp, record_by_id
from .textcheck import check_encodable, check_text
from .tick import Tick

# Reports: sections, tables, figures and charts; where reports are written.
from .gcpause import paused_gc  # a score or a dashboard reading a year of facts pauses the cycle collector
from .facts import Fact  # what `ctx.facts.rows` gives: a report fact read like an item, no Item made
from .report import Chart, Figure, Rate, ReportContext, Section, Table  # Rate: a rate kept as its counts, so XLSX writes numbers
from .render import REPORTS, spreadsheet_text

# Personal data.
from .privacy import mask_address, mask_email, mask_phone, mask_text

# Notices: the key under which a clock's point is recorded once.
from .alarms import ledger_key

# Channels (docs/channels.md): who is reached where, secrets from outside the profile, and posting and sending
# notices from a plugin's own command (a bulletin or a letter run sends at once, with the tick's guarantees).
from .contacts import Contact, contact_of, deputy_contact, mobile_of, names_in as recipient_names, routes
from .delivery import DeliveryResult, deliver_pending, post_routed, posted_keys
from .secrets import read_secret, refuse_inline

# Profiles; which installed plugin would offer a name a home lacks (a rule, a kind: "启用：lianluo plugins enable P").
from .profile import Params, Profile
from .plugins import not_enabled_hint

# The command line: helpers for a plugin's commands, and running a command line in-process.
from .cli.common import (DATE, PathType, Root, date_option, day_or_today, emit, json_option, pass_root,
                         report_period, require_plugin, warn_calendar)
# Options taking a closed vocabulary (code or Chinese label: --kind 建议, --level 区), one ParamType for all.
from .cli.choices import BODY as BODY_CHOICE, LEVEL as LEVEL_CHOICE, LabelChoice, kinds_of
from .cli.setup_cmds import resolve_profile
# Documents a plugin writes for the clerk (yearly letters): the one check every output path passes, written whole.
from .cli.outfile import check_folder, check_out, save as save_document
from .cli.run import run_command
from .item_view import item_lines
from .item_view import CHANNELS as CHANNEL_LABELS  # an item's channel in words (会议期间 …), one table for CLI and web
from .trail import detail_text as trail_text  # an event's details in words, as `item history` shows them
from .cli.action_cmds import act_and_show
from .cli.item_cmds import explain_lines  # the web desk shows each clock's explanation as `item explain` does
# The web desk does what the CLI does, through the same functions (no second copy of the logic):
from .future_dates import check_not_far_ahead  # the register form's far-future date check, as `item register`
from .roster import apply as apply_roster, plan as plan_roster, read_roster, validate as validate_roster  # roster upload
from .roster import bad_row_count as roster_bad_rows
from .report import build_report  # the reports page assembles a period's report as `lianluo report` does
from .render import write as write_report  # … and downloads it as XLSX/DOCX with the same renderers
from .render.chart import draw as draw_chart  # … and shows its charts as the Word report draws them
from .item_query import ItemQuery, items_page  # the item list filtered and paged on the report facts, not the documents
from .health import check as check_health  # the admin's page says what `lianluo status` says
from .cli.status_cmds import status_lines

# A network of organisations (docs/network.md): the web desk shows the organisations below, read-only.
from .network.reading import hand_down_matter, lower_organisations, open_lower_organisation
from .network.view import linked_lines as handed_down_lines
# … and its report ranks the organisations through the upper's plugins (`rank_organisations`), shown by CLI and web.
from .network.ranking import NetworkMember, OrganisationRanking, OrganisationScore
from .network.report import network_report, rate_text as network_rate_text



def __getattr__(name: str):
    """`lianluo_command`, the root command group (to test a plugin's commands with click's CliRunner), is built
    only when asked for: building it imports every command module."""
    if name == "lianluo_command":
        from .cli.main import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    # hooks
    "Answer", "DuplicateError", "InputError", "LianluoError", "MaybeSent", "PluginError", "ProfileError", "RefusedError", "StoreError",
    "call_each", "call_first", "call_registration", "call_strict", "hookimpl", "hookspec",
    # records
    "Alarm", "Body", "Channel", "Clock", "ClockStatus", "Delivery", "Department", "Deputy", "Effects", "Event",
    "Item", "Level", "Notice", "Point", "PointKind", "Session",
    # days
    "Calendar", "Duration", "FORMS_HINT", "ReportPeriod", "parse_date",
    # storage
    "Doc", "TableDeclaration", "Tx", "file_mode",
    # registries and declarations
    "Action", "BODY_LABELS", "CronSchedule", "Job", "Kind", "LEVEL_LABELS", "MonthDays", "OnDay", "Option", "Step",
    "Transition", "Vocabulary", "WeekdayAfter", "Workflow", "choose", "clock_rule_of", "level_name",
    "load_clock_rules", "reowned_clocks", "started_clocks", "stopped_clocks", "task_kind",
    # services
    "App", "Desk", "HookContext", "os_account", "ProfileCheck", "TEXT_MAX", "TITLE_MAX", "Tick", "check_encodable", "check_text", "clean_text",
    "load_item", "now_stamp", "record_by_id",
    # reports
    "Chart", "Fact", "Figure", "REPORTS", "Rate", "ReportContext", "Section", "Table", "paused_gc", "spreadsheet_text",
    # personal data, notices, profiles
    "Params", "Profile", "ledger_key", "mask_address", "mask_email", "mask_phone", "mask_text", "not_enabled_hint",
    # channels
    "Contact", "DeliveryResult", "contact_of", "deliver_pending", "deputy_contact", "mobile_of", "post_routed", "posted_keys",
    "read_secret", "recipient_names", "refuse_inline", "routes",
    # command line
    "BODY_CHOICE", "CHANNEL_LABELS", "DATE", "LEVEL_CHOICE", "LabelChoice", "PathType", "Root", "kinds_of", "act_and_show", "lianluo_command", "date_option", "day_or_today", "emit", "explain_lines", "item_lines", "json_option", "trail_text",
    "pass_root", "report_period", "require_plugin", "resolve_profile", "run_command", "warn_calendar",
    "check_folder", "check_out", "save_document",
    # what the web desk shares with the command line
    "ItemQuery", "apply_roster", "build_report", "check_health", "check_not_far_ahead", "draw_chart", "items_page", "plan_roster", "read_roster",
    "roster_bad_rows", "status_lines", "validate_roster", "write_report",
    # network
    "NetworkMember", "OrganisationRanking", "OrganisationScore", "hand_down_matter", "handed_down_lines",
    "lower_organisations", "network_rate_text", "network_report", "open_lower_organisation",
]
