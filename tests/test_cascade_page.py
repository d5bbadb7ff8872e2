"""The cascade page of the city's "建设200处老年人食堂": 微山县's share of 10处 followed by its own
plan's indicator and approved reports up to `as_of`; the sums against the city target; who lags most;
404 without allocations; a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import Region
from minsheng.plans.models import Allocation, Indicator
from minsheng.reporting.calendar.rules import SHANGHAI, parse_period
from minsheng.reporting.models import Report, ReportValue
from tests.conftest import project


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def region(name):
    return Region.objects.get(name=name)


def approve(indicator, period, value, approved_on, state="approved"):
    key = parse_period(period)
    report = Report.objects.create(
        project=indicator.project,
        kind=key.kind,
        period=period,
        period_start=key.start,
        period_end=key.end,
        state=state,
        approved_at=datetime.datetime.combine(approved_on, datetime.time(10), SHANGHAI),
    )
    ReportValue.objects.create(report=report, indicator=indicator, value=value)


@pytest.fixture
def canteens(db):
    """The city's 200 canteens: 微山县 10 (its own indicator), 任城区 50 (not linked yet)."""
    city = project("济宁市", 2024, "3").indicators.get()
    weishan = project("微山县", 2024, "4.2").indicators.get()
    Allocation.objects.create(indicator=city, region=region("微山县"), value=10, child_indicator=weishan)
    Allocation.objects.create(indicator=city, region=region("任城区"), value=50)
    approve(weishan, "2024-05", 2, datetime.date(2024, 6, 3))
    approve(weishan, "2024-06", 4, datetime.date(2024, 7, 2))
    approve(weishan, "2024-07", 7, datetime.date(2024, 8, 2))  # after the day looked at
    approve(weishan, "2024-W28", 9, datetime.date(2024, 7, 12), state="submitted")  # not approved
    return city, weishan


def url(p=None, as_of=None):
    p = p or project("济宁市", 2024, "3")
    return f"/projects/{p.pk}/cascade/" + (f"?as_of={as_of}" if as_of else "")


def test_each_countys_share_actual_and_rate(client_for, canteens):
    response = client_for(None).get(url(as_of="2024-07-15"))  # the public reads published plans
    assert response.status_code == 200
    (section,) = response.context["sections"]
    c = section["cascade"]
    rencheng, weishan = c.rows  # in the region's official order
    assert (weishan.region, weishan.value, weishan.actual, weishan.rate) == ("微山县", 10, 4, 0.4)
    assert not rencheng.linked and c.unlinked == ["任城区"]
    assert c.share_sum == 60 and c.shortfall == 140 and c.done_sum == 4 and c.rate == 0.02
    assert c.laggard is weishan and c.behind  # 40% done, about 54% expected
    html = response.content.decode()
    assert "尚有 140处未分解" in html and "落后最多：<strong>微山县</strong>" in html
    assert "完成数仅含已关联的 1 / 2 个区划" in html
    assert "未关联下级指标" in html and "4处" in html and "40%" in html
    assert f'href="/projects/{project("微山县", 2024, "4.2").pk}/"' in html


def test_as_of_takes_only_what_was_approved_by_then(client_for, canteens, settings):
    client = client_for("office")
    default = client.get(url()).context
    assert default["as_of"] == datetime.date(2024, 7, 15)
    settings.MINSHENG_TODAY = "2024-09-30"  # the fixture's approvals run into August
    earlier = client.get(url(as_of="2024-06-30")).context["sections"][0]["cascade"]
    assert earlier.rows[1].actual == 2  # June approved on 2 July: not yet
    later = client.get(url(as_of="2024-08-31")).context["sections"][0]["cascade"]
    assert later.rows[1].actual == 7


def test_a_day_after_today_is_shown_as_of_today_and_says_so(client_for, canteens):
    client = client_for("office")
    future = client.get(url(as_of="2024-08-31"))
    assert future.status_code == 200 and future.context["as_of"] == datetime.date(2024, 7, 15)
    assert "所选日期晚于今天，已按今天（2024-07-15）显示" in future.content.decode()
    today = client.get(url(as_of="2024-07-15")).context["sections"][0]["cascade"]
    assert future.context["sections"][0]["cascade"].rows[1].actual == today.rows[1].actual


