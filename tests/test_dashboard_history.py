"""The dashboard's history: the status of a plan at many days from one fetch equals `plan_status` at each
day, and costs the same queries whatever the number of days."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.dashboard.office.history import month_ends, plan_history
from minsheng.site.demo_reports import load_demo_reports
from minsheng.supervision.models import Acceptance, MonthEndStatus
from minsheng.supervision.status.queries import plan_status
from tests.conftest import plan, project

D = datetime.date


def test_month_ends_run_from_the_start_to_the_day():
    assert month_ends(D(2024, 1, 1), D(2024, 4, 10)) == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 10),
    ]
    assert month_ends(D(2024, 1, 1), D(2024, 3, 31)) == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)]
    assert month_ends(D(2024, 11, 5), D(2024, 12, 31)) == [D(2024, 11, 30), D(2024, 12, 31)]
    assert month_ends(D(2024, 5, 1), D(2024, 5, 1)) == [D(2024, 5, 1)]
    assert month_ends(D(2024, 5, 1), D(2024, 4, 1)) == []


def test_history_equals_plan_status_at_each_day(db):
    load_demo_reports()
    item = project("微山县", 2024, "1.1")
    Acceptance.objects.create(
        project=item,
        evidence="全部完成",
        state="accepted",
        applied_at=datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.UTC),
        decided_at=datetime.datetime(2024, 5, 20, 10, tzinfo=datetime.UTC),
    )
    for region in ["微山县", "济宁市"]:
        p = plan(region, 2024)
        days = [
            D(2024, 1, 31),
            D(2024, 3, 31),
            D(2024, 5, 19),
            D(2024, 5, 20),
            D(2024, 6, 30),
            D(2024, 7, 15),
        ]
        history = plan_history(p, days)
        assert list(history) == days
        for day in days:
            assert history[day] == plan_status(p, day), (region, day)
    history = plan_history(plan("微山县", 2024), [D(2024, 5, 19), D(2024, 5, 20)])
    assert (
        history[D(2024, 5, 19)][item.pk].colour != "blue"
        and history[D(2024, 5, 20)][item.pk].colour == "blue"
    )
    colours = {s.colour for s in history[D(2024, 5, 20)].values()}
    assert len(colours) > 2  # the demo's reports make the history say something


def test_history_changes_over_the_months(db):
    load_demo_reports()
    p = plan("济宁市", 2024)
    history = plan_history(p, month_ends(p.begins, D(2024, 7, 15)))
    progress = [sum(s.progress for s in day.values()) for day in history.values()]
    assert progress[0] < progress[-1] and progress == sorted(progress)  # cumulative values never fall


def _reads(captured) -> list[str]:
    """The queries that read: storing the computed month ends writes in batches the database sizes."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(("INSERT", "SAVEPOINT", "RELEASE"))
    ]


def test_queries_do_not_grow_with_the_days(db):
    load_demo_reports()
    p = plan("济宁市", 2024)
    with CaptureQueriesContext(connection) as one:
        plan_history(plan("济宁市", 2024), [D(2024, 7, 31)])
    MonthEndStatus.objects.all().delete()  # nothing stored: all twelve computed
    with CaptureQueriesContext(connection) as twelve:
        plan_history(plan("济宁市", 2024), month_ends(p.begins, D(2024, 12, 31)))
    with CaptureQueriesContext(connection) as status:
        plan_status(plan("济宁市", 2024), D(2024, 7, 15))
    assert len(_reads(twelve)) == len(_reads(one)) <= len(status) + 1  # + the stored month ends
    with CaptureQueriesContext(connection) as again:
        stored = plan_history(p, month_ends(p.begins, D(2024, 12, 31)))
    assert len(again) == 2 and len(stored) == 12  # the past is read back (which days, their rows)
    assert plan_history(p, []) == {}
