"""Acceptance pages: the lead unit applies with the rendered form, the office decides on the plan's page
(once, however often it clicks), and from December sees which unaccepted projects lack a year-end
review, which the lead unit writes on the project's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.plans.models import Project
from minsheng.reporting.calendar.rules import parse_period
from minsheng.reporting.models import Report
from minsheng.supervision.models import Acceptance, YearEndReview
from tests.conftest import plan, project
from tests.forms import form_data


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def approved(p, period="2024-06"):
    key = parse_period(period)
    return Report.objects.create(
        project=p, kind=key.kind, period=period, period_start=key.start, period_end=key.end, state="approved"
    )


def url(p):
    return f"/projects/{p.pk}/acceptance/"


def plan_url(region="济宁市"):
    return f"/plans/{plan(region, 2024).pk}/acceptance/"


def test_the_lead_unit_applies_with_the_rendered_form(client_for):
    p = project("济宁市", 2024, "1")
    evidence = approved(p)
    client = client_for("minzheng")
    page = client.get(url(p))
    assert page.status_code == 200
    html = page.content.decode()
    assert "提交验收申请" in html and "2024-06 月报（已审核）" in html
    data = form_data(html)
    data.update(evidence="2000户改造全部完成", report=str(evidence.pk))
    response = client.post(url(p), data)
    assert response.status_code == 302
    acceptance = Acceptance.objects.get(project=p)
    assert acceptance.report == evidence and acceptance.evidence == "2000户改造全部完成"
    page = client.get(url(p)).content.decode()
    assert "已提交验收申请，等待督查室验收。" in page and "提交验收申请</button>" not in page
    assert client.post(url(p), data).status_code == 302  # a double click
    assert Acceptance.objects.filter(project=p).count() == 1
    assert "验收申请已提交过" in client.get(url(p)).content.decode()


def test_an_empty_application_is_refused_with_a_message(client_for):
    p = project("济宁市", 2024, "1")
    response = client_for("minzheng").post(url(p), {"evidence": " ", "report": ""})
    assert response.status_code == 422 and "请填写完成情况及佐证材料说明。" in response.content.decode()
    assert not Acceptance.objects.exists()


def test_the_office_decides_on_the_plan_page(client_for):
    p, other = project("济宁市", 2024, "1"), project("济宁市", 2024, "7")
    client_for("minzheng").post(url(p), {"evidence": "全部完成"})
    client_for("jiaoyu").post(url(other), {"evidence": "招生计划已下达"})
    office = client_for("office")
    page = office.get(plan_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "待验收申请（2）" in html and html.count("验收通过</button>") == 2
    first = Acceptance.objects.get(project=p)
    section = html[html.index(f'id="acceptance-{first.pk}"') :]
    data = form_data(section[: section.index("</article>")])
    assert data["back"] == "plan"
    response = office.post(f"/acceptances/{first.pk}/decide/", {**data, "decision": "accept"})
    assert response.status_code == 302 and response["Location"] == plan_url()
    office.post(f"/acceptances/{first.pk}/decide/", {**data, "decision": "accept"})  # a double click
    p.refresh_from_db()
    assert p.state == "accepted"
    html = office.get(plan_url()).content.decode()
    assert "待验收申请（1）" in html and "已经处理过" in html
    second = Acceptance.objects.get(project=other)
    refused = office.post(f"/acceptances/{second.pk}/decide/", {"decision": "refuse", "decision_text": ""})
    assert refused.status_code == 302
    assert "不予验收时请填写理由。" in office.get(plan_url()).content.decode()
    office.post(
        f"/acceptances/{second.pk}/decide/",
        {"decision": "refuse", "decision_text": "佐证不足", "back": "project"},
    )
    other.refresh_from_db()
    assert other.state == "in_progress"
    assert "佐证不足" in client_for("jiaoyu").get(url(other)).content.decode()


@pytest.mark.parametrize(
    "role,project_page,plan_page",
    [
        ("office", 200, 200),
        ("admin", 200, 200),
        ("minzheng", 200, 404),  # its own project; the plan page is the office's
        ("jiaoyu", 404, 404),
        ("weishan", 404, 404),
        ("deputy", 404, 404),
        ("outsider", 404, 404),
        (None, 302, 302),
    ],
)
def test_who_sees_the_acceptance_pages(client_for, role, project_page, plan_page):
    client = client_for(role)
    assert client.get(url(project("济宁市", 2024, "1"))).status_code == project_page
    assert client.get(plan_url()).status_code == plan_page


def test_a_leader_reads_but_does_not_decide(client_for, users):
    p = project("微山县", 2024, "4.2")
    client_for("weishan_minzheng").post(url(p), {"evidence": "10处食堂已运营"})
    html = client_for("leader").get(plan_url("微山县")).content.decode()
    assert "10处食堂已运营" in html and "验收通过</button>" not in html
    assert "验收通过</button>" in client_for("weishan").get(plan_url("微山县")).content.decode()
    acceptance = Acceptance.objects.get(project=p)
    client_for("leader").post(f"/acceptances/{acceptance.pk}/decide/", {"decision": "accept"})
    acceptance.refresh_from_db()
    assert acceptance.state == "applied"


def test_year_end_reviews_from_december(client_for, settings):
    p = project("微山县", 2024, "4.2")
    weishan = client_for("weishan")
    html = weishan.get(plan_url("微山县")).content.decode()
    assert "自 2024年12月1日 起" in html and "<mark>未填写</mark>" not in html
    settings.MINSHENG_TODAY = "2024-12-02"
    count = plan("微山县", 2024).projects.count()
    html = weishan.get(plan_url("微山县")).content.decode()
    assert f"{count} 个未验收项目尚未填写年终说明" in html
    unit = client_for("weishan_minzheng")
    page = unit.get(url(p)).content.decode()
    assert "填写说明" in page
    data = form_data(page[page.index("/year-end/") - 200 :])
    data.update(explanation="选址调整", recovery_plan="2025年一季度建成剩余2处", new_date="2024-12-31")
    refused = unit.post(f"/projects/{p.pk}/year-end/", data)
    assert refused.status_code == 422
    assert "新的完成时限应在计划年度结束（2024年12月31日）之后。" in refused.content.decode()
    assert "选址调整" in refused.content.decode()  # what was typed stays
    bad = unit.post(f"/projects/{p.pk}/year-end/", {**data, "new_date": "明年"})
    assert bad.status_code == 422 and "不是有效日期" in bad.content.decode()
    assert unit.post(f"/projects/{p.pk}/year-end/", {**data, "new_date": "2025-03-31"}).status_code == 302
    review = YearEndReview.objects.get(project=p)
    assert review.new_date.isoformat() == "2025-03-31"
    html = weishan.get(plan_url("微山县")).content.decode()
    assert f"{count - 1} 个未验收项目尚未填写年终说明" in html
    row = html[html.index(f'id="year-end-{p.pk}"') :]
    assert "选址调整" in row[: row.index("</tr>")] and "2025-03-31" in row[: row.index("</tr>")]
    assert (
        client_for("weishan").post(f"/projects/{p.pk}/year-end/", data).status_code == 422
    )  # office: not its text


def test_plan_page_query_count_does_not_grow(client_for, settings, django_assert_max_num_queries):
    settings.MINSHENG_TODAY = "2024-12-02"
    office = client_for("office")
    projects = list(Project.objects.filter(plan=plan("济宁市", 2024)).order_by("order"))

    def apply(ps):
        for p in ps:
            Acceptance.objects.create(project=p, evidence="完成", applied_at="2024-12-01T10:00+08:00")
            Project.objects.filter(pk=p.pk).update(state="applied")
            YearEndReview.objects.create(project=p, explanation="x", recovery_plan="y", new_date="2025-03-01")

    apply(projects[:2])
    office.get(plan_url())
    with CaptureQueriesContext(connection) as few:
        office.get(plan_url())
    apply(projects[2:12])
    with django_assert_max_num_queries(len(few)):
        html = office.get(plan_url()).content.decode()
    assert "待验收申请（12）" in html


def test_admin_lists_acceptances_and_reviews_and_audits_a_correction(client_for):
    from minsheng.core.models import AuditEvent

    p = project("济宁市", 2024, "1")
    acceptance = Acceptance.objects.create(project=p, evidence="完成", applied_at="2024-07-01T10:00+08:00")
    client = client_for("admin")
    for path in ("acceptance", "yearendreview"):
        assert client.get(f"/admin/supervision/{path}/").status_code == 200
    change = f"/admin/supervision/acceptance/{acceptance.pk}/change/"
    data = form_data(client.get(change).content.decode()) | {"evidence": "完成（更正）", "_save": "保存"}
    assert client.post(change, data).status_code == 302
    event = AuditEvent.objects.get(model="supervision.acceptance", object_id=str(acceptance.pk))
    assert event.via == "admin" and event.changes["完成情况及佐证"] == ["完成", "完成（更正）"]
