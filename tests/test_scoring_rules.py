"""Scoring rules without the database: marks 0–100 per criterion, the weighted total, the ranking and
the size of the candidate list."""

import datetime
from decimal import Decimal

import pytest

from minsheng.participation.scoring import rules as scoring

WEIGHTS = {"群众需求": 30, "必要性": 25, "可行性": 20, "财力可承受": 15, "可量化": 10}
T0 = datetime.datetime(2024, 10, 1, 9, 0)


def test_default_criteria_weigh_one_hundred():
    assert scoring.criteria() == WEIGHTS
    assert sum(scoring.criteria().values()) == 100


def test_weighted_total_is_the_sum_of_marks_times_weights_over_one_hundred():
    marks = {"群众需求": 90, "必要性": 80, "可行性": 70, "财力可承受": 60, "可量化": 50}
    # 27 + 20 + 14 + 9 + 5
    assert scoring.weighted_total(marks, WEIGHTS) == Decimal("75.00")
    assert scoring.weighted_total(dict.fromkeys(WEIGHTS, 100), WEIGHTS) == Decimal("100.00")
    assert scoring.weighted_total(dict.fromkeys(WEIGHTS, 0), WEIGHTS) == Decimal("0.00")
    odd = {"a": 33, "b": 34, "c": 33}
    assert scoring.weighted_total({"a": 77, "b": 81, "c": 59}, odd) == Decimal(
        "72.42"
    )  # (2541 + 2754 + 1947) / 100


def test_marks_are_parsed_as_integers_from_zero_to_one_hundred():
    raw = {"群众需求": " 90", "必要性": "0", "可行性": "100", "财力可承受": "60", "可量化": "5"}
    assert scoring.parse_marks(raw, WEIGHTS) == {
        "群众需求": 90,
        "必要性": 0,
        "可行性": 100,
        "财力可承受": 60,
        "可量化": 5,
    }


def test_bad_marks_are_refused_with_one_chinese_message_each():
    raw = {"群众需求": "101", "必要性": "八十", "可行性": "", "财力可承受": "-1", "可量化": "7.5"}
    with pytest.raises(scoring.ScoringError) as caught:
        scoring.parse_marks(raw, WEIGHTS)
    assert caught.value.messages == [
        "“群众需求”的得分 101 超出范围，应为 0–100。",
        "“必要性”的得分“八十”不是整数，应为 0–100 的整数。",
        "请填写“可行性”的得分（0–100 的整数）。",
        "“财力可承受”的得分 -1 超出范围，应为 0–100。",
        "“可量化”的得分“7.5”不是整数，应为 0–100 的整数。",
    ]


def _item(key, totals, minutes=0):
    return scoring.Scored(
        key=key,
        created_at=T0 + datetime.timedelta(minutes=minutes),
        sheets=[(dict.fromkeys(WEIGHTS, 50) | {"群众需求": int(t)}, Decimal(t)) for t in totals],
    )


def test_ranking_by_mean_total_then_scorers_then_earlier_proposal():
    items = [
        _item(1, ["70", "80"], minutes=5),  # mean 75, two scorers
        _item(2, ["75"], minutes=1),  # mean 75, one scorer
        _item(3, ["90", "60", "75"], minutes=9),  # mean 75, three scorers
        _item(4, ["75", "75"], minutes=0),  # mean 75, two scorers, earlier than 1
        _item(5, ["88"], minutes=3),
        _item(6, [], minutes=0),  # nobody scored: last
    ]
    ranked = scoring.rank(items, WEIGHTS)
    assert [i.key for i in ranked] == [5, 3, 4, 1, 2, 6]
    assert [i.rank for i in ranked] == [1, 2, 3, 4, 5, 6]
    assert ranked[1].mean == Decimal("75.00") and ranked[1].scorers == 3
    assert ranked[1].means["群众需求"] == Decimal("75.00") and ranked[1].means["必要性"] == Decimal("50.00")
    assert ranked[-1].mean is None and ranked[-1].means["群众需求"] is None


def test_mean_total_is_rounded_to_two_places():
    (item,) = scoring.rank([_item(1, ["70", "70", "71"])], WEIGHTS)
    assert item.mean == Decimal("70.33")


@pytest.mark.parametrize("seats,count", [(10, 12), (5, 6), (1, 2), (2, 3), (6, 8), (20, 24)])
def test_default_candidates_is_a_fifth_more_and_at_least_one_more(seats, count):
    assert scoring.default_candidates(seats) == count


def test_candidate_list_must_be_larger_than_the_seats_and_fit_the_proposals():
    scoring.check_list_size(10, 12, 15)
    with pytest.raises(scoring.ScoringError) as caught:
        scoring.check_list_size(10, 10, 15)
    assert caught.value.messages == ["候选项目数（10）必须多于应选项目数（10），实行差额票决。"]
    with pytest.raises(scoring.ScoringError) as caught:
        scoring.check_list_size(10, 12, 11)
    assert caught.value.messages == ["入围评分的建议只有 11 项，不足 12 项候选。"]
    with pytest.raises(scoring.ScoringError):
        scoring.check_list_size(0, 2, 5)


def test_small_int_takes_only_short_ascii_numbers():
    assert scoring.small_int("12") == 12 and scoring.small_int(" 7 ") == 7
    assert scoring.small_int("32767") == 32767 and scoring.small_int("32768") is None
    for text in ("²", "١٠", "1_0", "-1", "7.5", "", None, "1" * 25, "000001"):
        assert scoring.small_int(text) is None, text
    assert scoring.small_int("2100", hi=2100) == 2100 and scoring.small_int("2101", hi=2100) is None


def test_odd_digits_and_huge_marks_are_chinese_errors():
    raw = dict.fromkeys(WEIGHTS, "50") | {"群众需求": "²", "必要性": "9" * 25}
    with pytest.raises(scoring.ScoringError) as caught:
        scoring.parse_marks(raw, WEIGHTS)
    assert caught.value.messages == [
        "“群众需求”的得分“²”不是整数，应为 0–100 的整数。",
        "“必要性”的得分 999999999999… 超出范围，应为 0–100。",
    ]
