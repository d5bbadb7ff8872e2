"""Validation rules for reported cumulative values, and the linear expected progress."""

import datetime
from decimal import Decimal as D

from minsheng.plans.progress import linear_expected
from minsheng.reporting.reports.validation import CONFIRM, ERROR, EXPLAIN, Context, check

CONTEXT = Context(target=D(200), previous=D(80), expected=D(100))


def codes(raw, context=CONTEXT):
    return [(f.code, f.severity) for f in check(raw, context)]


def test_a_value_on_pace_passes():
    assert codes("100") == []


def test_refused_values():
    assert codes("很多") == [("not_a_number", ERROR)]
    assert codes("-5") == [("negative", ERROR)]
    assert "不能为负数" in check("-5", CONTEXT)[0].message


def test_missing_value_needs_a_comment():
    assert codes("") == [("missing", EXPLAIN)]


def test_a_falling_value_needs_a_reason():
    assert codes("75") == [("falls", EXPLAIN), ("behind_pace", EXPLAIN)]
    assert "低于上次审核通过的 80" in check("70", CONTEXT)[0].message


def test_far_above_the_target_or_pace_asks_to_confirm():
    assert ("far_above_target", CONFIRM) in codes("301")
    assert codes("300") == [("far_above_pace", CONFIRM)]


def test_behind_pace_asks_for_the_reason():
    assert codes("80") == [("behind_pace", EXPLAIN)]  # 20 of 200 behind = 10 points
    assert codes("95") == []  # 5 of 200 behind = 2.5 points


def test_baseline_counts_in_the_pace():
    context = Context(target=D(100), baseline=D(60), previous=None, expected=D(80))
    assert codes("79", context) == []  # 1 of 40 behind: 2.5 points
    assert codes("76", context) == [("behind_pace", EXPLAIN)]


def test_linear_expected():
    start, due = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    assert linear_expected(D(0), D(365), start, due, datetime.date(2024, 7, 1)) == D(182)
    assert linear_expected(D(10), D(20), start, due, datetime.date(2023, 12, 1)) == D(10)
    assert linear_expected(D(10), D(20), start, due, datetime.date(2025, 1, 5)) == D(20)
    june = datetime.date(2024, 6, 30)
    assert linear_expected(D(0), D(100), start, june, june) == D(100)
