"""The plan's ledger (/plans/<id>/ledger/): every project with its latest approved value (else the
latest submitted one, flagged 待审核), completion rate, problems and next steps, filters, scoping."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import Unit
from minsheng.plans.models import Indicator, Project, ProjectUnit
from minsheng.reporting.models import Report, ReportValue
from minsheng.reporting.reports import workflow
from tests.conftest import plan, project

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def _report(users, p, period, values, state="approved", **fields):
    """A report through the workflow, taken as far as `state`."""
    indicators = list(p.indicators.all())
    data = {
        "values": [{"indicator": i.pk, "value": str(v)} for i, v in zip(indicators, values, strict=False)],
        "confirm": True,
        "lag_reason": "测试",
        **fields,
    }
    report = workflow.save_report(p, period, data, users["minzheng"])
    if state in ("submitted", "approved"):
        report = workflow.submit(report, users["minzheng"])
    if state == "approved":
        report = workflow.approve(report, users["minzheng_head"])
        report = workflow.approve(report, users["office"])
    return report


def _row(html: str, p) -> str:
    match = re.search(rf'<tr id="project-{p.pk}">.*?</tr>', html, re.S)
    assert match, f"project {p.seq} not in the ledger"
    return match.group(0)


def test_latest_approved_value_rate_problems_and_pending(client_for, users):
    p1, p4 = project("济宁市", 2024, "1"), project("济宁市", 2024, "4")
    _report(users, p1, "2024-W28", [1000], problems=["部分县资金未到位"], next_steps="加快施工")
    _report(users, p1, "2024-W29", [1100], state="submitted")  # newer, not approved: the approved one shows
    _report(users, p4, "2024-07", [110, 1700], state="submitted", problems=["用地紧张"])
    _report(users, project("济宁市", 2024, "3"), "2024-W29", [50], state="draft")  # drafts never show
    url = f"/plans/{plan('济宁市', 2024).pk}/ledger/"
    html = client_for("office").get(url).content.decode()
    assert html.count('<tr id="project-') == 30
    row1 = _row(html, p1)
    assert ">1000<" in row1 and "50.0%" in row1 and "部分县资金未到位" in row1 and "加快施工" in row1
    assert "待审核" not in row1 and "2024-W28" in row1 and "2024-07-15" in row1
    assert '<strong class="lead-unit">市民政局</strong>' in row1 and "各县市区政府（管委会）" in row1
    row4 = _row(html, p4)
    assert ">110<" in row4 and "55.0%" in row4 and "56.7%" in row4 and "待审核" in row4 and "用地紧张" in row4
    assert "尚未报送" in _row(html, project("济宁市", 2024, "3"))
    assert "其中 1 个取自待审核的报送" in html

    deputy = client_for("deputy").get(url).content.decode()  # outside the project: approved reports only
    assert ">1000<" in _row(deputy, p1) and "尚未报送" in _row(deputy, p4)


def test_filters_and_the_htmx_fragment(client_for, users):
    p1, p4 = project("济宁市", 2024, "1"), project("济宁市", 2024, "4")
    _report(users, p1, "2024-W28", [1000])
    _report(users, p1, "2024-07", [900])
    _report(users, p4, "2024-07", [100, 1500])
    city = plan("济宁市", 2024)
    client = client_for("office")
    url = f"/plans/{city.pk}/ledger/"
    months = client.get(url, {"kind": "month"}, **HX).content.decode()
    assert "<html" not in months and ">900<" in _row(months, p1) and ">100<" in _row(months, p4)
    weeks = client.get(url, {"kind": "week"}).content.decode()
    assert "<html" in weeks and ">1000<" in _row(weeks, p1) and "尚未报送" in _row(weeks, p4)
    assert f'href="/plans/{city.pk}/ledger.xlsx?kind=week"' in weeks

    category = p1.category
    by_category = client.get(url, {"category": category.pk}, **HX).content.decode()
    assert by_category.count('<tr id="project-') == category.projects.count()
    unit = Unit.objects.get(name="市教育局", region__name="济宁市")
    by_unit = client.get(url, {"unit": unit.pk}, **HX).content.decode()
    assert (
        by_unit.count('<tr id="project-') == 3
        and f'id="project-{project("济宁市", 2024, "7").pk}"' in by_unit
    )
    found = client.get(url, {"q": "老年人食堂"}, **HX).content.decode()
    assert found.count('<tr id="project-') == 1 and f'id="project-{project("济宁市", 2024, "3").pk}"' in found
    assert "没有符合条件的项目" in client.get(url, {"q": "不存在的项目"}, **HX).content.decode()


def test_scoping(client_for):
    draft_plan = plan("济宁市", 2025)
    assert client_for("office").get(f"/plans/{draft_plan.pk}/ledger/").status_code == 200
    assert client_for("minzheng").get(f"/plans/{draft_plan.pk}/ledger/").status_code == 404  # a draft
    assert client_for("weishan").get(f"/plans/{draft_plan.pk}/ledger/").status_code == 404  # another region
    assert client_for("minzheng").get(f"/plans/{draft_plan.pk}/ledger.xlsx").status_code == 404
    assert client_for("office").get("/plans/999999/ledger/").status_code == 404
    assert client_for(None).get(f"/plans/{plan('济宁市', 2024).pk}/ledger/").status_code == 302


def test_rows_whose_reports_a_user_may_not_read_are_left_out_not_shown_as_unreported(client_for, users):
    p = project("济宁市", 2024, "1")  # 市民政局 leads it
    _report(users, p, "2024-W28", [1080])
    url = f"/plans/{plan('济宁市', 2024).pk}/ledger/"
    assert f'id="project-{p.pk}"' in client_for("office").get(url).content.decode()
    for outsider in ("jiaoyu", "weishan"):
        html = client_for(outsider).get(url).content.decode()
        assert f'id="project-{p.pk}"' not in html, outsider
        assert "您无权查看" in html
    own = client_for("jiaoyu").get(url).content.decode()
    assert all(
        f'id="project-{q.pk}"' in own
        for q in Project.objects.filter(unit_roles__unit__name="市教育局", plan=plan("济宁市", 2024))
    )


def _grow(count: int, start: int = 0) -> None:
    city = plan("济宁市", 2024)
    unit = Unit.objects.get(name="市民政局", region__name="济宁市")
    for n in range(start, start + count):
        p = Project.objects.create(
            plan=city, category=city.categories.first(), seq=f"8{n:02d}", order=800 + n, name=f"增补项目{n}"
        )
        ProjectUnit.objects.create(project=p, unit=unit, role="lead")
        indicators = [
            Indicator.objects.create(project=p, text=f"目标{k}", target_value=100, unit="个") for k in (1, 2)
        ]
        for state, period, end in [
            ("approved", "2024-W27", "2024-07-07"),
            ("submitted", "2024-W28", "2024-07-14"),
        ]:
            report = Report.objects.create(
                project=p,
                kind="week",
                period=period,
                period_start=end,
                period_end=end,
                state=state,
                problems=["问题"],
            )
            for i in indicators:
                ReportValue.objects.create(report=report, indicator=i, value=40)


def test_query_count_does_not_grow_with_rows(client_for, django_assert_max_num_queries):
    client = client_for("office")
    url = f"/plans/{plan('济宁市', 2024).pk}/ledger/"
    client.get(url)
    _grow(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _grow(15, start=2)
    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert html.count('<tr id="project-') == 30 + 17
    with django_assert_max_num_queries(len(few)):
        assert client.get(url.replace("ledger/", "ledger.xlsx")).status_code == 200
