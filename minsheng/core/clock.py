"""The platform's idea of today. MINSHENG_TODAY=YYYY-MM-DD runs it as of that day (the demo clock):
due dates, locking and status all ask here, never datetime directly."""

import datetime

from django.conf import settings
from django.utils import timezone


def demo_day() -> datetime.date | None:
    value = settings.MINSHENG_TODAY
    return datetime.date.fromisoformat(value) if value else None


def today() -> datetime.date:
    return demo_day() or timezone.localdate()


def now() -> datetime.datetime:
    """The current moment; on the demo clock, the demo day at the real time of day (Asia/Shanghai)."""
    real = timezone.localtime()
    day = demo_day()
    return real if day is None else real.replace(year=day.year, month=day.month, day=day.day)
