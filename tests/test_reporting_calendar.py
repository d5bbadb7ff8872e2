"""The reporting calendar: periods, due moments, grace, locking and what is expected by a day."""

import datetime

import pytest

from minsheng.reporting.calendar.rules import (
    SHANGHAI,
    CalendarRules,
    PeriodError,
    due_at,
    expected_periods,
    is_locked,
    is_on_time,
    locks_at,
    parse_period,
    period_of,
    periods,
)


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_weeks_and_months():
    week = parse_period("2024-W28")
    assert (week.start, week.end) == (datetime.date(2024, 7, 8), datetime.date(2024, 7, 14))
    assert week.label == "2024年第28周（07-08至07-14）"
    month = parse_period("2024-02")
    assert (month.start, month.end, month.label) == (
        datetime.date(2024, 2, 1),
        datetime.date(2024, 2, 29),
        "2024年2月",
    )
    assert period_of("week", datetime.date(2024, 12, 30)).key == "2025-W01"  # ISO weeks cross years


@pytest.mark.parametrize("key", ["2024-13", "2024-W54", "2024/07", "七月", ""])
def test_bad_periods_have_chinese_messages(key):
    with pytest.raises(PeriodError, match="周|月"):
        parse_period(key)


def test_due_moments_with_defaults():
    assert due_at(parse_period("2024-W28")) == at(2024, 7, 12, 18)  # Friday 18:00
    assert due_at(parse_period("2024-07")) == at(2024, 7, 25, 18)
    assert locks_at(parse_period("2024-07")) == at(2024, 8, 4, 18)


def test_grace_and_lock():
    july = parse_period("2024-07")
    assert is_on_time(at(2024, 7, 27, 17, 59), july)
    assert not is_on_time(at(2024, 7, 27, 18, 1), july)
    assert not is_locked(at(2024, 8, 4, 17), july) and is_locked(at(2024, 8, 4, 18), july)


def test_rules_are_settings():
    rules = CalendarRules(weekly_weekday=0, weekly_hour=9, monthly_day=31, grace_days=0)
    assert due_at(parse_period("2024-W28"), rules) == at(2024, 7, 8, 9)
    assert due_at(parse_period("2024-02"), rules).date() == datetime.date(2024, 2, 29)  # capped at month end


def test_expected_by_a_day():
    year = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert len(periods("month", *year)) == 12
    months = expected_periods("month", *year, at(2024, 7, 15, 12))
    assert [p.key for p in months] == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    weeks = expected_periods("week", *year, at(2024, 7, 15, 12))
    assert weeks[0].key == "2024-W01" and weeks[-1].key == "2024-W28"
