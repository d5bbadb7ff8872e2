"""The reporting calendar as plain functions: periods (an ISO week for the weekly ledger, a month for
the formal report), their due moments, grace and locking, and which periods are expected by a day.

Defaults (a plan may change them): the weekly ledger is due Friday 18:00, the monthly report on the
25th at 18:00, 2 grace days count as on time, and a period locks 10 days after its due date."""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from minsheng.core.dates import SPAN, chinese_month, year_in_span
from minsheng.core.errors import DomainError

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEK, MONTH = "week", "month"
_WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class CalendarRules:
    weekly_weekday: int = 4  # Monday 0 … Friday 4
    weekly_hour: int = 18
    monthly_day: int = 25
    monthly_hour: int = 18
    grace_days: int = 2
    lock_days: int = 10


DEFAULT_RULES = CalendarRules()


@dataclass(frozen=True)
class Period:
    kind: str
    key: str  # "2024-W28" or "2024-07"
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        if self.kind == WEEK:
            return f"{self.start.year}年第{int(self.key[-2:])}周（{self.start:%m-%d}至{self.end:%m-%d}）"
        return chinese_month(self.start)


class PeriodError(DomainError, ValueError):
    """A period key that is not a week or a month; the message is in Chinese."""

    default_message = "报送周期不正确。"


def parse_period(key: str) -> Period:
    """A report period from its key (2024-07 a month, 2024-W28 an ISO week) in the years the platform
    accepts (core.dates), else PeriodError with a Chinese message."""
    key = key or ""
    m = _WEEK_KEY.match(key) or _MONTH_KEY.match(key)
    if m and not year_in_span(int(m.group(1))):
        raise PeriodError(f"报送周期“{key}”超出合理范围（{SPAN}）。")
    if m := _WEEK_KEY.match(key):
        year, week = int(m.group(1)), int(m.group(2))
        try:
            start = datetime.date.fromisocalendar(year, week, 1)
        except ValueError:
            raise PeriodError(f"“{key}”不是有效的周（{year}年没有第{week}周）。") from None
        return Period(WEEK, key, start, start + datetime.timedelta(days=6))
    if m := _MONTH_KEY.match(key):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"“{key}”不是有效的月份。")
        start = datetime.date(year, month, 1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        return Period(MONTH, key, start, end)
    raise PeriodError(f"报送周期“{key}”格式不对：月报如 2024-07，周台账如 2024-W28。")


def period_of(kind: str, day: datetime.date) -> Period:
    if kind == WEEK:
        year, week, _ = day.isocalendar()
        return parse_period(f"{year}-W{week:02d}")
    return parse_period(f"{day.year}-{day.month:02d}")


def due_at(period: Period, rules: CalendarRules = DEFAULT_RULES) -> datetime.datetime:
    if period.kind == WEEK:
        day = period.start + datetime.timedelta(days=rules.weekly_weekday)
        return datetime.datetime.combine(day, datetime.time(rules.weekly_hour), SHANGHAI)
    day = period.start.replace(day=min(rules.monthly_day, period.end.day))
    return datetime.datetime.combine(day, datetime.time(rules.monthly_hour), SHANGHAI)


def on_time_until(period: Period, rules: CalendarRules = DEFAULT_RULES) -> datetime.datetime:
    return due_at(period, rules) + datetime.timedelta(days=rules.grace_days)


def locks_at(period: Period, rules: CalendarRules = DEFAULT_RULES) -> datetime.datetime:
    return due_at(period, rules) + datetime.timedelta(days=rules.lock_days)


def is_on_time(submitted: datetime.datetime, period: Period, rules: CalendarRules = DEFAULT_RULES) -> bool:
    return submitted <= on_time_until(period, rules)


def is_locked(moment: datetime.datetime, period: Period, rules: CalendarRules = DEFAULT_RULES) -> bool:
    return moment >= locks_at(period, rules)


def periods(kind: str, first: datetime.date, last: datetime.date) -> list[Period]:
    """Every period of `kind` that overlaps [first, last], in order."""
    out, period = [], period_of(kind, first)
    while period.start <= last:
        out.append(period)
        period = period_of(kind, period.end + datetime.timedelta(days=1))
    return out


def expected_periods(
    kind: str, first: datetime.date, last: datetime.date, moment: datetime.datetime, rules=DEFAULT_RULES
) -> list[Period]:
    """The periods of a plan's span whose report was due by `moment`."""
    return [p for p in periods(kind, first, last) if due_at(p, rules) <= moment]
