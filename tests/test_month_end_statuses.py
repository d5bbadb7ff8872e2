"""The month ends kept in a table (`supervision.status.month_ends`): computed once under the plan's history
stamp and the rules' fingerprint, read back as computed, computed again when either changes, never
stored for today or later."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.dashboard.office.history import month_ends
from minsheng.plans.board import touch
from minsheng.site.demo_reports import load_demo_reports
from minsheng.supervision.models import MonthEndStatus
from minsheng.supervision.status import month_ends as stored
from minsheng.supervision.status.colour_history import caught_up_between
from tests.conftest import plan

D = datetime.date


@pytest.fixture
def city(db):
    load_demo_reports()
    return plan("济宁市", 2024)


def days_of(p) -> list[datetime.date]:
    return month_ends(p.begins, D(2024, 12, 31))


def test_what_is_read_back_is_what_was_computed(city):
    days = days_of(city)
    first = stored.plans_history([city], days)[city.pk]
    assert MonthEndStatus.objects.filter(plan=city).count() == city.projects.count() * len(days)
    again = stored.plans_history([city], days)[city.pk]
    assert again == first == stored.computed_history([city], days)[city.pk]
    colours = {s.colour for statuses in again.values() for s in statuses.values()}
    assert len(colours) > 2  # the demo's year says something


def test_an_edit_of_the_past_computes_the_month_ends_again(city):
    days = days_of(city)
    before = stored.plans_history([city], days)[city.pk]
    indicator = city.projects.order_by("pk").first().indicators.first()
    indicator.target_value *= 10  # ten times the target: the progress of every month falls
    indicator.save()  # the model signal moves both stamps
    city.refresh_from_db()
    after = stored.plans_history([city], days)[city.pk]
    assert after == stored.computed_history([city], days)[city.pk]
    item = indicator.project_id
    assert all(after[d][item].progress <= before[d][item].progress for d in days)
    assert any(after[d][item].progress < before[d][item].progress for d in days)
    bases = set(MonthEndStatus.objects.filter(plan=city).values_list("basis", flat=True))
    assert bases == {city.history_changed_at}


def test_a_change_from_now_on_keeps_the_stored_past(city):
    days = days_of(city)
    stored.plans_history([city], days)
    touch(city.pk, past=False)  # a report submitted or approved today
    city.refresh_from_db()
    with CaptureQueriesContext(connection) as read:
        stored.plans_history([city], days)
    assert len(read) == 2  # which days are stored, then their rows


def test_other_thresholds_compute_the_month_ends_again(city, settings):
    days = days_of(city)
    stored.plans_history([city], days)
    old = stored.fingerprint()
    settings.MINSHENG_STATUS_THRESHOLDS = {"yellow": 0.5, "orange": 1.0, "red": 2.0}
    assert stored.fingerprint() != old
    with CaptureQueriesContext(connection) as read:
        stricter = stored.plans_history([city], days)[city.pk]
    assert len(read) > 1
    assert stricter == stored.computed_history([city], days)[city.pk]
    assert set(MonthEndStatus.objects.filter(plan=city).values_list("rules", flat=True)) == {
        stored.fingerprint()
    }


def test_only_month_ends_before_today_are_stored(city, settings):
    settings.MINSHENG_TODAY = "2024-07-15"
    days = [D(2024, 6, 20), D(2024, 6, 30), D(2024, 7, 15), D(2024, 7, 31)]
    history = stored.plans_history([city], days)[city.pk]
    assert set(history) == set(days)
    assert history == stored.computed_history([city], days)[city.pk]
    assert set(MonthEndStatus.objects.filter(plan=city).values_list("day", flat=True)) == {D(2024, 6, 30)}


def test_storing_twice_overwrites_rather_than_fails(city):
    days = days_of(city)
    computed = stored.computed_history([city], days)
    rules = stored.fingerprint()
    stored._store([city], computed, rules)
    stored._store([city], computed, rules)  # two requests computing the same month ends at once
    assert MonthEndStatus.objects.filter(plan=city).count() == city.projects.count() * len(days)


def test_plans_read_back_in_two_queries_however_many(city):
    others = list(type(city).objects.filter(year=2024))
    days = days_of(city)
    stored.plans_history(others, days)
    with CaptureQueriesContext(connection) as read:
        history = stored.plans_history(others, days)
    assert len(read) == 2 and set(history) == {p.pk for p in others}
    with CaptureQueriesContext(connection) as counted:
        trend = stored.plans_trend(others, days)
    assert len(counted) == 2 and set(trend) == {p.pk for p in others}


def test_the_trend_counts_what_the_statuses_say(city):
    days = days_of(city)
    trend = stored.plans_trend([city], days)[city.pk]
    history = stored.computed_history([city], days)[city.pk]
    caught = 0
    for n, day in enumerate(days):
        statuses = list(history[day].values())
        assert sum(t.count for t in trend[day].values()) == len(statuses)
        before = history[days[n - 1]] if n else {}
        made_up = sum(caught_up_between(before.get(pk), s) for pk, s in history[day].items())
        assert sum(t.caught_up for t in trend[day].values()) == made_up
        caught += made_up
        for colour, tally in trend[day].items():
            mine = [s for s in statuses if s.colour == colour]
            assert tally.count == len(mine)
            assert tally.progress == pytest.approx(sum(s.progress for s in mine))
            assert tally.expected == pytest.approx(sum(s.expected for s in mine))
    assert caught > 0  # the demo's year has months made up
