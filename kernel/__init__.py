"""lianluo.kernel — the public API for plugin authors: hook markers, the dispatcher, records, errors, calendar."""

from .calendar import Calendar, Period
from .errors import InputError, LianluoError, PluginError, RefusedError
from .hooks import Answer, call_each, call_first, call_strict, hookimpl
from .hookspecs import hookspec
from .jobs import CronSchedule, Job
from .models import Alarm, Clock, Effects, Event, Item, Notice, Point, PointKind
from .registry import Kind, Transition, Workflow

__all__ = [
    "Alarm", "Answer", "Calendar", "Clock", "CronSchedule", "Effects", "Event", "InputError", "Item", "Job", "Kind",
    "LianluoError", "Notice", "Period", "PluginError", "Point", "PointKind", "RefusedError", "Transition", "Workflow",
    "call_each", "call_first", "call_strict", "hookimpl", "hookspec",
]
