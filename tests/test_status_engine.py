"""The status engine's rules, called directly with facts and a day (no database)."""

import datetime as dt
from decimal import Decimal as D

from minsheng.supervision.status.rules import (
    IndicatorFacts,
    ProjectFacts,
    Thresholds,
    expected_progress,
    expected_value,
    forecast,
    progress,
    project_status,
)

JAN1, DEC31 = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
MID = dt.date(2024, 7, 1)  # 182 of 365 days: expected ≈ 49.9 %


def indicator(target=100, baseline=0, actuals=(), due=DEC31, trajectory=(), comparator="=", weight=1):
    return IndicatorFacts(
        D(baseline),
        D(target),
        JAN1,
        due,
        comparator,
        D(weight),
        tuple(trajectory),
        tuple((d, D(v)) for d, v in actuals),
    )


def project(*indicators, due=DEC31, milestones=(), accepted_on=None, overdue_reports=0):
    return ProjectFacts(JAN1, due, tuple(indicators), tuple(milestones), accepted_on, overdue_reports)


def test_no_reports_yet():
    status = project_status(project(indicator()), dt.date(2024, 2, 1))
    assert status.progress == 0 and round(status.expected * 100, 1) == 8.5
    assert status.colour == "yellow" and "落后序时进度 8.5 个百分点" in status.reasons
    assert project_status(project(indicator()), JAN1).colour == "green"  # nothing expected yet


def test_expected_progress_is_linear_or_follows_the_trajectory():
    assert expected_value(indicator(), MID) == D(100) * D(182) / D(365)
    decomposed = indicator(trajectory=[(dt.date(2024, 6, 30), D(10)), (dt.date(2024, 11, 30), D(90))])
    assert expected_value(decomposed, dt.date(2024, 6, 30)) == D(10)  # slow first half, as planned
    assert round(expected_value(decomposed, dt.date(2024, 12, 15)), 1) == D("94.8")
    on_plan = indicator(trajectory=decomposed.trajectory, actuals=[(dt.date(2024, 6, 30), 11)])
    assert project_status(project(on_plan), dt.date(2024, 6, 30)).colour == "green"


def test_baseline_not_zero():
    rate = indicator(target=70, baseline=60, actuals=[(dt.date(2024, 6, 30), 65)])
    assert progress(rate, MID) == 0.5
    assert round(expected_progress(rate, MID), 3) == 0.499


def test_a_falling_value_counts_as_it_is():
    falling = indicator(actuals=[(dt.date(2024, 5, 31), 60), (dt.date(2024, 6, 30), 40)])
    assert progress(falling, MID) == 0.4
    assert project_status(project(falling), MID).colour == "yellow"
    assert forecast(indicator(actuals=[(dt.date(2024, m, 28), 50 - m) for m in range(2, 7)]), MID) is None


def test_percentage_indicator_coming_down():
    # "控制在 3% 以内" from 5 %: the target lies below the baseline.
    rate = indicator(target=3, baseline=5, comparator="≤", actuals=[(dt.date(2024, 6, 30), 4)])
    assert progress(rate, MID) == 0.5
    done = indicator(target=3, baseline=5, comparator="≤", actuals=[(dt.date(2024, 6, 30), D("2.8"))])
    assert project_status(project(done), MID).finished


def test_milestones_only():
    steps = (
        (dt.date(2024, 3, 31), dt.date(2024, 3, 20)),
        (dt.date(2024, 6, 30), None),
        (dt.date(2024, 9, 30), None),
    )
    status = project_status(project(milestones=steps), MID)
    assert round(status.progress, 3) == round(1 / 3, 3) and round(status.expected, 3) == round(2 / 3, 3)
    assert status.colour == "red"  # 33 points behind


def test_deadline_in_june():
    june = dt.date(2024, 6, 30)
    item = indicator(due=june, actuals=[(dt.date(2024, 5, 31), 80)])
    status = project_status(project(item, due=june), dt.date(2024, 6, 15))
    assert status.colour == "yellow" and round(status.expected * 100) == 92
    late = project_status(project(item, due=june), dt.date(2024, 7, 2))
    assert late.colour == "red" and any("已过完成时限" in r for r in late.reasons)


def test_overdue_and_unfinished_is_red_and_a_missing_report_orange():
    item = indicator(actuals=[(dt.date(2024, 11, 30), 95)])
    assert project_status(project(item), dt.date(2025, 1, 5)).colour == "red"
    on_pace = indicator(actuals=[(dt.date(2024, 6, 30), 50)])
    status = project_status(project(on_pace, overdue_reports=1), MID)
    assert status.colour == "orange" and "1 期报告逾期未报" in status.reasons


def test_finished_early_and_finished_and_accepted():
    early = indicator(actuals=[(dt.date(2024, 5, 31), 100)])
    status = project_status(project(early), MID)
    assert status.finished and status.colour == "green" and status.forecast_date == dt.date(2024, 5, 31)
    accepted = project_status(project(early, accepted_on=dt.date(2024, 6, 10)), MID)
    assert accepted.colour == "blue" and accepted.colour_label == "蓝"
    before = project_status(project(early, accepted_on=dt.date(2024, 6, 10)), dt.date(2024, 6, 1))
    assert before.colour == "green"  # as of a day before the acceptance


def test_forecast_from_recent_rate_turns_red_when_it_misses():
    slow = indicator(actuals=[(dt.date(2024, m, 28), 6 * m) for m in range(3, 7)])  # 6 a month
    when = forecast(slow, MID)
    assert when is not None and when > DEC31
    status = project_status(project(slow), MID)
    assert status.colour == "red" and any("预计" in r for r in status.reasons)
    steady = indicator(actuals=[(dt.date(2024, m, 28), 9 * m) for m in range(3, 7)])
    assert forecast(steady, MID) <= DEC31


def test_weights_and_thresholds_as_settings():
    ahead = indicator(actuals=[(dt.date(2024, 6, 30), 100)])
    behind = indicator(actuals=[(dt.date(2024, 6, 30), 20)], weight=3)
    status = project_status(project(ahead, behind), MID)
    assert round(status.progress, 2) == 0.4  # (1×1 + 0.2×3) / 4
    strict = Thresholds(yellow=0.5, orange=1, red=50)
    mild = indicator(actuals=[(dt.date(2024, 6, 30), 48)])
    assert project_status(project(mild), MID, strict).colour == "orange"
    assert project_status(project(mild), MID).colour == "green"
