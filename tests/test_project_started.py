"""A project's state moves from 未启动 to 推进中 with its first approved report (once, audited), and the
demo's projects with approved reports are 推进中, so no project page says 未启动 at 60 % done."""

import pytest

from minsheng.core.audit import events_for
from minsheng.plans.models import Project
from minsheng.reporting.reports import workflow
from minsheng.site.demo_reports import load_demo_reports
from tests.conftest import project


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def file_and_approve(users, item, period: str):
    values = [{"indicator": i.pk, "value": "5"} for i in item.indicators.all()]
    report = workflow.save_report(item, period, {"values": values, "lag_reason": "受阻"}, users["minzheng"])
    workflow.submit(report, users["minzheng"])
    report.refresh_from_db()
    if report.awaiting == "unit":
        report = workflow.approve(report, users["minzheng_head"])
    return workflow.approve(report, users["office"])


def test_the_first_approved_report_starts_the_project_once(db, users):
    item = project("济宁市", 2024, "3")
    assert item.state == "not_started"
    values = [{"indicator": i.pk, "value": "5"} for i in item.indicators.all()]
    draft = workflow.save_report(item, "2024-07", {"values": values, "lag_reason": "受阻"}, users["minzheng"])
    workflow.submit(draft, users["minzheng"])
    assert Project.objects.get(pk=item.pk).state == "not_started"  # submitted is not approved
    draft.delete()
    file_and_approve(users, item, "2024-07")
    item.refresh_from_db()
    assert item.state == "in_progress"
    [event] = [e for e in events_for(item) if e.action == "state"]
    assert event.changes["状态"] == ["未启动", "推进中"]
    file_and_approve(users, item, "2024-W29")
    assert [e.action for e in events_for(item)].count("state") == 1
    assert "推进中" in html_of(item)


def html_of(item) -> str:
    from django.test import Client

    return Client().get(f"/projects/{item.pk}/").content.decode()


def test_the_demo_projects_with_approved_reports_are_in_progress(db):
    load_demo_reports()
    started = Project.objects.filter(reports__state="approved").distinct()
    assert started.exists() and set(started.values_list("state", flat=True)) == {"in_progress"}
