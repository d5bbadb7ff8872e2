"""The API has the pages' scope and says where changes came from: the compliance figures follow the
compliance page (offices and leaders all units, a unit its own row, nobody else), and what a Bearer
token (or a session) changes through the API is audited as `api`, not `web`."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from minsheng.core.models import AuditEvent
from minsheng.reporting.models import Report
from minsheng.reporting.reports import workflow
from minsheng.site.demo_reports import load_demo_reports
from tests.conftest import ROLE_USERS, plan, project

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def _token(username: str) -> str:
    out = StringIO()
    call_command("token", username, stdout=out)
    return out.getvalue().strip()


def _api(username: str | None, method: str, url: str, data=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(username)}"} if username else {}
    client = Client()
    if method == "get":
        return client.get(f"/api/v1{url}", data or {}, **headers)
    return client.post(f"/api/v1{url}", json.dumps(data or {}), content_type="application/json", **headers)


@pytest.mark.parametrize("role", [None, "outsider", *ROLE_USERS], ids=lambda r: r or "public")
def test_compliance_api_shows_what_the_page_shows(client_for, role):
    """For every role: refused where the page refuses, and the very rows the page ranks otherwise."""
    jining = plan("济宁市", 2024)
    page = client_for(role).get(f"/plans/{jining.pk}/compliance/", {"as_of": "2024-07-15"})
    answer = _api(role, "get", f"/plans/{jining.pk}/compliance", {"as_of": "2024-07-15"})
    if role is None:
        assert page.status_code == 302  # to the login page
        assert answer.status_code == 401 and CHINESE.search(answer.json()["detail"])
        return
    if page.status_code in (403, 404):  # 404: another region's plan
        assert answer.status_code == page.status_code and CHINESE.search(answer.json()["detail"])
        return
    assert page.status_code == answer.status_code == 200
    shown = {
        r.tally.unit: (r.tally.expected, r.tally.received, r.tally.on_time) for r in page.context["ranked"]
    }
    given = {r["unit"]: (r["expected"], r["received"], r["on_time"]) for r in answer.json()}
    assert given == shown


def test_a_unit_gets_only_its_own_row_and_the_public_nothing(db):
    load_demo_reports()
    url = f"/plans/{plan('济宁市', 2024).pk}/compliance"
    everyone = {r["unit"]: r for r in _api("office", "get", url).json()}
    assert len(everyone) > 5 and everyone["市民政局"]["received"] > 0  # the demo's reports are counted
    assert _api("minzheng", "get", url).json() == [everyone["市民政局"]]
    assert _api("weishan_minzheng", "get", url).status_code == 404  # no part in the city's plan
    anonymous = _api(None, "get", url)
    assert anonymous.status_code == 401 and "市民政局" not in anonymous.content.decode()
    deputy = _api("deputy", "get", url)
    assert deputy.status_code == 403 and "市民政局" not in deputy.content.decode()


def _elderly_homes():
    p = project("济宁市", 2024, "1")  # lead 市民政局, which has an approver
    return p, p.indicators.get()


def _vias(report_id: int) -> dict[str, str]:
    events = AuditEvent.objects.filter(model="reporting.report", object_id=str(report_id))
    return dict(events.values_list("action", "via"))


def test_api_actions_are_audited_as_api(db):
    p, indicator = _elderly_homes()
    filed = _api(
        "minzheng",
        "post",
        f"/projects/{p.pk}/reports",
        {"period": "2024-07", "values": [{"indicator": indicator.pk, "value": 1100}]},
    )
    assert filed.status_code == 201
    rid = filed.json()["id"]
    assert _api("minzheng", "post", f"/reports/{rid}/submit").status_code == 200
    assert _api("minzheng_head", "post", f"/reports/{rid}/approve").status_code == 200
    assert _api("office", "post", f"/reports/{rid}/return", {"comment": "请补充"}).status_code == 200
    assert _vias(rid) == {"create": "api", "submit": "api", "approve": "api", "return": "api"}


def test_a_session_through_the_api_is_api_too_and_the_channel_does_not_stay(client_for, users):
    p, indicator = _elderly_homes()
    session = client_for("minzheng")
    filed = session.post(
        f"/api/v1/projects/{p.pk}/reports", json.dumps({"period": "2024-07"}), content_type="application/json"
    )
    assert filed.status_code == 201
    rid = filed.json()["id"]
    assert _vias(rid) == {"create": "api"}
    # the same business function called for a page, after the API request, still writes "web"
    report = workflow.submit(Report.objects.get(pk=rid), users["minzheng"])
    assert _vias(report.pk)["submit"] == "web"
