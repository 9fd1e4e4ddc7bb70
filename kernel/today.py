"""What "today" is: the system date, or LIANLUO_TODAY (YYYY-MM-DD) for drills and tests."""

from __future__ import annotations

import datetime as dt
import os

from .calendar import parse_date


def today() -> dt.date:
    fixed = os.environ.get("LIANLUO_TODAY")
    return parse_date(fixed, "LIANLUO_TODAY") if fixed else dt.date.today()
