"""Quarters as the offices count them, and what a leader's quarterly pack says, as plain functions."""

import calendar
import datetime

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the quarter."""
    first_month, last_month = 3 * quarter - 2, 3 * quarter
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def month_ends(year: int, quarter: int) -> list[datetime.date]:
    first = 3 * quarter - 2
    return [datetime.date(year, m, calendar.monthrange(year, m)[1]) for m in range(first, first + 3)]


def label(year: int, quarter: int) -> str:
    """2024年第二季度"""
    return f"{year}年{QUARTER_NAMES[quarter]}"


def parse(raw: str | None) -> tuple[int, int] | None:
    """ "2024-Q2" → (2024, 2); None for anything else."""
    raw = (raw or "").strip().upper()
    if len(raw) == 7 and raw[4:6] == "-Q" and raw[:4].isdigit() and raw[6] in "1234":
        year = int(raw[:4])
        return (year, int(raw[6])) if 2000 <= year <= 2100 else None
    return None


def key(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"
