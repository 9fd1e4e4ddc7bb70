"""lianluo.kernel — the public API for plugin authors: hook markers, the dispatcher, records, errors, calendar,
workflow actions and vocabularies, and the helpers a plugin's CLI commands use (acting on an item and showing
it, choosing from a closed vocabulary, the deputies' labels)."""

from .actions import Action, Option, Step
from .calendar import Calendar, Period
from .errors import InputError, LianluoError, PluginError, RefusedError
from .hooks import Answer, call_each, call_first, call_strict, hookimpl
from .hookspecs import hookspec
from .item_view import item_lines
from .jobs import CronSchedule, Job
from .models import Alarm, Clock, Effects, Event, Item, Notice, Point, PointKind
from .registry import Kind, Transition, Workflow
from .vocab import BODY_LABELS, LEVEL_LABELS, Vocabulary, choose
from .cli.action_cmds import act_and_show  # noqa: E402 - after the records it builds on

__all__ = [
    "Action", "Alarm", "Answer", "BODY_LABELS", "Calendar", "Clock", "CronSchedule", "Effects", "Event",
    "InputError", "Item", "Job", "Kind", "LEVEL_LABELS", "LianluoError", "Notice", "Option", "Period", "PluginError",
    "Point", "PointKind", "RefusedError", "Step", "Transition", "Vocabulary", "Workflow", "act_and_show",
    "call_each", "call_first", "call_strict", "choose", "hookimpl", "hookspec", "item_lines",
]
