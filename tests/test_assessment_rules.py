"""The 考核 rules as plain functions: a scheme from the office's numbers (refused in Chinese when wrong),
a unit's score from its events (repeat offences weighted, bonuses capped, red lines), shared places."""

import datetime
from decimal import Decimal

import pytest

from minsheng.supervision.assessment import rules
from minsheng.supervision.assessment.rules import Event

D = datetime.date


MARCH = D(2024, 3, 1)


def ev(kind, day=MARCH, unit=1, points=None, reason="事由"):
    return Event(unit, kind, day, reason, points=points)


def test_the_defaults_and_a_scheme_from_the_offices_numbers():
    assert rules.scheme_from({}) is rules.DEFAULTS
    scheme = rules.scheme_from(
        {"base": "90", "month_missing": "3.5", "repeat_from": "2", "red_line_serious": "on"}
    )
    assert (scheme.base, scheme.month_missing, scheme.repeat_from, scheme.red_line_serious) == (
        Decimal(90),
        Decimal("3.5"),
        2,
        True,
    )
    assert scheme.week_late == rules.DEFAULTS.week_late  # not given: the default
    assert rules.scheme_from(scheme.as_values()) == scheme  # stored and read back


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"month_missing": "-5"}, "“月报未报（扣分/次）”不能为负数。"),
        ({"month_late": "两分"}, "“月报迟报（扣分/次）”应为数字。"),
        ({"repeat_from": "2.5"}, "“重复扣分起始次数”应为整数。"),
        ({"base": "0"}, "“基础分”应大于 0。"),
        ({"repeat_factor": "0.5"}, "“重复扣分倍数”不能小于 1。"),
        ({"bonus_cap": "5000"}, "“加分上限”不能超过 1000。"),
        ({"returned": "NaN"}, "“报告被退回（扣分/次）”应为数字。"),
    ],
)
def test_wrong_numbers_are_refused_in_chinese(values, message):
    with pytest.raises(rules.SchemeError) as refused:
        rules.scheme_from(values)
    assert message in refused.value.messages


def test_a_unit_without_events_keeps_the_base_score():
    result = rules.score(1, [])
    assert (result.score, result.red_lines, result.lines) == (Decimal(100), [], [])


def test_deductions_and_bonuses_by_the_scheme():
    events = [
        ev(rules.MONTH_LATE),
        ev(rules.RETURNED),
        ev(rules.ORDER_LATE["warning"]),
        ev(rules.FINISHED_EARLY),
        ev(rules.DEDUCTION, points=Decimal("-3")),  # the sign comes from the kind, not the number
        ev(rules.BONUS, points=Decimal("1.5")),
    ]
    result = rules.score(1, events)
    assert result.deducted == Decimal(1 + 1 + 2 + 3)
    assert result.added == Decimal("3.5")
    assert result.score == Decimal("96.5")
    assert sorted(line.points for line in result.lines) == [-3, -2, -1, -1, Decimal("1.5"), 2]


def test_repeat_offences_weigh_more_from_the_nth_of_a_kind():
    scheme = rules.scheme_from({"repeat_from": "3", "repeat_factor": "2"})
    events = [ev(rules.MONTH_LATE, D(2024, m, 28)) for m in (5, 2, 3, 4)] + [ev(rules.RETURNED)]
    result = rules.score(1, events, scheme)
    late = [line for line in result.lines if line.event.kind == rules.MONTH_LATE]
    assert [line.event.day.month for line in late] == [2, 3, 4, 5]  # taken by day
    assert [line.points for line in late] == [-1, -1, -2, -2]
    assert [line.repeat for line in late] == [0, 0, 3, 4]
    assert result.deducted == Decimal(6 + 1)  # the one return is not a repeat of the late reports
    assert rules.score(1, events, rules.scheme_from({"repeat_from": "0"})).deducted == Decimal(5)


def test_bonuses_are_capped_for_the_year():
    result = rules.score(1, [ev(rules.PRAISE) for _ in range(4)], rules.scheme_from({"bonus_cap": "5"}))
    assert (result.added, result.capped, result.score) == (Decimal(5), True, Decimal(105))


def test_red_lines_disqualify_whatever_the_score():
    missing = [ev(rules.MONTH_MISSING, D(2024, m, 28)) for m in (2, 3, 4)]
    result = rules.score(1, missing + [ev(rules.PRAISE)] * 5)
    assert result.score > 90 and result.red_lines == ["月报未报3次（红线3次）"]
    assert rules.score(1, missing[:2]).red_lines == []
    assert rules.score(1, [ev(rules.ORDER_LATE["serious"])]).red_lines == ["严重督办单逾期未回复"]
    assert (
        rules.score(
            1, [ev(rules.ORDER_LATE["serious"])], rules.scheme_from({"red_line_serious": False})
        ).red_lines
        == []
    )
    low = rules.score(1, [ev(rules.DEDUCTION, points=Decimal(45))])
    assert low.red_lines == ["得分低于60分"]
    off = rules.scheme_from({"red_line_score": "0", "red_line_missing": "0"})
    assert rules.score(1, missing + [ev(rules.DEDUCTION, points=Decimal(45))], off).red_lines == []


def test_equal_scores_share_a_place():
    events = [
        ev(rules.MONTH_LATE, unit=2),
        ev(rules.MONTH_LATE, unit=3),
        ev(rules.RETURNED, unit=4, day=D(2024, 1, 1)),
    ]
    events += [ev(rules.RETURNED, unit=4)]
    scores = rules.score_all([1, 2, 3, 4, 5], events)
    assert [(s.unit_id, s.place, s.score) for s in scores] == [
        (1, 1, 100),
        (5, 1, 100),
        (2, 3, 99),
        (3, 3, 99),
        (4, 5, 98),
    ]


def test_regions_ranked_by_their_units_average():
    scores = rules.score_all(
        [1, 2, 3], [ev(rules.DEDUCTION, unit=1, points=Decimal(50)), ev(rules.MONTH_LATE, unit=3)]
    )
    regions = rules.by_region(scores, {1: 10, 2: 10, 3: 20})
    assert [(r.region_id, r.units, r.average, r.disqualified, r.place) for r in regions] == [
        (20, 1, Decimal("99.00"), 0, 1),
        (10, 2, Decimal("75.00"), 1, 2),
    ]


def test_points_are_written_without_trailing_zeros():
    assert [
        rules.points_text(v) for v in (Decimal("97.50"), Decimal(100), Decimal("-1.5"), Decimal("0.333"))
    ] == [
        "97.5",
        "100",
        "-1.5",
        "0.33",
    ]
