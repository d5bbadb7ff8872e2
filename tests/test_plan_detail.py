"""Plan detail: categories, projects, lead units in bold, targets; bounded queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.plans.commit import commit_draft
from tests.conftest import plan


def test_shows_categories_projects_units_and_targets(client_for):
    p = plan("济宁市", 2024)
    html = client_for(None).get(f"/plans/{p.pk}/").content.decode()
    assert "一、老年人保障方面" in html
    assert "为8200名独居老人安装火灾探测报警器" in html
    assert '<strong class="lead-unit" title="牵头单位">市消防救援支队</strong>' in html
    assert "8200名" in html
    assert "市十八届人大三次会议" in html


def test_weishan_shows_leaders(client_for):
    html = client_for(None).get(f"/plans/{plan('微山县', 2024).pk}/").content.decode()
    assert "分管领导：" in html and "张呈祥" in html


def _queries(client, p) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/plans/{p.pk}/").status_code == 200
    return len(ctx)


def test_query_count_does_not_grow_with_projects(client_for):
    small, large = plan("济宁经济技术开发区", 2023), plan("济宁高新区", 2022)
    client = client_for("office")
    assert small.projects.count() < large.projects.count()
    assert _queries(client, small) == _queries(client, large)


def test_query_count_is_the_same_for_a_plan_with_many_more_projects(client_for):
    p = plan("济宁市", 2024)
    client = client_for("office")
    before = _queries(client, p)
    draft = {
        "plan": {"title": "大计划", "year": 2026, "region": "济宁市"},
        "categories": [],
        "projects": [
            {
                "seq": str(i),
                "name": f"项目{i}",
                "lead_units": ["市民政局"],
                "co_units": ["各县（市、区）"],
                "targets": [{"text": "建设5处", "value": 5, "unit": "处", "comparator": "≥"}],
            }
            for i in range(1, 81)
        ],
    }
    big = commit_draft(draft, p.region)
    big.state = "published"  # like the 2024 plan, so both show each project's status
    big.save()
    assert _queries(client, big) == before


def test_signed_in_users_see_each_projects_colour_as_of_a_day(client_for):
    p = plan("济宁市", 2024)
    page = client_for("office").get(f"/plans/{p.pk}/", {"as_of": "2024-01-01"}).content.decode()
    assert 'value="2024-01-01"' in page and page.count('class="colour colour-green"') == p.projects.count()
    later = client_for("office").get(f"/plans/{p.pk}/", {"as_of": "2024-07-15"}).content.decode()
    assert "colour-red" in later  # nothing reported by mid-July
    assert "colour-" not in client_for(None).get(f"/plans/{p.pk}/").content.decode()
