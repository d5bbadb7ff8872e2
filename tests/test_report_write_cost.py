"""Saving and submitting a report costs the same queries whatever the number of its indicators, and
whatever the size of the plan: the previous values are read in one query, the values written in three."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from minsheng.plans.models import Indicator
from minsheng.reporting.models import ReportValue
from minsheng.reporting.reports import workflow
from tests.conftest import project


def _cost(period: str, username: str) -> tuple[int, int, int]:
    """Queries of: saving a new draft, saving it again with every value changed, submitting it (read
    afresh each time, so that no run finds what an earlier one cached on the objects)."""
    item, user = project("济宁市", 2024, "1"), get_user_model().objects.get(username=username)
    values = [{"indicator": i.pk, "value": "1"} for i in item.indicators.all()]
    data = {"values": values, "lag_reason": "施工受阻"}
    with CaptureQueriesContext(connection) as first:
        report = workflow.save_report(item, period, data, user)
    data = {"values": [{**v, "value": "2"} for v in values], "lag_reason": "施工受阻"}
    with CaptureQueriesContext(connection) as again:
        report = workflow.save_report(item, period, data, user, expected_version=report.version)
    with CaptureQueriesContext(connection) as submitted:
        workflow.submit(report, user)
    assert sorted(ReportValue.objects.filter(report=report).values_list("value", flat=True)) == [2] * len(
        values
    )
    return len(first), len(again), len(submitted)


@override_settings(MINSHENG_TODAY="2024-08-01")
def test_write_cost_does_not_grow_with_indicators(users):
    item = project("济宁市", 2024, "1")
    few = _cost("2024-07", "minzheng")
    for n in range(8):
        Indicator.objects.create(
            project=item, order=10 + n, text=f"新建{n}处", target_value=10 + n, unit="处"
        )
    many = _cost("2024-08", "minzheng")
    assert many == few


@override_settings(MINSHENG_TODAY="2024-08-01")
def test_the_api_answers_with_the_values_it_read_for_the_version(client_for):
    """Filing and submitting through the API read the report's values once each (for the version
    snapshot), and the answer reuses them: no second read per request."""
    item, client = project("济宁市", 2024, "1"), client_for("minzheng")
    values = [{"indicator": i.pk, "value": 1} for i in item.indicators.all()]
    body = {"period": "2024-08", "values": values, "lag_reason": "施工受阻"}
    with CaptureQueriesContext(connection) as filing:
        filed = client.post(f"/api/v1/projects/{item.pk}/reports", body, content_type="application/json")
    with CaptureQueriesContext(connection) as submitting:
        submitted = client.post(f"/api/v1/reports/{filed.json()['id']}/submit")
    assert filed.status_code == 201 and submitted.status_code == 200, submitted.content
    assert [v["value"] for v in submitted.json()["values"]] == ["1"] * len(values)
    for captured in (filing, submitting):
        reads = [
            q for q in captured.captured_queries if q["sql"].startswith('SELECT "reporting_reportvalue"')
        ]
        assert len(reads) == 1
