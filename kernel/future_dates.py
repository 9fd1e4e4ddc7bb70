"""A date typed far ahead of today is almost always a typing error (2062 for 2026): refused beyond the
profile's `calendar.future_days` unless the clerk says `--force`. No value in the profile: no check."""

from __future__ import annotations

import datetime as dt

from .errors import InputError
from .today import today


def check_not_far_ahead(profile, day: dt.date, force: bool, field: str = "--date") -> None:
    """Refuse `day` (exit 2, naming the field) when it is more than the profile's window after today."""
    window = profile.params("calendar").int("future_days", None)
    if force or window is None:
        return
    now = today()
    if (day - now).days > window:
        raise InputError(field, f"{day} 晚于今天（{now}）{(day - now).days} 日，超过配置允许的 {window} 日"
                                f"（calendar.future_days），可能是日期录错；确需登记请加 --force")
