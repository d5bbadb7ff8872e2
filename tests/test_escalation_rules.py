"""The escalation ladder's rules (supervision/orders/escalation.py), as plain functions: which days the
rules look at, and what they propose from a project's status on those days."""

import datetime

import pytest

from minsheng.supervision.orders import escalation
from minsheng.supervision.orders.escalation import Ladder, Proposal, checkpoints, proposals, still_wanted
from minsheng.supervision.status.rules import ProjectStatus, Thresholds

D = datetime.date
BEGINS, ENDS = D(2024, 1, 1), D(2024, 12, 31)


def status(gap: float, colour: str = "yellow", finished: bool = False, progress: float = 0.4):
    return ProjectStatus(colour, progress, progress + gap / 100, gap, None, finished)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 7, 15), {"month_before": D(2024, 5, 31), "month": D(2024, 6, 30)}),
        (D(2024, 7, 1), {"month_before": D(2024, 5, 31), "month": D(2024, 6, 30)}),
        (D(2024, 6, 30), {"month_before": D(2024, 4, 30), "month": D(2024, 5, 31)}),  # June not over
        (D(2024, 3, 1), {"month_before": D(2024, 1, 31), "month": D(2024, 2, 29)}),
        (D(2024, 2, 10), {}),  # one month end only since the plan began
        (D(2024, 10, 8), {"month_before": D(2024, 8, 31), "month": D(2024, 9, 30), "q3": D(2024, 9, 30)}),
        (D(2024, 9, 30), {"month_before": D(2024, 7, 31), "month": D(2024, 8, 31)}),  # Q3 not over
        (
            D(2025, 1, 10),
            {"month_before": D(2024, 11, 30), "month": D(2024, 12, 31), "year_end": D(2024, 12, 31)},
        ),
        (D(2025, 2, 20), {"year_end": D(2024, 12, 31)}),
        (D(2025, 3, 15), {}),  # past the year-end window: an old plan proposes nothing
    ],
)
def test_checkpoints(day, expected):
    assert checkpoints(day, BEGINS, ENDS) == expected


def test_the_year_end_window_is_a_setting():
    assert "year_end" in checkpoints(D(2025, 3, 15), BEGINS, ENDS, Ladder(year_end_window_days=90))


def test_the_days_to_answer_by_grade_are_settings():
    day = D(2024, 7, 15)
    points = checkpoints(day, BEGINS, ENDS)
    slow = Ladder(warning_days=14)
    [p] = proposals(day, points, {"month_before": status(8.0), "month": status(12.5, "orange")}, ladder=slow)
    assert p.respond_by == D(2024, 7, 29)


def test_behind_two_month_ends_in_a_row_proposes_a_notice():
    day = D(2024, 7, 15)
    points = checkpoints(day, BEGINS, ENDS)
    [p] = proposals(day, points, {"month_before": status(8.0), "month": status(12.5, "orange")})
    assert p.trigger == "behind_two_months:2024-06"
    assert p.kind == "notice" and p.rule == escalation.BEHIND_TWO_MONTHS
    assert p.grade == "warning" and p.respond_by == D(2024, 7, 22)  # 警示: seven days
    assert "2024年5月末、2024年6月末连续两个月落后序时进度" in p.reasons
    assert "8、12.5 个百分点" in p.reasons
    assert p.measures


@pytest.mark.parametrize(
    ("before", "last"),
    [
        (status(8.0), status(2.0, "green")),  # caught up
        (status(2.0, "green"), status(8.0)),  # behind one month only
        (status(5.0), status(5.0)),  # at the yellow threshold, not beyond it
        (status(40.0, "red", finished=True), status(40.0, "red", finished=True)),  # finished
        (status(20.0, "blue"), status(20.0, "blue")),  # accepted
    ],
)
def test_no_notice_unless_behind_at_both_month_ends(before, last):
    day = D(2024, 7, 15)
    assert proposals(day, checkpoints(day, BEGINS, ENDS), {"month_before": before, "month": last}) == []


def test_the_yellow_threshold_is_the_setting():
    day = D(2024, 7, 15)
    points = checkpoints(day, BEGINS, ENDS)
    statuses = {"month_before": status(8.0), "month": status(8.0)}
    assert proposals(day, points, statuses, Thresholds(yellow=10.0)) == []
    assert len(proposals(day, points, statuses, Thresholds(yellow=5.0))) == 1


def test_still_behind_at_the_end_of_q3_proposes_naming_it_in_the_bulletin():
    day = D(2024, 10, 8)
    points = checkpoints(day, BEGINS, ENDS)
    found = proposals(day, points, {"month_before": status(3.0), "month": status(6.0), "q3": status(6.0)})
    [p] = found
    assert p.trigger == "named_in_bulletin:2024"
    assert p.kind == "urge" and p.respond_by is None
    assert "三季度末" in p.reasons and "通报中通报批评" in p.reasons


def test_behind_at_q3_and_two_months_gives_both_proposals():
    day = D(2024, 10, 8)
    statuses = {"month_before": status(9.0), "month": status(12.0), "q3": status(12.0)}
    triggers = [p.trigger for p in proposals(day, checkpoints(day, BEGINS, ENDS), statuses)]
    assert triggers == ["behind_two_months:2024-09", "named_in_bulletin:2024"]


def test_missed_at_year_end_proposes_the_explanation():
    day = D(2025, 2, 1)
    points = checkpoints(day, BEGINS, ENDS)
    [p] = proposals(day, points, {"year_end": status(20.0, "red", progress=0.8)})
    assert p.trigger == "year_end:2024" and p.kind == "notice"
    assert "截至2024年12月31日项目未完成（完成进度 80%）" in p.reasons
    assert "未完成原因" in p.measures and "新的完成时限" in p.measures
    assert p.grade == "serious" and p.respond_by == D(2025, 2, 6)  # 严重: five days
    # Finished (or accepted) by the year end: nothing to explain.
    assert proposals(day, points, {"year_end": status(0.0, "green", finished=True, progress=1)}) == []
    assert proposals(day, points, {"year_end": status(0.0, "blue", progress=1)}) == []


def test_a_used_trigger_is_never_proposed_again_and_one_open_notice_is_enough():
    two = Proposal("behind_two_months:2024-07", "notice", "…", "…")
    year_end = Proposal("year_end:2024", "notice", "…", "…")
    assert still_wanted(two, set(), open_order=False)
    assert not still_wanted(two, {"behind_two_months:2024-07"}, open_order=False)  # dismissed, issued…
    assert still_wanted(two, {"behind_two_months:2024-06"}, open_order=False)  # a new month
    assert not still_wanted(two, set(), open_order=True)  # a 督办单 is already open
    assert still_wanted(year_end, set(), open_order=True)  # the year end asks for more
    assert escalation.rule_name("year_end:2024") == "年底未完成"