def test_no_reports_and_a_bad_date(client_for, canteens):
    client = client_for("office")
    first = client.get(url(as_of="2024-05-01")).context["sections"][0]["cascade"]
    assert (
        not first.rows[1].reported
        and first.rows[1].rate == 0.0
        and "未报送" in client.get(url(as_of="2024-05-01")).content.decode()
    )
    bad = client.get(url(as_of="七月"))
    assert bad.status_code == 400 and "日期“七月”格式不对" in bad.content.decode()
    fragment = client.get(url(as_of="2024-07-15"), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="cascade-results">')


def test_shares_that_match_the_target_show_no_warning(client_for, canteens):
    city, _ = canteens
    Allocation.objects.filter(region__name="任城区").update(value=190)
    html = client_for("office").get(url()).content.decode()
    assert "未分解" not in html and "超出" not in html and "200处" in html


def test_a_project_without_allocations_is_not_found(client_for, canteens):
    assert client_for("office").get(url(project("济宁市", 2024, "1"))).status_code == 404
    assert client_for("office").get("/projects/999999/cascade/").status_code == 404


def test_a_lower_plan_the_user_cannot_see_shows_no_figures(client_for, canteens):
    city, _ = canteens
    draft = Indicator.objects.get(project__plan__region__name="微山县", project__plan__year=2025)
    Allocation.objects.filter(region__name="任城区").update(region=region("鱼台县"))
    Allocation.objects.create(indicator=city, region=region("任城区"), value=5, child_indicator=draft)
    assert "无权查看该下级计划" in client_for("deputy").get(url()).content.decode()
    assert "无权查看该下级计划" not in client_for("office").get(url()).content.decode()


def test_query_count_does_not_grow_with_regions_or_reports(
    client_for, canteens, django_assert_max_num_queries
):
    city, weishan = canteens
    client = client_for("office")
    client.get(url())
    with CaptureQueriesContext(connection) as few:
        client.get(url())
    for name in ("兖州区", "鱼台县", "金乡县", "嘉祥县", "汶上县"):
        Allocation.objects.create(indicator=city, region=region(name), value=10, child_indicator=weishan)
    for week in range(10, 20):
        approve(weishan, f"2024-W{week}", 3, datetime.date(2024, 5, 20))
    with django_assert_max_num_queries(len(few)):
        response = client.get(url())
    assert len(response.context["sections"][0]["cascade"].rows) == 7


def test_a_report_waiting_for_the_countys_own_approval_is_not_counted_and_says_so(
    client_for, canteens, settings
):
    city, weishan = canteens
    Report.objects.filter(project=weishan.project, period="2024-W28").update(
        submitted_at=datetime.datetime(2024, 7, 12, 9, tzinfo=SHANGHAI)
    )
    Report.objects.filter(project=weishan.project, period="2024-07").update(
        submitted_at=datetime.datetime(2024, 7, 25, 9, tzinfo=SHANGHAI)
    )
    client = client_for("office")
    response = client.get(url(as_of="2024-07-15"))
    section = response.context["sections"][0]
    assert section["cascade"].rows[1].actual == 4  # the week filed on the 12th is not counted
    allocation = Allocation.objects.get(indicator=city, region__name="微山县")
    assert section["waiting"] == {allocation.pk: "2024年第28周（07-08至07-14）周台账"}
    assert "待下级审核：2024年第28周" in response.content.decode()
    settings.MINSHENG_TODAY = "2024-09-30"  # the fixture's reports are filed and approved into August
    # On 31 July the July report (filed on the 25th, approved on 2 August) is the latest waiting.
    later = client.get(url(as_of="2024-07-31")).context["sections"][0]
    assert later["waiting"] == {allocation.pk: "2024年7月月报"}
    assert client.get(url(as_of="2024-08-31")).context["sections"][0]["waiting"] == {
        allocation.pk: "2024年第28周（07-08至07-14）周台账"
    }  # the week is still waiting; July was approved on 2 August
