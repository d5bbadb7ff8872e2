"""The one parser of days, periods and ids typed by people: refusals in Chinese, never an overflow."""

import datetime

import pytest

from minsheng.core.dates import OutOfRange, parse_day, parse_id
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.reports.validation import Context, check


@pytest.mark.parametrize(
    "raw", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01", "2024-13-45", "x", "", None]
)
def test_days_outside_the_span_or_unreadable_are_refused_in_chinese(raw):
    with pytest.raises(OutOfRange, match="日期"):
        parse_day(raw)


def test_a_day_inside_the_span():
    assert parse_day(" 2024-07-15 ") == datetime.date(2024, 7, 15)


@pytest.mark.parametrize("key", ["9999-12", "0000-01", "9999-W52", "1999-W01", "2100-01"])
def test_periods_outside_the_span_are_refused(key):
    with pytest.raises(calendar.PeriodError, match="超出合理范围"):
        calendar.parse_period(key)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("4", 4),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        ("0", None),
        ("²", None),
        ("-1", None),
        ("", None),
        (None, None),
        ("١٢", None),
    ],
)
def test_ids(raw, expected):
    assert parse_id(raw) == expected


@pytest.mark.parametrize("raw", ["1e308", "1e20", "100000000000", "-1e308"])
def test_values_a_column_cannot_hold_are_refused(raw):
    findings = check(raw, Context(target=calendar_target()))
    assert findings and findings[0].severity == "error"
    assert "过大" in findings[0].message or "负数" in findings[0].message


def calendar_target():
    from decimal import Decimal

    return Decimal(2000)
