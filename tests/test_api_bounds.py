"""Out-of-range input to the API answers 4xx with a Chinese `detail` and writes nothing: periods and
days outside 2000–2099, numbers no value column holds, negative or non-numeric funds, ids of 25 digits.
Each of these answered 500 (or stored a value that broke every later read of the report)."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from minsheng.core.models import AuditEvent
from minsheng.reporting.models import Report
from tests.conftest import plan, project

CHINESE = re.compile(r"[\u4e00-\u9fff]")
BIG = "1" * 25


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


@pytest.fixture
def api(db):
    out = StringIO()
    call_command("token", "minzheng", stdout=out)
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")

    def call(method, url, data=None):
        if method == "get":
            return client.get(f"/api/v1{url}", data or {})
        return client.post(f"/api/v1{url}", json.dumps(data or {}), content_type="application/json")

    return call


def refused(response, *statuses) -> str:
    assert response.status_code in statuses, response.content[:300]
    detail = response.json()["detail"]
    assert isinstance(detail, str) and CHINESE.search(detail)
    return detail


def _file(api, **body):
    p = project("济宁市", 2024, "1")  # lead 市民政局
    return api("post", f"/projects/{p.pk}/reports", {"period": "2024-07", **body})


def _nothing_written():
    assert not Report.objects.exists()
    assert not AuditEvent.objects.filter(model="reporting.report").exists()


@pytest.mark.parametrize("period", ["9999-12", "0000-01", "9999-W52", "0001-W01", "2024-W99", "2024-13"])
def test_periods_out_of_range_are_refused(api, period):
    detail = refused(_file(api, period=period), 422)
    assert period in detail
    _nothing_written()


@pytest.mark.parametrize("value", [1e308, "1e20", "1E+999999", 1e11, "100000000000.00001"])
def test_values_no_column_holds_are_refused_even_when_confirmed(api, value):
    indicator = project("济宁市", 2024, "1").indicators.get()
    answer = _file(api, confirm=True, lag_reason="测试", values=[{"indicator": indicator.pk, "value": value}])
    assert "过大" in refused(answer, 422)
    _nothing_written()


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", -5, "abc", -1e300])
def test_values_that_are_no_count_are_refused(api, value):
    indicator = project("济宁市", 2024, "1").indicators.get()
    answer = _file(api, confirm=True, values=[{"indicator": indicator.pk, "value": value}])
    refused(answer, 422)
    _nothing_written()


@pytest.mark.parametrize("field", ["funds_arranged", "funds_paid"])
@pytest.mark.parametrize("value", [1e308, "1e20", -5, "NaN", "Infinity"])
def test_funds_out_of_range_are_refused(api, field, value):
    refused(_file(api, **{field: value}), 422)
    _nothing_written()


def test_a_report_with_large_but_holdable_figures_is_read_back(api):
    indicator = project("济宁市", 2024, "1").indicators.get()
    filed = _file(
        api,
        confirm=True,
        funds_arranged="999999999999.99",
        funds_paid="123456789012.34",
        values=[{"indicator": indicator.pk, "value": "99999999999.9999"}],
    )
    assert filed.status_code == 201
    listed = api("get", f"/projects/{filed.json()['project_id']}/reports")
    assert listed.status_code == 200 and listed.json()[0]["values"][0]["value"] == "99999999999.9999"
    assert refused(_file(api, funds_paid="999999999999.999"), 422)  # rounds up to 13 digits


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/plans/{id}"),
        ("get", "/projects/{id}"),
        ("get", "/plans/{id}/status"),
        ("get", "/plans/{id}/compliance"),
        ("get", "/plans/{id}/satisfaction"),
        ("get", "/projects/{id}/reports"),
        ("get", "/sessions/{id}"),
        ("get", "/sessions/{id}/result"),
        ("post", "/reports/{id}/submit"),
        ("post", "/reports/{id}/approve"),
        ("post", "/sessions/{id}/ballot"),
    ],
)
@pytest.mark.parametrize("number", [BIG, "-" + BIG, "0", "9223372036854775808"])
def test_ids_of_any_size_are_not_found_or_refused(api, method, url, number):
    refused(api(method, url.replace("{id}", number)), 404, 422)


def test_ids_inside_the_body_are_bounded(api):
    indicator = f'{{"indicator": {BIG}, "value": 1}}'
    p = project("济宁市", 2024, "1")
    raw = f'{{"period": "2024-07", "version": {BIG}, "values": [{indicator}]}}'
    answer = Client(raise_request_exception=False).post(
        f"/api/v1/projects/{p.pk}/reports", raw, content_type="application/json"
    )
    refused(answer, 401, 403, 404, 422)
    refused(api("post", f"/projects/{p.pk}/reports", json.loads(raw)), 422)
    _nothing_written()


@pytest.mark.parametrize(
    "day", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01", "2024-02-30", "七月"]
)
@pytest.mark.parametrize("what", ["status", "compliance"])
def test_days_out_of_range_are_refused(api, day, what):
    detail = refused(api("get", f"/plans/{plan('济宁市', 2024).pk}/{what}", {"as_of": day}), 422)
    assert day in detail


def test_a_page_of_proposals_far_away_is_refused(db):
    out = StringIO()
    call_command("token", "office", stdout=out)
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    refused(client.get("/api/v1/proposals", {"offset": BIG}), 422)
    assert client.get("/api/v1/proposals", {"region": BIG, "year": BIG}).json() == []


@pytest.mark.parametrize("raw", [b"\x90I", b"\x00", b'{"period": "2024-07"', b"{'period': 1}"])
def test_a_body_that_is_no_json_is_refused_in_chinese(api, raw):
    p = project("济宁市", 2024, "1")
    answer = Client().post(f"/api/v1/projects/{p.pk}/reports", raw, content_type="application/json")
    assert "JSON" in refused(answer, 400)  # it was ninja's English "Cannot parse request body"


def test_a_body_too_large_is_refused_in_chinese(db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"title": "题", "content": "长" * 2000})
    answer = Client(raise_request_exception=False).post(
        "/api/v1/proposals", body, content_type="application/json"
    )
    assert "过大" in refused(answer, 413)


@pytest.mark.parametrize("url", ["/api/v1/nothing", "/api/v1/plans/1/", "/api/v1/proposals/a%2Fb"])
def test_an_address_under_the_api_that_names_no_operation_answers_json(db, url):
    answer = Client().get(url)  # it was the site's HTML page
    assert answer["Content-Type"].startswith("application/json")
    assert "接口地址不存在" in refused(answer, 404)
    assert Client().get("/api/v1/docs").status_code == Client().get("/api/v1/openapi.json").status_code == 200


@pytest.mark.parametrize("funds", ["1e308", "1e20", "999999999999.999"])
def test_the_report_form_refuses_funds_no_column_holds_too(client_for, funds):
    """The bound is where funds are saved (the reporting workflow), so the page refuses them as well."""
    from tests.forms import form_data

    p = project("济宁市", 2024, "1")
    reporter, url = client_for("minzheng"), f"/projects/{p.pk}/report/"
    data = form_data(reporter.get(url).content.decode())
    data.update(
        {f"v-{p.indicators.get().pk}": "1100", "narrative": "已完成入户评估。", "funds_arranged": funds}
    )
    answer = reporter.post(url, {**data, "save": "1"})
    assert answer.status_code in (200, 400, 422) and "过大" in answer.content.decode()
    _nothing_written()


def test_a_method_an_address_does_not_take_answers_json(db):
    answer = Client().delete("/api/v1/plans")  # it was ninja's plain English "Method not allowed"
    assert "DELETE" in refused(answer, 405) and answer["Allow"] == "GET"
    assert Client().get("/api/v1/reports/1/submit")["Allow"] == "POST"
