"""Report pages as rendered: the reporter fills and submits, the unit approver and the office decide,
a return goes back to the reporter, and each page is open only to those it concerns."""

import pytest
from django.test import override_settings

from minsheng.reporting.models import Report
from tests.conftest import project
from tests.forms import form_data


@pytest.fixture(autouse=True)
def demo_clock():
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        yield


def _fill(client, p, value, submit=True, **extra):
    url = f"/projects/{p.pk}/report/"
    data = form_data(client.get(url).content.decode())
    indicator = p.indicators.get()
    data.update({f"v-{indicator.pk}": str(value), "narrative": "已完成入户评估。", **extra})
    data["submit" if submit else "save"] = "1"
    return client.post(url, data)


def test_fill_submit_return_and_approve(client_for):
    p = project("济宁市", 2024, "1")
    reporter, head, office = client_for("minzheng"), client_for("minzheng_head"), client_for("office")
    assert "填报本月进度" in reporter.get(f"/projects/{p.pk}/").content.decode()
    response = _fill(reporter, p, 1100)
    report = Report.objects.get()
    assert response["Location"] == f"/reports/{report.pk}/" and report.state == "submitted"
    assert report.period == "2024-07"

    assert f"/reports/{report.pk}/" in head.get("/reports/").content.decode()  # waiting for the unit
    head.post(f"/reports/{report.pk}/decide/", {"decision": "approve"})
    page = office.get("/reports/").content.decode()
    assert "2024-07" in page
    office.post(f"/reports/{report.pk}/decide/", {"decision": "return", "comment": "请补充分县进度"})
    report.refresh_from_db()
    assert report.state == "returned"
    assert "退回意见：请补充分县进度" in reporter.get(f"/projects/{p.pk}/report/2024-07/").content.decode()

    _fill(client_for("minzheng"), p, 1150)
    head.post(f"/reports/{report.pk}/decide/", {"decision": "approve"})
    office.post(f"/reports/{report.pk}/decide/", {"decision": "approve"})
    report.refresh_from_db()
    assert report.state == "approved" and report.values.get().value == 1150
    assert client_for(None).get(f"/reports/{report.pk}/").status_code == 302  # pages need a login


def test_errors_are_shown_and_nothing_is_saved(client_for):
    p = project("济宁市", 2024, "1")
    response = _fill(client_for("minzheng"), p, -5)
    html = response.content.decode()
    assert response.status_code == 422 and "不能为负数" in html and 'value="-5"' in html
    assert not Report.objects.exists()


def test_a_return_needs_a_comment(client_for):
    p = project("济宁市", 2024, "1")
    _fill(client_for("minzheng"), p, 1100)
    report = Report.objects.get()
    client_for("minzheng_head").post(f"/reports/{report.pk}/decide/", {"decision": "return", "comment": ""})
    report.refresh_from_db()
    assert report.state == "submitted"


@pytest.mark.parametrize("username", ["jiaoyu", "office", "deputy"])
def test_only_the_lead_unit_sees_the_form(client_for, username):
    p = project("济宁市", 2024, "1")
    assert client_for(username).get(f"/projects/{p.pk}/report/").status_code == 404


def test_a_draft_is_hidden_from_others(client_for):
    p = project("济宁市", 2024, "1")
    _fill(client_for("minzheng"), p, 1100, submit=False)
    report = Report.objects.get()
    assert client_for("jiaoyu").get(f"/reports/{report.pk}/").status_code == 404
    assert client_for("minzheng_head").get(f"/reports/{report.pk}/").status_code == 200


def test_inbox_cost_does_not_grow_with_reports(client_for, users, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minsheng.reporting.reports import workflow

    def file(seq, period):
        item = project("济宁市", 2024, seq)
        user = users["jiaoyu"] if workflow.can_report(users["jiaoyu"], item) else users["weijian"]
        workflow.submit(workflow.save_report(item, period, {"values": []}, user), user)

    office = client_for("office")
    file("7", "2024-07")
    with CaptureQueriesContext(connection) as few:
        assert office.get("/reports/").status_code == 200
    for seq in ("8", "9", "17", "18"):
        for period in ("2024-07", "2024-W28"):
            file(seq, period)
    with django_assert_max_num_queries(len(few)):
        page = office.get("/reports/").content.decode()
    assert page.count(">2024-W28</a>") == 4  # nine reports wait for the office


def test_on_a_phone_every_value_cell_says_what_it_is(client_for):
    """The header row is hidden on a phone, so each cell carries its label (shown by site.css)."""
    p = project("济宁市", 2024, "1")
    html = client_for("minzheng").get(f"/projects/{p.pk}/report/").content.decode()
    for label in ("目标", "上次审核", "本期累计完成", "说明"):
        assert f'data-label="{label}"' in html, label


def _crumbs(html: str) -> list[str]:
    import re

    nav = html.split('<nav aria-label="breadcrumb">', 1)[1].split("</nav>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", nav)]


