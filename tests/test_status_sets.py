"""Set-wise status (`plans_status`) and the one-pass history (`plans_history`): the status of many plans as of a day in a fixed number of queries,
with the database keeping a few values per indicator, equals the status computed on every value —
including a period reported twice (a week and a month ending the same day), a value that met the target
and was later corrected below it, and a "不超过" target."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.dashboard.office.history import plans_history
from minsheng.plans.models import Plan
from minsheng.reporting.models import Report, ReportValue
from minsheng.site.demo_reports import load_demo_reports
from minsheng.supervision.status.queries import end_of, facts_at, fetch_records, plans_status, thresholds
from minsheng.supervision.status.rules import project_status
from tests.conftest import project

D = datetime.date
AT = datetime.datetime


def _approved(item, kind, period, start, end, approved, values):
    report = Report.objects.create(
        project=item,
        kind=kind,
        period=period,
        period_start=start,
        period_end=end,
        state="approved",
        submitted_at=approved,
        approved_at=approved,
    )
    for indicator, value in values:
        ReportValue.objects.create(report=report, indicator=indicator, value=value)


def _awkward_reports():
    """Rows that only the right winner and the right first-met period read correctly."""
    item = project("微山县", 2024, "1.1")
    Report.objects.filter(project=item).delete()
    first, *others = list(item.indicators.all())
    tz = datetime.UTC
    target = first.target_value
    # met on 3-31 by the week, but the month of the same end day, approved later, says less
    _approved(
        item,
        "week",
        "2024-W13",
        D(2024, 3, 25),
        D(2024, 3, 31),
        AT(2024, 4, 1, 2, tzinfo=tz),
        [(first, target)],
    )
    _approved(
        item,
        "month",
        "2024-03",
        D(2024, 3, 1),
        D(2024, 3, 31),
        AT(2024, 4, 2, 2, tzinfo=tz),
        [(first, target / 2)],
    )
    # met in April, corrected below the target in May, met again in June
    _approved(
        item,
        "month",
        "2024-04",
        D(2024, 4, 1),
        D(2024, 4, 30),
        AT(2024, 5, 3, 2, tzinfo=tz),
        [(first, target)],
    )
    _approved(
        item,
        "month",
        "2024-05",
        D(2024, 5, 1),
        D(2024, 5, 31),
        AT(2024, 6, 3, 2, tzinfo=tz),
        [(first, target - 1)],
    )
    _approved(
        item,
        "month",
        "2024-06",
        D(2024, 6, 1),
        D(2024, 6, 30),
        AT(2024, 7, 3, 2, tzinfo=tz),
        [(first, target)],
    )
    for month in (7, 8, 9, 10):  # four more periods met: April falls out of the latest four
        end = D(2024, month + 1, 1) - datetime.timedelta(days=1)
        approved = AT(2024, month + 1, 3, 2, tzinfo=tz)
        _approved(item, "month", f"2024-{month:02}", D(2024, month, 1), end, approved, [(first, target)])
    # approved late at night in Shanghai (the previous day in UTC): counts on its Shanghai day
    _approved(
        item,
        "week",
        "2024-W02",
        D(2024, 1, 8),
        D(2024, 1, 14),
        AT(2024, 1, 14, 15, 30, tzinfo=tz),
        [(first, Decimal(1))],
    )
    for indicator in others:
        indicator.comparator, indicator.baseline = "≤", indicator.target_value * 3
        indicator.save()


def test_set_status_equals_status_on_every_value(db):
    load_demo_reports()
    _awkward_reports()
    plans = list(Plan.objects.filter(year=2024).select_related("calendar", "region"))
    days = [D(2024, 1, 14), D(2024, 1, 15), D(2024, 3, 31), D(2024, 4, 1), D(2024, 4, 30), D(2024, 5, 1)]
    days += [D(2024, 5, 31), D(2024, 6, 3), D(2024, 6, 30), D(2024, 7, 15), D(2024, 11, 30), D(2024, 12, 31)]
    history = plans_history(plans, days)
    for day in days:
        moment, expected = end_of(day), {}
        for p in plans:  # the rules on every approved value
            facts = facts_at(fetch_records(p, moment), moment)
            expected |= {pk: project_status(f, day, thresholds()) for pk, f in facts.items()}
        assert plans_status(plans, day) == expected, day
        assert {pk: s for p in plans for pk, s in history[p.pk][day].items()} == expected, day


def test_set_status_reads_the_corrected_value_and_the_first_period_met(db):
    load_demo_reports()
    _awkward_reports()
    item = project("微山县", 2024, "1.1")
    plan = Plan.objects.get(pk=item.plan_id)
    march, may, june = (
        plans_status([plan], d)[item.pk] for d in (D(2024, 4, 5), D(2024, 6, 5), D(2024, 7, 5))
    )
    assert not march.finished and not may.finished  # the later month report and the correction win
    assert june.progress >= 1 / len(item.indicators.all()) - 1e-9


def test_set_status_costs_the_same_queries_for_one_plan_and_for_all(db):
    load_demo_reports()
    plans = list(Plan.objects.select_related("calendar", "region").order_by("pk"))
    assert len(plans) > 2  # every plan of the demo, of every year and level
    counts = []
    for chosen in (plans[:1], plans):
        with CaptureQueriesContext(connection) as ctx:
            statuses = plans_status(chosen, D(2024, 7, 15))
        assert statuses
        counts.append(len(ctx))
    assert counts[0] == counts[1] <= 8
