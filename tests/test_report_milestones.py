"""Milestone completion in reports: the lead unit reports the date a milestone was done; the date
cannot lie in the future or before the plan; once the office approves, the milestone is done."""

import datetime

import pytest
from django.test import override_settings

from minsheng.core.models import AuditEvent
from minsheng.plans.models import Milestone
from minsheng.reporting.models import Report
from tests.conftest import project
from tests.forms import form_data


@pytest.fixture
def steps(db):
    item = project("济宁市", 2024, "23")  # no quantified target: it advances by milestones
    first = Milestone.objects.create(
        project=item, title="出台急难救助实施细则", due_date=datetime.date(2024, 6, 30)
    )
    second = Milestone.objects.create(
        project=item, title="建立县级救助服务站", due_date=datetime.date(2024, 10, 31)
    )
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        yield item, first, second


def test_reported_milestone_is_done_once_approved(steps, client_for):
    item, first, second = steps
    reporter = client_for("minzheng")
    url = f"/projects/{item.pk}/report/"
    data = form_data(reporter.get(url).content.decode())
    assert data[f"m-{first.pk}"] == "" and f"m-{second.pk}" in data
    data.update({f"m-{first.pk}": "2024-07-20", "narrative": "细则已印发。", "submit": "1"})
    refused = reporter.post(url, data)
    assert refused.status_code == 422 and "须在 2024-01-01 至 2024-07-15 之间" in refused.content.decode()
    data[f"m-{first.pk}"] = "2024-07-08"
    assert reporter.post(url, data).status_code == 302
    report = Report.objects.get(project=item, period="2024-07")
    assert report.milestones == {str(first.pk): "2024-07-08"}
    first.refresh_from_db()
    assert first.done_date is None  # not before the office approves

    client_for("minzheng_head").post(f"/reports/{report.pk}/decide/", {"decision": "approve"})
    client_for("office").post(f"/reports/{report.pk}/decide/", {"decision": "approve"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.done_date == datetime.date(2024, 7, 8) and second.done_date is None
    assert AuditEvent.objects.filter(object_id=str(first.pk), action="update").exists()
    page = client_for("office").get(f"/reports/{report.pk}/").content.decode()
    assert "出台急难救助实施细则（完成日期）" in page and "<ins>2024-07-08</ins>" in page


def test_api_milestones_and_a_save_without_them_keeps_them(steps, client_for):
    item, first, second = steps
    api = client_for("minzheng")
    url = f"/api/v1/projects/{item.pk}/reports"
    bad = api.post(
        url, {"period": "2024-07", "milestones": {str(second.pk): "七月"}}, content_type="application/json"
    )
    assert bad.status_code == 422 and "不是有效日期" in bad.json()["detail"]
    other = Milestone.objects.create(
        project=project("济宁市", 2024, "1"), title="别的项目", due_date=datetime.date(2024, 9, 1)
    )
    forged = api.post(
        url,
        {"period": "2024-07", "milestones": {str(other.pk): "2024-07-01"}},
        content_type="application/json",
    )
    assert forged.status_code == 422 and "不属于该项目" in forged.json()["detail"]
    made = api.post(
        url,
        {"period": "2024-07", "milestones": {str(second.pk): "2024-07-01"}},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["milestones"] == {str(second.pk): "2024-07-01"}
    again = api.post(url, {"period": "2024-07", "narrative": "推进中"}, content_type="application/json")
    assert again.json()["milestones"] == {str(second.pk): "2024-07-01"}  # omitted: kept
