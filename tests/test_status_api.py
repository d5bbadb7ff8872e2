"""GET /api/v1/plans/{id}/status: the state of a day from the reports approved up to it, scoped like the
pages, in a number of queries that does not grow with the reports."""

import datetime

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from minsheng.plans.models import TrajectoryPoint
from minsheng.reporting.reports import workflow
from minsheng.site.demo_reports import load_demo_reports
from minsheng.supervision.models import Acceptance
from minsheng.supervision.status.queries import plan_status
from tests.conftest import plan, project


def _status(client, p, **params):
    response = client.get(f"/api/v1/plans/{p.pk}/status", params)
    assert response.status_code == 200, response.content
    return {row["seq"]: row for row in response.json()["projects"]}


def test_status_follows_approved_reports_as_of_a_day(client_for, users):
    p, item = plan("济宁市", 2024), project("济宁市", 2024, "1")
    office, reporter, head = client_for("office"), users["minzheng"], users["minzheng_head"]
    before = _status(office, p, as_of="2024-07-15")["1"]
    assert (
        before["colour"] == "red" and before["progress"] == 0 and before["expected"] > 0.5
    )  # nothing reported
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        report = workflow.save_report(
            item, "2024-07", {"values": [{"indicator": item.indicators.get().pk, "value": "1100"}]}, reporter
        )
        workflow.submit(report, reporter)
        assert _status(office, p, as_of="2024-07-15")["1"]["progress"] == 0  # submitted is not approved
        workflow.approve(report, head)
        workflow.approve(report, users["office"])
    after = _status(office, p, as_of="2024-07-31")["1"]
    assert after["progress"] == 0.55 and after["gap"] < 5 and after["forecast_date"]
    assert (
        after["colour"] == "orange" and "6 期报告逾期未报" in after["reasons"]
    )  # January to June never filed
    assert (
        _status(office, p, as_of="2024-07-14")["1"]["progress"] == 0
    )  # approved on the 15th: not yet on the 14th
    Acceptance.objects.create(
        project=item,
        evidence="全部完成",
        state="accepted",
        applied_at=report.approved_at,
        decided_at=datetime.datetime(2024, 8, 1, 10, tzinfo=datetime.UTC),
    )
    assert _status(office, p, as_of="2024-08-02")["1"]["colour"] == "blue"


def test_trajectory_replaces_the_line(client_for):
    p, item = plan("济宁市", 2024), project("济宁市", 2024, "1")
    indicator = item.indicators.get()
    assert _status(client_for("office"), p, as_of="2024-03-31")["1"]["expected"] > 0.2
    TrajectoryPoint.objects.create(indicator=indicator, month_end=datetime.date(2024, 3, 31), value=0)
    TrajectoryPoint.objects.create(indicator=indicator, month_end=datetime.date(2024, 9, 30), value=1500)
    row = _status(client_for("office"), p, as_of="2024-03-31")["1"]
    assert row["expected"] == 0 and row["gap"] == 0  # work planned from April on


def test_scoping_dates_and_defaults(client_for):
    p = plan("济宁市", 2024)
    assert client_for("outsider").get(f"/api/v1/plans/{plan('济宁市', 2025).pk}/status").status_code == 404
    assert client_for("office").get("/api/v1/plans/999999/status").status_code == 404
    bad = client_for("office").get(f"/api/v1/plans/{p.pk}/status", {"as_of": "2024-13-01"})
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.json()["detail"]
    with override_settings(MINSHENG_TODAY="2026-03-01"):
        assert client_for(None).get(f"/api/v1/plans/{p.pk}/status").json()["as_of"] == "2024-12-31"  # ended


def test_queries_do_not_grow_with_reports(db, django_assert_max_num_queries):
    p = plan("微山县", 2024)
    with CaptureQueriesContext(connection) as empty:
        plan_status(p, datetime.date(2024, 7, 15))
    load_demo_reports()
    with django_assert_max_num_queries(len(empty)):
        statuses = plan_status(p, datetime.date(2024, 7, 15))
    assert len(statuses) == p.projects.count() and {s.colour for s in statuses.values()} >= {"green", "red"}
