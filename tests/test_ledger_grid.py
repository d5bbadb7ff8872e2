"""The unit's weekly ledger (/ledger/): one grid of every project the unit leads, each row its own form
that htmx posts and the server answers with the row alone; without htmx the POST goes back to the grid."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import AuditEvent, Unit
from minsheng.plans.models import Indicator, Project, ProjectUnit
from minsheng.reporting.models import Report, ReportValue
from minsheng.reporting.reports import workflow
from tests.conftest import plan, project
from tests.forms import form_data

HX = {"HTTP_HX_REQUEST": "true"}
WEEK = "2024-W29"  # the week of the demo day, 2024-07-15 (Monday)


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def _row_html(html: str, p) -> str:
    match = re.search(rf'<form[^>]*id="row-{p.pk}".*?</form>', html, re.S)
    assert match, f"row of project {p.seq} not in the page"
    return match.group(0)


def _row_form(client, p, period=WEEK) -> dict:
    return form_data(_row_html(client.get(f"/ledger/?period={period}").content.decode(), p))


def _post(client, p, data, period=WEEK, htmx=True, **fields):
    return client.post(f"/ledger/{p.pk}/{period}/", {**data, **fields}, **(HX if htmx else {}))


def _fill(p, value, **fields):
    indicator = p.indicators.get()
    return {f"v-{indicator.pk}": str(value), "narrative": "完成入户评估。", "save": "1", **fields}


def test_the_grid_holds_every_project_the_unit_leads(client_for):
    html = client_for("minzheng").get("/ledger/").content.decode()
    assert "2024年第29周（07-15至07-21）" in html
    for seq in ["1", "3", "4", "22", "23"]:  # 市民政局 leads these in the 2024 city plan
        _row_html(html, project("济宁市", 2024, seq))
    assert f'id="row-{project("济宁市", 2024, "7").pk}"' not in html  # 市教育局's
    assert f'id="row-{project("济宁市", 2023, "11").pk}"' not in html  # another year
    assert "?period=2024-W28" in html and "?period=2024-W30" in html
    row = _row_html(html, project("济宁市", 2024, "1"))
    assert 'hx-post="/ledger/' in row and 'hx-target="this"' in row and 'hx-swap="outerHTML"' in row
    assert "hx-indicator=" in row and "未填" in row and 'name="lag_reason"' in row and 'name="confirm"' in row


def test_a_row_saves_through_htmx_and_comes_back_alone(client_for):
    p = project("济宁市", 2024, "1")
    client = client_for("minzheng")
    response = _post(client, p, _row_form(client, p), **_fill(p, 1100, problems="资金未到位\n用地紧张"))
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith("<form") and "<html" not in html
    assert re.search(r"已保存 \d\d:\d\d", html) and "草稿" in html
    report = Report.objects.get(project=p, kind="week", period=WEEK)
    assert report.values.get().value == 1100 and report.problems == ["资金未到位", "用地紧张"]
    assert report.created_by.username == "minzheng"
    assert AuditEvent.objects.filter(
        model="reporting.report", object_id=str(report.pk), action="create"
    ).exists()
    assert 'name="version" value="1"' in html

    again = _post(client, p, form_data(html), **_fill(p, 1150))  # the returned row posts the next version
    assert "已保存" in again.content.decode()
    report.refresh_from_db()
    assert report.version == 2 and report.values.get().value == 1150


def test_validation_messages_show_in_the_row_and_keep_what_was_typed(client_for):
    p = project("济宁市", 2024, "1")
    client = client_for("minzheng")
    html = _post(client, p, _row_form(client, p), **_fill(p, -5, narrative="写了一半")).content.decode()
    assert "不能为负数" in html and 'value="-5"' in html and "写了一半" in html
    assert not Report.objects.filter(project=p).exists()


def test_a_high_value_needs_the_confirmation_and_behind_pace_a_reason(client_for):
    p = project("济宁市", 2024, "1")
    client = client_for("minzheng")
    html = _post(client, p, _row_form(client, p), **_fill(p, 3500)).content.decode()
    assert "请确认" in html and not Report.objects.filter(project=p).exists()
    html = _post(client, p, _row_form(client, p), **_fill(p, 3500, confirm="on")).content.decode()
    assert "已保存" in html and Report.objects.get(project=p).values.get().value == 3500

    p3 = project("济宁市", 2024, "3")
    html = _post(client, p3, _row_form(client, p3), **_fill(p3, 1)).content.decode()
    assert "未达序时原因" in html and "请修改后再保存" in html
    html = _post(client, p3, _row_form(client, p3), **_fill(p3, 1, lag_reason="选址调整")).content.decode()
    assert "已保存" in html and Report.objects.get(project=p3).lag_reason == "选址调整"


def test_a_stale_version_is_refused_and_the_typing_is_kept(client_for):
    p = project("济宁市", 2024, "1")
    first, second = client_for("minzheng"), client_for("minzheng_head")
    stale = _row_form(second, p)  # both open the grid on an empty row
    _post(first, p, _row_form(first, p), **_fill(p, 1100))
    html = _post(second, p, stale, **_fill(p, 1200, narrative="我的版本")).content.decode()
    assert "已被他人修改" in html and 'value="1200"' in html and "我的版本" in html
    assert Report.objects.get(project=p).values.get().value == 1100
    assert 'hx-get="/ledger/' in html  # reload the latest version
    reloaded = second.get(f"/ledger/{p.pk}/{WEEK}/", **HX).content.decode()
    assert 'value="1100"' in reloaded and 'name="version" value="1"' in reloaded


def test_submit_makes_the_row_read_only(client_for):
    p = project("济宁市", 2024, "1")
    client = client_for("minzheng")
    data = {**_fill(p, 1100), "submit": "1"}
    data.pop("save")
    html = _post(client, p, _row_form(client, p), **data).content.decode()
    report = Report.objects.get(project=p)
    assert report.state == "submitted" and "已提交" in html
    assert f'name="v-{p.indicators.get().pk}"' not in html and "hx-post" not in html
    page = client.get(f"/ledger/?period={WEEK}").content.decode()
    assert "1100户" in _row_html(page, p)


def test_without_htmx_the_post_goes_back_to_the_grid(client_for):
    p = project("济宁市", 2024, "1")
    client = client_for("minzheng")
    response = _post(client, p, _row_form(client, p), htmx=False, **_fill(p, 1100))
    assert response.status_code == 302 and response["Location"] == f"/ledger/?period={WEEK}#row-{p.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "已保存" in page and 'value="1100"' in _row_html(page, p)

    response = _post(client, p, _row_form(client, p), htmx=False, **_fill(p, "很多"))
    html = response.content.decode()
    assert response.status_code == 422 and "<html" in html and "不是数字" in _row_html(html, p)
    assert 'value="很多"' in _row_html(html, p)


def test_a_returned_report_shows_its_comment_and_stays_editable(client_for, users):
    p = project("济宁市", 2024, "1")
    report = workflow.save_report(
        p, WEEK, {"values": [{"indicator": p.indicators.get().pk, "value": "1100"}]}, users["minzheng"]
    )
    workflow.submit(report, users["minzheng"])
    workflow.return_report(report, users["minzheng_head"], "请补充分县数据")
    row = _row_html(client_for("minzheng").get("/ledger/").content.decode(), p)
    assert "已退回" in row and "退回意见：请补充分县数据" in row and "hx-post" in row


def test_the_previous_approved_value_is_a_hint_and_funds_are_kept(client_for, users):
    p = project("济宁市", 2024, "1")
    indicator = p.indicators.get()
    approved = Report.objects.create(
        project=p,
        kind="week",
        period="2024-W28",
        period_start="2024-07-08",
        period_end="2024-07-14",
        state="approved",
    )
    ReportValue.objects.create(report=approved, indicator=indicator, value=Decimal("1000"))
    draft = workflow.save_report(
        p,
        WEEK,
        {"values": [{"indicator": indicator.pk, "value": "1050"}], "funds_arranged": "12.5"},
        users["minzheng"],
    )
    client = client_for("minzheng")
    assert "上次审核：1000户" in _row_html(client.get("/ledger/").content.decode(), p)
    _post(client, p, _row_form(client, p), **_fill(p, 1080))
    draft.refresh_from_db()
    assert draft.funds_arranged == Decimal("12.5") and draft.values.get().value == 1080


def test_a_locked_week_is_read_only(client_for):
    p = project("济宁市", 2024, "1")
    client = client_for("minzheng")
    html = client.get("/ledger/?period=2024-W20").content.decode()
    assert "已于 2024-05-27 18:00 锁定" in html
    assert "hx-post" not in _row_html(html, p) and 'name="v-' not in _row_html(html, p)
    response = _post(client, p, {"version": "0"}, period="2024-W20", **_fill(p, 100))
    assert "锁定" in response.content.decode() and not Report.objects.filter(project=p).exists()


def test_bad_weeks_and_strangers(client_for):
    p = project("济宁市", 2024, "1")
    html = client_for("minzheng").get("/ledger/?period=2024-07").content.decode()
    assert "请选择一周" in html and "2024年第29周" in html
    assert client_for("minzheng").post(f"/ledger/{p.pk}/2024-99/", _fill(p, 1)).status_code == 404
    assert client_for("jiaoyu").post(f"/ledger/{p.pk}/{WEEK}/", _fill(p, 1)).status_code == 404
    assert client_for("office").post(f"/ledger/{p.pk}/{WEEK}/", _fill(p, 1)).status_code == 404
    assert client_for(None).get("/ledger/").status_code == 302
    office = client_for("office").get("/ledger/").content.decode()
    assert "由牵头单位的填报人逐周填写" in office and f"/plans/{plan('济宁市', 2024).pk}/ledger/" in office
    assert not Report.objects.exists()


def _add_projects(count: int) -> None:
    """More projects led by 市民政局, each with two indicators, a draft and an approved earlier week."""
    city_plan = plan("济宁市", 2024)
    unit = Unit.objects.get(name="市民政局", region__name="济宁市")
    for n in range(count):
        p = Project.objects.create(plan=city_plan, seq=f"9{n:02d}", order=900 + n, name=f"新增项目{n}")
        ProjectUnit.objects.create(project=p, unit=unit, role="lead")
        indicators = [
            Indicator.objects.create(project=p, text=f"目标{k}", target_value=100, unit="个") for k in (1, 2)
        ]
        earlier = Report.objects.create(
            project=p,
            kind="week",
            period="2024-W28",
            period_start="2024-07-08",
            period_end="2024-07-14",
            state="approved",
        )
        draft = Report.objects.create(
            project=p, kind="week", period=WEEK, period_start="2024-07-15", period_end="2024-07-21"
        )
        for i in indicators:
            ReportValue.objects.create(report=earlier, indicator=i, value=40)
            ReportValue.objects.create(report=draft, indicator=i, value=50)


def test_the_grid_costs_the_same_number_of_queries_for_more_projects(
    client_for, django_assert_max_num_queries
):
    client = client_for("minzheng")
    client.get("/ledger/")  # warm the session
    _add_projects(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/ledger/").status_code == 200
    _add_projects_more = 12
    Project.objects.filter(seq__startswith="9", plan=plan("济宁市", 2024)).delete()
    _add_projects(_add_projects_more)
    with django_assert_max_num_queries(len(few)):
        html = client.get("/ledger/").content.decode()
    assert html.count('class="ledger-row') == 5 + _add_projects_more
