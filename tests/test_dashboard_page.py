"""The office and leader dashboard (/dashboard/): who may see it and where, the scope's defaults, the
sections with their as_of captions and table equivalents, the drill-down city → county → project, the
leader's own projects first, the htmx fragment, and a query count that does not grow with the data."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import Region, Unit
from minsheng.dashboard.scope import dashboard_scope
from minsheng.plans.models import PUBLIC_STATES, Category, Indicator, Plan, Project, ProjectUnit
from minsheng.reporting.calendar.rules import SHANGHAI, parse_period
from minsheng.reporting.models import Report, ReportValue
from minsheng.site.demo_reports import load_demo_reports
from tests.conftest import plan, project


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def region(name: str) -> Region:
    return Region.objects.get(name=name)


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def approve(item: Project, period: str, value, day: datetime.date) -> Report:
    key = parse_period(period)
    at = datetime.datetime.combine(day, datetime.time(10), SHANGHAI)
    report = Report.objects.create(
        project=item,
        kind=key.kind,
        period=period,
        period_start=key.start,
        period_end=key.end,
        state="approved",
        submitted_at=at,
        approved_at=at,
    )
    for indicator in item.indicators.all():
        ReportValue.objects.create(report=report, indicator=indicator, value=value)
    return report


def test_who_may_see_the_dashboard(client_for):
    anonymous = client_for(None).get("/dashboard/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for name in ["outsider", "minzheng", "weishan_minzheng"]:
        assert client_for(name).get("/dashboard/").status_code == 403, name
    for name in ["office", "weishan", "leader", "deputy", "admin"]:
        assert client_for(name).get("/dashboard/").status_code == 200, name
    other_county = region("梁山县")
    assert client_for("weishan").get(f"/dashboard/?region={other_county.pk}").status_code == 404
    assert client_for("weishan").get(f"/dashboard/?region={region('济宁市').pk}").status_code == 404  # above
    assert client_for("leader").get(f"/dashboard/?region={other_county.pk}").status_code == 404
    assert client_for("office").get("/dashboard/?region=abc").status_code == 404
    assert client_for("office").get("/dashboard/?region=999999").status_code == 404
    assert client_for("office").get(f"/dashboard/?region={region('微山县').pk}").status_code == 200  # below


def test_scope_defaults_and_bad_input(users, settings, django_assert_max_num_queries):
    office = dashboard_scope(users["office"])
    assert (
        office.region.name == "济宁市" and office.year == 2024 and office.as_of == datetime.date(2024, 7, 15)
    )
    assert [p.region.name for p in office.plans] == ["济宁市", "微山县"] and office.breadcrumbs == [
        office.region
    ]
    assert office.years == [2024, 2023, 2022] and office.my_project_ids == set()
    county = dashboard_scope(users["office"], str(region("微山县").pk), "2024", "not-a-day")
    assert [r.name for r in county.breadcrumbs] == ["济宁市", "微山县"] and county.as_of == datetime.date(
        2024, 7, 15
    )
    assert [r.name for r in dashboard_scope(users["weishan"]).breadcrumbs] == ["微山县"]
    past = dashboard_scope(users["office"], None, "2023", None)
    assert past.as_of == datetime.date(2023, 12, 31) and {p.region.name for p in past.plans} == {
        "济宁市",
        "济宁经济技术开发区",
    }
    assert dashboard_scope(users["office"], None, None, "2022-06-30").year == 2022  # the year of the day
    assert dashboard_scope(users["office"], None, "2024", "2023-05-01").as_of == datetime.date(2024, 1, 1)
    assert dashboard_scope(users["office"], None, "year", None).year == 2024
    leader = dashboard_scope(users["leader"])
    mine = set(
        Project.objects.filter(leaders__user__username="leader", plan__year=2024).values_list("pk", flat=True)
    )
    assert leader.region.name == "微山县" and leader.my_project_ids == mine and mine
    assert dashboard_scope(users["deputy"]).region.name == "济宁市"
    settings.MINSHENG_TODAY = "2026-03-01"
    assert dashboard_scope(users["office"]).year == 2024  # no plan in 2026: the latest year with plans
    with pytest.raises(PermissionDenied):
        dashboard_scope(users["minzheng"])
    with pytest.raises(Http404):
        dashboard_scope(users["weishan"], str(region("梁山县").pk))
    with django_assert_max_num_queries(7):
        dashboard_scope(users["leader"], None, "2024", None)


def test_the_office_sees_every_section_with_its_day_and_table(client_for):
    load_demo_reports()
    page = html(client_for("office").get("/dashboard/"))
    assert page.count("<main") == 1 and page.count("<h1") == 1
    for title in ["项目状态分布", "总体进度", "按类别", "按区划", "月度趋势", "报送及时率"]:
        assert f">{title}</h2>" in page, title
    assert page.count('data-chart="') == 6 and page.count('type="application/json"') == 6
    assert page.count('role="img"') == 6 and page.count("<caption>") >= 7
    assert page.count("截至 2024年7月15日") >= 12  # every figure and every table names its day
    assert 'aria-label="区划层级"' in page and '<span aria-current="page">济宁市</span>' in page
    assert 'class="colour colour-red">红</span>' in page  # colour with its word
    assert "vendor/echarts.min.js" in page and "minsheng/dashboard.js" in page and "onclick" not in page
    assert "<script>" not in page  # no inline code: data only in json_script
    assert 'href="/dashboard/dispatch/"' in page and 'href="/public/"' in page
    assert "我分管的项目" not in page  # the office leads no project
    weishan = region("微山县")
    assert f'href="?region={weishan.pk}&amp;year=2024&amp;as_of=2024-07-15">微山县</a>' in page
    assert f'href="/projects/{project("济宁市", 2024, "8").pk}/"' in page  # the city's own projects
    assert "7月15日" in page and "2024年6月" in page  # the trend: month ends then the day


def test_drilling_down_to_the_county_lists_its_projects(client_for):
    load_demo_reports()
    weishan = region("微山县")
    response = client_for("office").get(
        "/dashboard/", {"region": weishan.pk, "year": 2024, "as_of": "2024-06-30"}
    )
    page = html(response)
    assert f'<a href="?region={region("济宁市").pk}&amp;year=2024&amp;as_of=2024-06-30">济宁市</a>' in page
    assert '<span aria-current="page">微山县</span>' in page
    assert "<h3>微山县本级项目</h3>" in page  # no county below has plans: the project list is the level
    item = project("微山县", 2024, "1.1")
    assert f'<a href="/projects/{item.pk}/">{item.name}</a>' in page
    assert f'href="/projects/{project("济宁市", 2024, "8").pk}/"' not in page
    assert "截至 2024年6月30日" in page and "截至 2024年7月15日" not in page
    assert response.context["scope"].plans == [plan("微山县", 2024)]


def test_a_leader_sees_the_projects_in_their_charge_first(client_for, users):
    load_demo_reports()
    page = html(client_for("leader").get("/dashboard/"))
    assert page.index("我分管的项目") < page.index('data-chart="')
    mine = Project.objects.filter(leaders__user__username="leader", plan__year=2024)
    assert mine.exists()
    for item in mine:
        assert f'<a href="/projects/{item.pk}/">{item.name}</a>' in page
    deputy = html(client_for("deputy").get("/dashboard/"))
    assert "我分管的项目" not in deputy and "按区划" in deputy


def test_an_empty_year_and_the_htmx_fragment(client_for):
    page = html(client_for("weishan").get("/dashboard/", {"year": 2022}))
    assert "2022年微山县及以下没有已发布的计划" in page and 'data-chart="' not in page
    fragment = html(client_for("office").get("/dashboard/", {"year": 2023}, HTTP_HX_REQUEST="true"))
    assert fragment.startswith('<div id="dashboard"') and "<main" not in fragment and "<html" not in fragment
    assert "截至 2023年12月31日" in fragment and 'data-chart="chart-trend"' in fragment


def _count(client) -> int:
    """Queries of a dashboard computed afresh (its cached figures dropped)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/").status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_projects_or_reports(client_for):
    office, leader = client_for("office"), client_for("leader")
    _count(office), _count(leader)  # warm the session and the content types
    before = (_count(office), _count(leader))
    city = plan("济宁市", 2024)
    extra = Category.objects.create(plan=city, name="十五、新增类别", order=99)
    unit = Unit.objects.get(name="市民政局")
    for n in range(5):
        item = Project.objects.create(
            plan=city, category=extra, seq=f"9{n}", order=90 + n, name=f"新增项目{n}"
        )
        ProjectUnit.objects.create(project=item, unit=unit, role="lead")
        Indicator.objects.create(project=item, text="新建10处", target_value=10, unit="处")
    for n, item in enumerate(
        list(city.projects.order_by("pk")[:10]) + list(plan("微山县", 2024).projects.all()[:5])
    ):
        approve(item, "2024-05", 1, datetime.date(2024, 6, 3))
        if n < 5:
            approve(item, "2024-06", 2, datetime.date(2024, 7, 2))
    assert Report.objects.count() == 20
    _count(office)  # the edits moved the history stamps: the month ends are computed and stored again
    assert (_count(office), _count(leader)) == before
    page = html(client_for("office").get("/dashboard/"))
    assert "新增类别" in page and "新增项目4" in page


