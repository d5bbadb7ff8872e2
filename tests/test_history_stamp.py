"""The history stamp: a plan's month ends before today are cached under `history_changed_at`, which
moves with what can change an earlier day (an edit, a correction, values dated before today) and not
with what happens now (a report submitted or approved, an acceptance decided). So after a month-end
burst of approvals the dashboard reads its past from the cache, and that past is still right."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.dashboard import cache as board_cache
from minsheng.dashboard.office.history import plan_history
from minsheng.plans.models import Plan
from minsheng.reporting.models import Report, ReportValue
from minsheng.reporting.reports import workflow
from tests.conftest import project

D = datetime.date
PAST = [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 30)]


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def stamps(p) -> tuple:
    p.refresh_from_db()
    return p.board_changed_at, p.history_changed_at


def approve_now(users, item, value: str) -> None:
    """The city's 民政局 reports July through the workflow; its head and the office approve it today."""
    values = [{"indicator": i.pk, "value": value} for i in item.indicators.all()]
    report = workflow.save_report(
        item, "2024-07", {"values": values, "lag_reason": "受阻"}, users["minzheng"]
    )
    workflow.submit(report, users["minzheng"])
    report.refresh_from_db()
    if report.awaiting == "unit":
        report = workflow.approve(report, users["minzheng_head"])
    workflow.approve(report, users["office"])
    assert Report.objects.get(pk=report.pk).state == "approved"


def test_a_report_submitted_and_approved_now_leaves_the_history_stamp(users):
    item = project("济宁市", 2024, "1")
    city = Plan.objects.get(pk=item.plan_id)
    before = stamps(city)
    approve_now(users, item, "5")
    after = stamps(city)
    assert after[0] != before[0] and after[1] == before[1]


def test_edits_and_earlier_values_move_the_history_stamp(users):
    item = project("济宁市", 2024, "1")
    city = Plan.objects.get(pk=item.plan_id)
    before = stamps(city)
    indicator = item.indicators.first()
    indicator.target_value += 1
    indicator.save()
    edited = stamps(city)
    assert edited[1] != before[1]
    at = datetime.datetime(2024, 6, 3, 10, tzinfo=datetime.UTC)  # approved before today: earlier days move
    report = Report.objects.create(
        project=item,
        kind="month",
        period="2024-05",
        period_start=D(2024, 5, 1),
        period_end=D(2024, 5, 31),
        state="approved",
        submitted_at=at,
        approved_at=at,
    )
    imported = stamps(city)
    assert imported[1] != edited[1]
    ReportValue.objects.create(report=report, indicator=indicator, value=3)
    corrected = stamps(city)
    assert corrected[1] != imported[1]
    Report.objects.get(pk=report.pk).delete()
    assert stamps(city)[1] != corrected[1]


def test_after_approvals_today_the_dashboard_reads_its_past_from_the_cache(client_for, users):
    office = client_for("office")
    office.get("/dashboard/")  # fills the cache: past month ends under the history stamp
    item = project("济宁市", 2024, "1")
    city = Plan.objects.get(pk=item.plan_id)
    approve_now(users, item, "7")
    with CaptureQueriesContext(connection) as queries:
        response = office.get("/dashboard/")
    assert response.status_code == 200 and "whole" in response.context  # the results were computed again
    fetched_values = [q["sql"] for q in queries if "reporting_reportvalue" in q["sql"]]
    # today's status only (a few values per indicator): the month ends came from the cache
    assert len(fetched_values) == 1 and "first_met" in fetched_values[0]
    fresh = plan_history(Plan.objects.get(pk=city.pk), PAST)  # and that past is what it is now
    assert board_cache.plans_history([Plan.objects.get(pk=city.pk)], PAST)[city.pk] == fresh
