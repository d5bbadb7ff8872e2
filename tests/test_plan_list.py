"""The plan list: full page, htmx fragment, filters, and a query count that does not grow with plans."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import Region
from minsheng.plans.models import Plan, PlanState


def test_lists_published_plans_with_project_counts(client_for):
    html = client_for(None).get("/").content.decode()
    assert "关于办好2024年“重点民生实事”的通知" in html
    assert "济政发〔2023〕2号" in html
    assert "<html" in html


def test_htmx_request_gets_only_the_results(client_for):
    response = client_for(None).get("/", {"q": "微山"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "微山县" in html and "济政发〔2023〕2号" not in html


def test_filters_by_region_and_year(client_for):
    weishan = Region.objects.get(name="微山县")
    html = client_for(None).get("/", {"region": weishan.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert html.count("<tr>") == 1 + 1  # header row and the one Weishan plan
    html = client_for(None).get("/", {"year": 2023}, HTTP_HX_REQUEST="true").content.decode()
    assert "经济技术开发区" in html and "微山县" not in html


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx)


def test_query_count_does_not_grow_with_plans(client_for):
    client = client_for("office")
    before = _queries(client)
    region = Region.objects.get(name="金乡县")
    Plan.objects.bulk_create(
        Plan(region=region, year=2000 + i, title=f"金乡县{2000 + i}年民生实事", state=PlanState.PUBLISHED)
        for i in range(20)
    )
    assert _queries(client) == before