def test_the_form_is_reached_from_my_projects(client_for):
    p = project("济宁市", 2024, "3")
    html = client_for("minzheng").get(f"/projects/{p.pk}/report/").content.decode()
    assert _crumbs(html) == ["我的项目", f"项目 3 {p.name}", "2024年7月填报"]
    assert '<li><a href="/my/">我的项目</a></li>' in html and f'<a href="/projects/{p.pk}/">' in html


def test_after_the_year_the_form_opens_on_its_december(client_for):
    p = project("济宁市", 2024, "1")
    reporter = client_for("minzheng")
    with override_settings(MINSHENG_TODAY="2025-01-03"):  # December's report is due until its lock
        page = reporter.get(f"/projects/{p.pk}/report/").content.decode()
        assert "2024年12月填报" in page and "2025年1月填报" not in page
        assert _fill(reporter, p, 2000, submit=False).status_code == 302
    assert Report.objects.get().period == "2024-12"
    with override_settings(MINSHENG_TODAY="2026-12-08"):  # long after: the reason is the lock, in words
        response = _fill(reporter, p, 2000, submit=False)
    assert "2024年12月已于 2025-01-04 18:00 锁定" in response.content.decode()
    assert "不在计划年度" not in response.content.decode()


def test_a_submitted_or_approved_report_is_not_offered_for_editing(client_for):
    p = project("济宁市", 2024, "1")
    reporter = client_for("minzheng")
    _fill(reporter, p, 1100, submit=False)
    report = Report.objects.get()
    draft = reporter.get(f"/projects/{p.pk}/report/")  # a draft stays editable
    assert draft.status_code == 200 and 'name="submit"' in draft.content.decode()

    _fill(reporter, p, 1100)
    report.refresh_from_db()
    assert report.state == "submitted"
    for url in (f"/projects/{p.pk}/report/", f"/projects/{p.pk}/report/2024-07/"):
        response = reporter.get(url)
        assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    page = reporter.get(f"/projects/{p.pk}/report/", follow=True).content.decode()
    assert "该报告已提交，待审核；如需修改，请联系审核人退回。" in page and "修改并提交" not in page
    assert reporter.get(f"/projects/{p.pk}/report/2024-06/").status_code == 200  # another month: its form

    client_for("minzheng_head").post(f"/reports/{report.pk}/decide/", {"decision": "approve"})
    assert reporter.get(f"/projects/{p.pk}/report/2024-07/").status_code == 302  # now with the office
    client_for("office").post(f"/reports/{report.pk}/decide/", {"decision": "return", "comment": "请补充"})
    returned = reporter.get(f"/projects/{p.pk}/report/2024-07/")  # a returned report is edited again
    assert returned.status_code == 200 and "退回意见：请补充" in returned.content.decode()

    _fill(reporter, p, 1150)
    client_for("minzheng_head").post(f"/reports/{report.pk}/decide/", {"decision": "approve"})
    client_for("office").post(f"/reports/{report.pk}/decide/", {"decision": "approve"})
    report.refresh_from_db()
    assert report.state == "approved"
    response = reporter.get(f"/projects/{p.pk}/report/2024-07/", follow=True)
    assert response.redirect_chain == [(f"/reports/{report.pk}/", 302)]
    assert "该报告已审核通过，不能再修改。" in response.content.decode()


def test_a_stale_post_to_a_submitted_report_is_still_refused(client_for):
    p = project("济宁市", 2024, "1")
    reporter = client_for("minzheng")
    url = f"/projects/{p.pk}/report/"
    stale = form_data(reporter.get(url).content.decode())  # the form open in another tab
    _fill(reporter, p, 1100)
    indicator = p.indicators.get()
    response = reporter.post(url, stale | {f"v-{indicator.pk}": "900", "save": "1"})
    assert response.status_code == 422 and "该报告已提交，不能修改。" in response.content.decode()
    assert Report.objects.get().values.get().value == 1100
