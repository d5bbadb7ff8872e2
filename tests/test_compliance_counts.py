"""Reporting completeness and timeliness counted by the database (`counted_facts`, for the dashboards,
the office overview and the bulletin) equal the tally of every report read one by one (`facts`, for a
plan's page with its matrix), for every demo plan, both kinds of report and several days; in two
queries whatever the number of plans."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.plans.models import Plan
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.compliance.queries import counted_facts, end_of, facts, plan_tally, plan_tally_counted
from minsheng.site.demo_reports import load_demo_reports

D = datetime.date


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


@pytest.mark.parametrize("kind", [calendar.MONTH, calendar.WEEK])
def test_counted_tallies_equal_the_tallies_of_every_report(db, kind):
    load_demo_reports()
    plans = list(Plan.objects.select_related("calendar", "region").order_by("pk"))
    assert len({p.year for p in plans}) > 1  # plans of several years: several schedules
    compared = 0
    for day in (D(2024, 2, 10), D(2024, 5, 31), D(2024, 7, 15)):
        moment = end_of(day)
        leads, received = facts(plans, kind, moment)
        with CaptureQueriesContext(connection) as queries:
            counted_leads, counted = counted_facts(plans, kind, moment)
        assert len(queries) == 2
        for plan in plans:
            expected = plan_tally(plan, leads[plan.pk], received[plan.pk], kind, moment)
            assert (
                plan_tally_counted(plan, counted_leads[plan.pk], counted[plan.pk], kind, moment) == expected
            )
            compared += sum(t.received for t in expected)
    assert compared > 0
