"""What the API accepts before anything reaches the database or the calendar: ids the id columns can
hold, days and report periods within a sensible span of years, and numbers the value columns can hold.
Outside of them the answer is a 422 with a Chinese `detail` — never an OverflowError turned into 500.

The pages have their own guards (bounded path converters); these are the API's, declared in the
OpenAPI document where they can be (`Id`), so clients and the fuzz test see them."""

import datetime
import re
from decimal import Decimal
from typing import Annotated

from ninja import Path
from pydantic import Field

from minsheng.reporting import calendar
from minsheng.reporting.validation import parse_value

ID_MAX = 999_999_999_999_999_999  # 18 digits, below the 64-bit limit of the id columns (like the pages)
Id = Annotated[int, Path(ge=1, le=ID_MAX)]
BodyId = Annotated[int, Field(ge=1, le=ID_MAX)]
Version = Annotated[int, Field(ge=0, le=2_147_483_647)]

FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)
SPAN = f"{FIRST_DAY.year} 年至 {LAST_DAY.year} 年"
# Values are stored with 16 digits, 4 after the point, funds with 14 and 2; SQLite keeps them as
# binary floats, exact to 15 digits, so a value has at most 11 digits before the point, funds 12.
VALUE_DIGITS, FUNDS_DIGITS = (11, 4), (12, 2)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class OutOfRange(ValueError):
    """Input the API refuses; the message is in Chinese."""


def parse_day(raw: str) -> datetime.date:
    """A day written YYYY-MM-DD between 2000-01-01 and 2099-12-31."""
    text = raw.strip()
    try:
        day = datetime.date.fromisoformat(text) if _DAY.match(text) else None
    except ValueError:
        day = None
    if day is None:
        raise OutOfRange(f"日期“{text[:20]}”格式不对，应为 YYYY-MM-DD。")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise OutOfRange(f"日期“{text}”超出可查询的范围（{SPAN}）。")
    return day


def check_period(key: str) -> None:
    """A report period (2024-07, 2024-W28) whose year is within the span; its other checks (the week
    exists, the period falls in the plan's year) are the reporting calendar's and workflow's."""
    year = key[:4]
    if (
        len(key) >= 7
        and year.isascii()
        and year.isdigit()
        and not FIRST_DAY.year <= int(year) <= LAST_DAY.year
    ):
        raise OutOfRange(f"报送周期“{key[:10]}”超出合理范围（{SPAN}）。")
    try:
        calendar.parse_period(key)
    except calendar.PeriodError as e:
        raise OutOfRange(str(e)) from None


def check_number(raw, what: str, digits: tuple[int, int] = VALUE_DIGITS) -> None:
    """A number written as text or JSON that its column holds once rounded to the column's places:
    `digits` = (digits before the point, places). Other refusals (not a number, negative) are the
    reporting validation's."""
    value, understood = parse_value(raw)
    if not understood or value is None:
        return
    whole, places = digits
    if (
        abs(value) >= Decimal(10) ** whole
        or abs(value.quantize(Decimal(1).scaleb(-places))) >= Decimal(10) ** whole
    ):
        raise OutOfRange(f"{what}“{str(raw)[:20]}”过大：最多 {whole} 位整数。")
