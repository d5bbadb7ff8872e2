"""The watchlist's ranking and filters (supervision/watch/rules.py), as plain functions."""

import datetime

from minsheng.supervision.status.rules import ProjectStatus
from minsheng.supervision.watch import rules as watchlist
from minsheng.supervision.watch.rules import Filters, Row, colour_counts, matches, rank

DUE = datetime.date(2024, 12, 31)


def row(pk, colour="green", gap=0.0, forecast=None, finished=False, overdue=0, problems=0, notices=0, **kw):
    status = ProjectStatus(colour, 0.5, 0.5 + gap / 100, gap, forecast, finished, overdue)
    return Row(pk, status, DUE, order=(pk,), open_problems=problems, open_orders=notices, **kw)


def ids(rows):
    return [r.project_id for r in rows]


def test_colour_comes_first_then_the_gap():
    rows = [
        row(1, "green", 2),
        row(2, "red", 10),
        row(3, "yellow", 8),
        row(4, "blue"),
        row(5, "orange", 3),
        row(6, "red", 40),
    ]
    assert ids(rank(rows)) == [6, 2, 5, 3, 1, 4]


def test_ties_fall_to_delay_overdue_reports_problems_notices_then_the_plans_order():
    late = datetime.date(2025, 3, 1)
    later = datetime.date(2025, 6, 1)
    rows = [
        row(1, "orange", 20),
        row(2, "orange", 20, forecast=late),
        row(3, "orange", 20, forecast=later),
        row(4, "orange", 20, overdue=2),
        row(5, "orange", 20, overdue=2, problems=1),
        row(6, "orange", 20, overdue=2, problems=1, notices=3),
        row(0, "orange", 20),
    ]
    assert ids(rank(rows)) == [3, 2, 6, 5, 4, 0, 1]


def test_forecast_delay_in_days():
    assert row(1, forecast=datetime.date(2025, 1, 30)).delay_days == 30
    assert row(1, forecast=datetime.date(2025, 1, 30)).delay_late == 30
    early = row(1, forecast=datetime.date(2024, 12, 1))
    assert early.delay_days == -30 and early.delay_early == 30 and early.delay_late is None
    assert row(1).delay_days is None  # no forecast
    assert row(1, forecast=datetime.date(2025, 1, 30), finished=True).delay_days is None
    assert row(1, gap=-4.5).ahead == 4.5 and row(1, gap=3).ahead is None


def test_filters():
    a = row(1, "red", 40, region_id=10, category_id=100, unit_ids=frozenset({7}), leader_ids=frozenset({3}))
    b = row(2, "green", 0, region_id=11, category_id=101, unit_ids=frozenset({7, 8}))
    c = row(3, "yellow", 8, region_id=11, category_id=101, unit_ids=frozenset({9}))

    def chosen(**f):
        return [r.project_id for r in (a, b, c) if matches(r, Filters(**f))]

    assert chosen() == [1, 2, 3]
    assert chosen(region_id=11) == [2, 3]
    assert chosen(category_id=100) == [1]
    assert chosen(unit_id=7) == [1, 2]
    assert chosen(leader_id=3) == [1]
    assert chosen(colour="red") == [1]
    assert chosen(colour=watchlist.RISK) == [1, 3]
    assert chosen(colour="yellow", region_id=11) == [3]
    assert ids(watchlist.select([b, c, a], Filters(unit_id=7))) == [1, 2]


def test_colour_counts_from_red_to_blue():
    counts = colour_counts([row(1, "red"), row(2, "red"), row(3, "green")])
    assert counts == [
        ("red", "红", 2),
        ("orange", "橙", 0),
        ("yellow", "黄", 0),
        ("green", "绿", 1),
        ("blue", "蓝", 0),
    ]
