"""The cascade roll-up as a plain function: each region's share, its work done from its own indicator's
approved values, completion rate and expected progress, the sums against the upper target, and which
region lags most."""

import datetime
from decimal import Decimal as D

from minsheng.supervision.cascade.rules import ShareFacts, roll_up
from minsheng.supervision.status.rules import IndicatorFacts

BEGINS, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
MID = datetime.date(2024, 7, 1)  # 182 of 365 days: about half the year


def child(target, *actuals, baseline=0, trajectory=()):
    return IndicatorFacts(
        baseline=D(baseline),
        target=D(target),
        begins=BEGINS,
        due=END,
        actuals=tuple((datetime.date.fromisoformat(d), D(v)) for d, v in actuals),
        trajectory=trajectory,
    )


def test_shares_that_sum_to_the_target_roll_up():
    c = roll_up(
        D(30),
        [
            ShareFacts("任城区", D(10), child(10, ("2024-05-31", 4), ("2024-06-30", 6))),
            ShareFacts("微山县", D(20), child(20, ("2024-06-30", 5))),
        ],
        MID,
    )
    assert c.shares_match and c.share_sum == 30 and c.unallocated == 0
    rencheng, weishan = c.rows
    assert rencheng.actual == 6 and rencheng.done == 6 and rencheng.rate == 0.6  # the latest value
    assert weishan.rate == 0.25
    assert abs(weishan.expected - 182 / 366) < 0.01
    assert c.done_sum == 11 and abs(c.rate - 11 / 30) < 1e-9
    assert c.laggard is weishan and c.behind and weishan.gap > 20
    assert rencheng.ahead and rencheng.gap < 0


def test_shares_not_summing_to_the_target():
    short = roll_up(
        D(200), [ShareFacts("微山县", D(10), child(10)), ShareFacts("任城区", D(50), child(50))], MID
    )
    assert (
        not short.shares_match and short.unallocated == 140 and short.shortfall == 140 and short.excess == 0
    )
    over = roll_up(
        D(50), [ShareFacts("微山县", D(30), child(30)), ShareFacts("任城区", D(30), child(30))], MID
    )
    assert over.unallocated == -10 and over.excess == 10 and over.shortfall == 0


def test_a_region_without_a_lower_indicator():
    c = roll_up(
        D(20), [ShareFacts("微山县", D(10), child(10, ("2024-06-30", 5))), ShareFacts("鱼台县", D(10))], MID
    )
    yutai = c.rows[1]
    assert not yutai.linked and yutai.actual is None and yutai.rate is None and yutai.gap is None
    assert c.unlinked == ["鱼台县"] and c.laggard.region == "微山县"  # the unlinked one cannot be ranked
    assert c.done_sum == 5
    alone = roll_up(D(10), [ShareFacts("鱼台县", D(10))], MID)
    assert alone.laggard is None and alone.done_sum == 0 and alone.rate == 0


def test_no_reports_yet_counts_as_nothing_done():
    c = roll_up(
        D(20),
        [ShareFacts("微山县", D(10), child(10)), ShareFacts("任城区", D(10), child(10, ("2024-06-30", 3)))],
        MID,
    )
    weishan = c.rows[0]
    assert weishan.linked and not weishan.reported and weishan.actual is None
    assert weishan.done == 0 and weishan.rate == 0.0
    assert c.laggard is weishan  # nothing reported by mid-year: the furthest behind
    start = roll_up(D(20), [ShareFacts("微山县", D(10), child(10))], BEGINS)
    assert start.rows[0].gap == 0 and not start.behind  # on the first day nothing is expected yet


def test_only_values_up_to_the_day_count():
    facts = child(10, ("2024-06-30", 4), ("2024-08-31", 9))
    assert roll_up(D(10), [ShareFacts("微山县", D(10), facts)], MID).rows[0].actual == 4
    assert roll_up(D(10), [ShareFacts("微山县", D(10), facts)], datetime.date(2024, 9, 1)).rows[0].actual == 9


def test_the_baseline_is_not_counted_as_work_done():
    c = roll_up(D(10), [ShareFacts("微山县", D(10), child(60, ("2024-06-30", 55), baseline=50))], MID)
    assert c.rows[0].actual == 55 and c.rows[0].done == 5 and c.rows[0].rate == 0.5


def test_expected_progress_follows_the_lower_trajectory():
    front_loaded = ((datetime.date(2024, 3, 31), D(8)), (datetime.date(2024, 6, 30), D(10)))
    c = roll_up(
        D(10), [ShareFacts("微山县", D(10), child(10, ("2024-06-30", 6), trajectory=front_loaded))], MID
    )
    assert c.rows[0].expected == 1.0 and c.rows[0].gap == 40.0


def test_ties_go_to_the_lowest_rate_and_a_zero_share_is_not_ranked():
    c = roll_up(
        D(20),
        [
            ShareFacts("任城区", D(10), child(10, ("2024-06-30", 5))),
            ShareFacts("兖州区", D(0), child(10, ("2024-06-30", 1))),
            ShareFacts("微山县", D(10), child(10, ("2024-06-30", 5))),
        ],
        MID,
    )
    assert c.rows[1].rate is None and c.laggard.region == "任城区"  # equal gaps: the first listed


def test_the_upper_indicator_brings_its_own_pace_and_value():
    upper = child(200, ("2024-06-30", 120))
    c = roll_up(D(200), [ShareFacts("微山县", D(10), child(10))], MID, upper)
    assert c.reported == 120 and abs(c.expected - 182 / 366) < 0.01
    assert roll_up(D(200), [], MID).expected is None