def test_figures_are_cached_until_a_plan_changes(client_for):
    """A second look reads the rendered results from the cache; a new approved report is seen at once."""
    office, url = client_for("office"), "/dashboard/?as_of=2024-07-15"
    cold = _count(office)
    cache.clear()
    first = office.get(url)
    before = first.context["whole"].progress
    with CaptureQueriesContext(connection) as warm:
        again = office.get(url)
    assert len(warm) < cold and "whole" not in again.context  # nothing recomputed
    results = [r.content.decode().split('<div id="dashboard"')[1].split("<script")[0] for r in (first, again)]
    assert results[0] == results[1]
    item = project("济宁市", 2024, "1")
    moment = datetime.datetime(2024, 7, 1, 10, tzinfo=SHANGHAI)
    report = Report.objects.create(
        project=item,
        kind="month",
        period="2024-06",
        period_start=datetime.date(2024, 6, 1),
        period_end=datetime.date(2024, 6, 30),
        state="approved",
        submitted_at=moment,
        approved_at=moment,
    )
    for indicator in item.indicators.all():
        ReportValue.objects.create(report=report, indicator=indicator, value=indicator.target_value)
    assert office.get(url).context["whole"].progress > before


def _warm_count(client) -> int:
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/").status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_plans(client_for):
    """A province office's dashboard: more county plans cost no more queries, cold or warm."""
    from minsheng.plans.commit import commit_draft

    office = client_for("office")
    _count(office)
    before = (_count(office), _warm_count(office))
    for region in ("任城区", "兖州区", "曲阜市", "邹城市"):
        draft = {
            "plan": {"title": f"{region}2024年民生实事", "year": 2024, "region": region},
            "categories": [],
            "projects": [
                {
                    "seq": str(n),
                    "name": f"{region}实事{n}",
                    "content": "",
                    "lead_units": ["县民政局"],
                    "co_units": [],
                    "targets": [{"text": f"新建{n}处", "value": n, "unit": "处", "comparator": "="}],
                }
                for n in range(1, 5)
            ],
        }
        county = commit_draft(draft, Region.objects.get(name=region), source_name="test")
        county.state = "published"
        county.save()
    page = html(office.get("/dashboard/"))
    assert "兖州区" in page and "邹城市" in page
    assert (_count(office), _warm_count(office)) == before


