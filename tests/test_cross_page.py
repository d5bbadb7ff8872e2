"""The commitment page /commitments/<id>/ (承诺全景): a commitment across years and its county parts,
for everyone including the public, scoped, with no internal facts, in a bounded number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.plans.models import Allocation, Project
from minsheng.site.demo_reports import load_demo_reports
from minsheng.site.demo_script import LAG_REASONS, PROBLEMS
from minsheng.supervision.models import Acceptance
from tests.conftest import project


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def url(p) -> str:
    return f"/commitments/{p.pk}/"


def test_the_public_sees_the_years_and_the_county_parts(client_for):
    elderly = project("济宁市", 2024, "1")  # 改造2000户困难老年人家庭设施
    before = project("济宁市", 2023, "11")  # 2023: 实施困难老年人家庭适老化改造
    county = project("微山县", 2024, "4.1")
    response = client_for(None).get(url(elderly))
    assert response.status_code == 200
    page = response.context["page"]
    assert [r.project for r in page.chain] == [before, elderly]  # ordered by year
    assert [r.current for r in page.chain] == [False, True]
    assert [r.project for r in page.children] == [county]
    assert page.groups == [("微山县", page.children)]
    assert page.summary == "1 个县区承担，1 个严重滞后"  # no report filed by mid-July: the board's words
    assert page.chain[0].as_of == datetime.date(2023, 12, 31)  # a past year: its year end
    assert page.chain[1].as_of == datetime.date(2024, 7, 15)
    html = response.content.decode()
    assert '<ol class="cross-timeline">' in html and "<caption>各年度承诺与完成情况</caption>" in html
    assert f'href="/public/projects/{before.pk}/"' in html  # the public board's pages
    assert f'href="/projects/{before.pk}/"' not in html
    assert "截至 2023年12月31日" in html and "2023—2024年" in html
    assert "对2000户高龄、失能等困难老年人家庭" in html  # the 2023 target
    assert "市民政局" in html and "县民政局" in html  # lead units
    assert "本项目没有关联的上级计划项目" in html
    assert 'class="colour colour-' in html and "严重滞后" in html  # colour always with its word
    assert '<th scope="col">满意度</th>' in html


def test_a_county_project_shows_its_city_parent(client_for):
    canteen = project("微山县", 2024, "4.2")
    response = client_for("office").get(url(canteen))
    page = response.context["page"]
    assert page.parent.project == project("济宁市", 2024, "3")
    assert [r.project for r in page.chain] == [canteen]
    html = response.content.decode()
    assert "暂无其他年度延续此项承诺的记录" in html and "暂无县区落实此项目的记录" in html
    assert f'href="/projects/{page.parent.project.pk}/"' in html  # signed in: the internal page
    assert f'href="/commitments/{page.parent.project.pk}/"' in html


def test_lineage_is_transitive(client_for):
    older = project("济宁高新区", 2022, "13")  # 困难老年人家庭适老化改造项目
    older.lineage.add(project("济宁市", 2023, "11"))
    page = client_for(None).get(url(project("济宁市", 2024, "1"))).context["page"]
    assert [r.plan.year for r in page.chain] == [2022, 2023, 2024]


def test_accepted_is_blue_and_reports_statuses_reasons_problems_and_people_never_show(client_for):
    load_demo_reports()
    done = project("济宁市", 2023, "11")
    Acceptance.objects.create(
        project=done,
        evidence="内部佐证材料：全部完成",
        state="accepted",
        applied_at="2023-12-01T10:00+08:00",
        decided_at="2023-12-20T10:00+08:00",
        decision="内部验收意见",
    )
    for p in (project("济宁市", 2024, "1"), project("微山县", 2024, "4.2"), project("济宁市", 2024, "3")):
        response = client_for(None).get(url(p))
        html = response.content.decode()
        for secret in [*LAG_REASONS, *PROBLEMS, "内部佐证材料", "内部验收意见", "张呈祥"]:
            assert secret not in html, secret
    page = client_for(None).get(url(project("济宁市", 2024, "1"))).context["page"]
    assert (page.chain[0].colour, page.chain[0].colour_label, page.chain[0].standing) == (
        "blue",
        "蓝",
        "已验收",
    )
    assert "蓝</span> 已验收" in client_for(None).get(url(done)).content.decode()


def test_scoping_404_and_hidden_draft_links(client_for):
    draft = Project.objects.get(plan__region__name="济宁市", plan__year=2025)
    assert client_for(None).get(url(draft)).status_code == 404
    assert client_for("weishan").get(url(draft)).status_code == 404
    assert client_for("office").get(url(draft)).status_code == 200
    assert client_for(None).get("/commitments/999999/").status_code == 404
    city = project("济宁市", 2024, "3")
    city.lineage.add(draft)
    assert [r.plan.year for r in client_for(None).get(url(city)).context["page"].chain] == [2024]
    chain = client_for("office").get(url(city)).context["page"].chain
    assert [r.plan.year for r in chain] == [2024, 2025]
    assert chain[1].standing == "暂无进度" and chain[1].colour is None  # a draft plan has no status


def test_cascade_link_for_signed_in_users_when_allocated(client_for):
    city = project("济宁市", 2024, "3")
    cascade = f'href="/projects/{city.pk}/cascade/"'
    assert cascade not in client_for("office").get(url(city)).content.decode()
    county = project("微山县", 2024, "4.2")
    Allocation.objects.create(
        indicator=city.indicators.first(),
        region=county.plan.region,
        value=10,
        child_indicator=county.indicators.first(),
    )
    assert cascade in client_for("office").get(url(city)).content.decode()
    assert cascade not in client_for(None).get(url(city)).content.decode()


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("username", [None, "office"])
def test_queries_do_not_grow_with_more_children_or_lineage_in_the_same_plans(client_for, username):
    client = client_for(username)
    city = project("济宁市", 2024, "3")  # child: 微山县 4.2
    city.lineage.add(project("济宁市", 2023, "11"))  # plans involved: 济宁市 2024 and 2023, 微山县 2024
    client.get(url(city))  # warm the session and the caches
    before = count_queries(client, url(city))
    Project.objects.filter(plan=project("微山县", 2024, "4.1").plan, seq__in=["4.1", "4.3", "9.4"]).update(
        parent=city
    )
    city.lineage.add(project("济宁市", 2023, "1"))  # itself linked to 2024 #6 in the demo: the closure grows
    response = client.get(url(city))
    page = response.context["page"]
    assert len(page.children) == 4 and len(page.chain) == 5  # with the demo links of 2023 #11 and #1
    assert count_queries(client, url(city)) == before
