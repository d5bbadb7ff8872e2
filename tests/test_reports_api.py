"""Reports through the API: file, submit, unit approver, office approves or returns; validation,
locking, optimistic locking, double submit, scope and CSRF. The platform runs on 2024-07-15."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from minsheng.core.models import AuditEvent
from minsheng.reporting.models import Report, ReportVersion
from tests.conftest import project

pytestmark = pytest.mark.usefixtures("demo_clock")


@pytest.fixture
def demo_clock():
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        yield


def _token(username):
    out = StringIO()
    call_command("token", username, stdout=out)
    return out.getvalue().strip()


class Api:
    def __init__(self, username):
        self.client, self.auth = Client(), f"Bearer {_token(username)}"

    def post(self, url, data=None):
        body = json.dumps(data or {})
        response = self.client.post(
            f"/api/v1{url}", body, content_type="application/json", HTTP_AUTHORIZATION=self.auth
        )
        return response.status_code, response.json()

    def get(self, url):
        response = self.client.get(f"/api/v1{url}", HTTP_AUTHORIZATION=self.auth)
        return response.status_code, response.json()


def _elderly_homes():
    p = project("济宁市", 2024, "1")  # 改造2000户…, lead 市民政局
    return p, p.indicators.get()


def _file(api, p, indicator, value, period="2024-07", **extra):
    return api.post(
        f"/projects/{p.pk}/reports",
        {
            "period": period,
            "values": [{"indicator": indicator.pk, "value": value}],
            "narrative": "已完成入户评估。",
            **extra,
        },
    )


def test_the_whole_round(db):
    p, indicator = _elderly_homes()
    reporter, head, office = Api("minzheng"), Api("minzheng_head"), Api("office")
    status, report = _file(reporter, p, indicator, 1100, problems=["部分县区施工队伍不足"])
    assert status == 201 and report["state"] == "draft"
    rid = report["id"]
    assert reporter.post(f"/reports/{rid}/submit")[1]["awaiting"] == "unit"  # 市民政局 has an approver
    assert office.post(f"/reports/{rid}/approve")[0] == 403  # not yet the office's turn
    assert head.post(f"/reports/{rid}/approve")[1]["awaiting"] == "office"
    status, returned = office.post(f"/reports/{rid}/return", {"comment": "请补充各县区进度"})
    assert (status, returned["state"], returned["return_comment"]) == (200, "returned", "请补充各县区进度")
    status, revised = _file(reporter, p, indicator, 1150, version=returned["version"])
    assert status == 201 and revised["values"][0]["value"] == "1150"
    reporter.post(f"/reports/{rid}/submit")
    head.post(f"/reports/{rid}/approve")
    status, approved = office.post(f"/reports/{rid}/approve")
    assert approved["state"] == "approved"
    versions = ReportVersion.objects.filter(report_id=rid).values_list("state", flat=True)
    assert list(versions)[-1] == "approved" and len(versions) >= 8
    actions = set(
        AuditEvent.objects.filter(model="reporting.report", object_id=str(rid)).values_list(
            "action", flat=True
        )
    )
    assert {"create", "update", "submit", "approve", "return"} <= actions
    assert [r["period"] for r in Api("deputy").get(f"/projects/{p.pk}/reports")[1]] == ["2024-07"]


def test_refused_values_answer_422_and_write_nothing(db):
    p, indicator = _elderly_homes()
    reporter = Api("minzheng")
    for value, words in [(-5, "不能为负数"), ("很多", "不是数字")]:
        status, body = _file(reporter, p, indicator, value)
        assert status == 422 and words in body["detail"]
    status, body = _file(reporter, p, indicator, 100)  # far behind the pace of 2000 by July
    assert status == 422 and "未达序时原因" in body["detail"]
    assert not Report.objects.exists()
    status, body = _file(reporter, p, indicator, 100, lag_reason="资金7月下旬才到位")
    assert status == 201
    status, body = _file(reporter, p, indicator, 3100, version=body["version"])
    assert status == 422 and "请确认" in body["detail"]
    assert _file(reporter, p, indicator, 3100, version=1, confirm=True)[0] == 201


def test_a_locked_period_is_refused(db):
    p, indicator = _elderly_homes()
    status, body = _file(Api("minzheng"), p, indicator, 500, period="2024-05", lag_reason="补报")
    assert status == 400 and "锁定" in body["detail"]


def test_bad_period_keys(db):
    p, indicator = _elderly_homes()
    assert "格式不对" in _file(Api("minzheng"), p, indicator, 1100, period="七月")[1]["detail"]
    assert "不在计划年度" in _file(Api("minzheng"), p, indicator, 1100, period="2025-07")[1]["detail"]


def test_two_people_saving_the_same_version(db):
    p, indicator = _elderly_homes()
    first, second = Api("minzheng"), Api("minzheng")
    created = _file(first, p, indicator, 1100)[1]
    assert _file(first, p, indicator, 1120, version=created["version"])[0] == 201
    status, body = _file(second, p, indicator, 1200, version=created["version"])
    assert status == 409 and "已被他人修改" in body["detail"]
    assert Report.objects.get().values.get().value == 1120


def test_a_double_submit_is_one_submission(db):
    p, indicator = _elderly_homes()
    reporter = Api("minzheng")
    rid = _file(reporter, p, indicator, 1100)[1]["id"]
    first, second = reporter.post(f"/reports/{rid}/submit"), reporter.post(f"/reports/{rid}/submit")
    assert first == second
    assert ReportVersion.objects.filter(report_id=rid, state="submitted").count() == 1


@pytest.mark.parametrize("username", ["jiaoyu", "deputy", "weishan_minzheng", "office"])
def test_only_the_lead_unit_files(db, username):
    p, indicator = _elderly_homes()
    assert _file(Api(username), p, indicator, 1100)[0] == 403


def test_drafts_are_not_public(db, client_for):
    p, indicator = _elderly_homes()
    rid = _file(Api("minzheng"), p, indicator, 1100)[1]["id"]
    assert client_for(None).get(f"/api/v1/projects/{p.pk}/reports").json() == []
    assert client_for(None).post(f"/api/v1/reports/{rid}/submit").status_code in (403, 404)
    assert Api("minzheng_head").get(f"/projects/{p.pk}/reports")[1][0]["id"] == rid


def test_session_writes_need_the_csrf_token(db):
    from django.contrib.auth import get_user_model

    p, indicator = _elderly_homes()
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="minzheng"))
    body = json.dumps({"period": "2024-07", "values": [{"indicator": indicator.pk, "value": 1100}]})
    response = client.post(f"/api/v1/projects/{p.pk}/reports", body, content_type="application/json")
    assert response.status_code == 401 and "CSRF" in response.json()["detail"]
