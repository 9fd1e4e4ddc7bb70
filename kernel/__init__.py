"""lianluo.kernel — the public API for plugin authors: hook marker, records, errors, calendar."""

from .calendar import Calendar, Period
from .errors import InputError, LianluoError, RefusedError
from .hooks import hookimpl
from .jobs import CronSchedule, Job
from .models import Alarm, Clock, Effects, Event, Item, Notice, Point, PointKind
from .registry import Kind, Transition, Workflow

__all__ = [
    "Alarm", "Calendar", "Clock", "CronSchedule", "Effects", "Event", "InputError", "Item", "Job", "Kind",
    "LianluoError", "Notice", "Period", "Point", "PointKind", "RefusedError", "Transition", "Workflow", "hookimpl",
]
