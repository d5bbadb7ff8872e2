"""Days and ids typed by people in query strings and forms, checked once for every page and the API.

A day must be written YYYY-MM-DD and lie between 2000-01-01 and 2099-12-31: the plans of this
platform are annual and recent, and a day far outside (9999-12-31, 0001-01-01) only makes date
arithmetic overflow. Report periods (2024-07, 2024-W28) keep to the same years (reporting.calendar)."""

import datetime
import re

from minsheng.core.errors import DomainError

FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)
SPAN = f"{FIRST_DAY.year} 年至 {LAST_DAY.year} 年"
ID_MAX = 999_999_999_999_999_999  # 18 digits, below the 64-bit limit of the id columns
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class OutOfRange(DomainError, ValueError):
    """Input outside what the platform accepts; the message is in Chinese."""

    default_message = "输入超出可接受的范围。"


def chinese_month(day: datetime.date) -> str:
    """2024年7月: the month of a day as an official text writes it."""
    return f"{day.year}年{day.month}月"


def chinese_date(day: datetime.date) -> str:
    """2024年7月5日: a day as an official text writes it (no leading zeros), in every page and document."""
    return f"{chinese_month(day)}{day.day}日"


def year_in_span(year: int) -> bool:
    return FIRST_DAY.year <= year <= LAST_DAY.year


def parse_day(raw: str | None) -> datetime.date:
    """A day written YYYY-MM-DD within the span, else OutOfRange with a Chinese message."""
    text = (raw or "").strip()
    try:
        day = datetime.date.fromisoformat(text) if _DAY.match(text) else None
    except ValueError:
        day = None
    if day is None:
        raise OutOfRange(f"日期“{text[:20]}”格式不对，应为 YYYY-MM-DD（如 2024-07-15）。")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise OutOfRange(f"日期“{text}”超出可查询的范围（{SPAN}）。")
    return day


def parse_count(raw: str | None, low: int = 0) -> int | None:
    """A whole number written in ASCII digits (a version, a page) that a 64-bit column holds, at least
    `low`; None otherwise ("²" and "١٢" are digits to Python, not to the database)."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    value = int(text)
    return value if value >= low else None


def parse_id(raw: str | None) -> int | None:
    """An id from a query string or a form (e.g. ?plan=4): None when absent or not an id."""
    return parse_count(raw, low=1)
