"""Who reads an approved report: its units, the offices and leaders above it, the deputies of its
region — never another unit, another county's office or the public (DESIGN.md, Security)."""

import pytest
from django.test import override_settings

from minsheng.reporting.reports import workflow
from minsheng.reporting.scoping import reports_for
from tests.conftest import project

SEES = {"admin", "office", "minzheng", "minzheng_head", "deputy", "deputy2", "deputy3"}
BLIND = {"weishan", "weishan_minzheng", "jiaoyu", "weijian", "leader", "outsider", None}


@pytest.fixture
def approved_city_report(users):
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        p = project("济宁市", 2024, "1")
        indicator = p.indicators.get()
        data = {"values": [{"indicator": indicator.pk, "value": "1200"}], "narrative": "已完成入户评估。"}
        report = workflow.save_report(p, "2024-07", data, users["minzheng"])
        workflow.submit(report, users["minzheng"])
        workflow.approve(report, users["minzheng_head"])
        workflow.approve(report, users["office"])
        report.refresh_from_db()
        assert report.state == "approved"
        yield report


@pytest.mark.parametrize("username", sorted(SEES | BLIND, key=str), ids=str)
def test_approved_report_scope(approved_city_report, users, client_for, username):
    user = users.get(username) if username else None
    visible = reports_for(user).filter(pk=approved_city_report.pk).exists()
    assert visible == (username in SEES)
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        status = client_for(username).get(f"/reports/{approved_city_report.pk}/").status_code
    if username is None:
        assert status in (302, 404)
    else:
        assert status == (200 if username in SEES else 404)


def test_the_project_page_lists_reports_only_to_those_who_may_read_them(approved_city_report, client_for):
    url = f"/projects/{approved_city_report.project_id}/"
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        assert f"/reports/{approved_city_report.pk}/" in client_for("office").get(url).content.decode()
        assert f"/reports/{approved_city_report.pk}/" not in client_for("weishan").get(url).content.decode()
        assert f"/reports/{approved_city_report.pk}/" not in client_for("jiaoyu").get(url).content.decode()