def test_the_trend_counts_the_projects_made_up_each_month(client_for):
    """当月补齐: the projects behind at the month end before and back on pace at this one, month by month
    from the month-end table and on the day itself from its statuses."""
    from minsheng.supervision.status.colour_history import caught_up_between
    from minsheng.supervision.status.queries import plans_status

    load_demo_reports()
    page = html(client_for("office").get("/dashboard/"))
    trend = page[page.index("各月末项目状态与平均进度") :]
    trend = trend[: trend.index("</table>")]
    assert '<th scope="col">当月补齐</th>' in trend
    rows = re.findall(r'<th scope="row">2024年([^<]+)</th>((?:<td[^>]*>[^<]*</td>)+)', trend)
    made_up = {label: int(re.findall(r">([^<]*)</td>", cells)[5]) for label, cells in rows}
    city = Region.objects.get(name="济宁市")
    plans = list(Plan.objects.filter(year=2024, state__in=PUBLIC_STATES, region__path__startswith=city.path))
    days = [datetime.date(2024, m, [31, 29, 31, 30, 31, 30][m - 1]) for m in range(1, 7)] + [
        datetime.date(2024, 7, 15)
    ]
    statuses = [plans_status(plans, day) for day in days]
    expected = [0] + [
        sum(caught_up_between(before.get(pk), s) for pk, s in after.items())
        for before, after in zip(statuses, statuses[1:], strict=False)
    ]
    assert list(made_up.values()) == expected and sum(expected) > 0
