"""The watchlist page (/watchlist/) on the demo's 2024 plans with their demo reports, as of 15 July
2024: who sees it, the ranking, the filters, the htmx fragment, the proposals and the query count."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import Person, Region, Unit
from minsheng.site.demo_reports import load_demo_reports
from minsheng.supervision.models import Problem, SupervisionOrder
from minsheng.supervision.orders import workflow as actions
from minsheng.supervision.watch.rules import COLOUR_RANK, risk_key
from minsheng.supervision.watch.views import _page_rows
from tests.conftest import project


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


@pytest.fixture
def reports(db):
    load_demo_reports()


def rows(response):
    """Every ranked row, with its project (the page itself carries them only for the rows it shows)."""
    return _page_rows(response.context["ranked"], response.context)


def regions(response) -> set[str]:
    return {r.item.plan.region.name for r in rows(response)}


def test_the_office_sees_its_plans_ranked_by_risk(client_for, reports):
    response = client_for("office").get("/watchlist/")
    assert response.status_code == 200
    found = rows(response)
    assert regions(response) == {"济宁市", "微山县"}  # the city's plan and the county's below it
    assert {r.item.plan.year for r in found} == {2024}  # the year of the day looked at
    assert [risk_key(r) for r in found] == sorted(risk_key(r) for r in found)
    colours = [COLOUR_RANK[r.status.colour] for r in found]
    assert colours == sorted(colours, reverse=True) and found[0].status.colour == "red"
    html = response.content.decode()
    behind = project("济宁市", 2024, "8")
    assert f'href="/projects/{behind.pk}/"' in html
    assert f'href="/projects/{behind.pk}/orders/?do=urge#urge"' in html  # 催办
    assert f'href="/projects/{behind.pk}/orders/?do=notice#notice"' in html  # 督办单
    assert 'class="table-wrap"' in html and 'data-label="差距"' in html  # cards on a phone
    assert "截至 2024年7月15日" in html


def test_a_county_office_sees_its_county_only_and_a_leader_reads(client_for, reports):
    assert regions(client_for("weishan").get("/watchlist/")) == {"微山县"}
    response = client_for("leader").get("/watchlist/")
    assert regions(response) == {"微山县"}
    html = response.content.decode()
    assert "?do=urge" not in html and "?do=instruct#instruct" in html  # read-only, but may instruct
    for name, status in [("minzheng", 403), ("deputy", 403), ("outsider", 403)]:
        assert client_for(name).get("/watchlist/").status_code == status
    assert client_for(None).get("/watchlist/").status_code == 302


def test_filters(client_for, reports):
    client = client_for("office")
    weishan = Region.objects.get(name="微山县")
    assert regions(client.get(f"/watchlist/?region={weishan.pk}")) == {"微山县"}
    unit = Unit.objects.get(name="县民政局")
    found = rows(client.get(f"/watchlist/?unit={unit.pk}"))
    assert found and all(unit.pk in r.unit_ids for r in found)
    person = Person.objects.get(name="张呈祥")
    found = rows(client.get(f"/watchlist/?leader={person.pk}"))
    assert found and all(person.pk in {p.pk for p in r.item.leaders.all()} for r in found)
    found = rows(client.get("/watchlist/?colour=red"))
    assert found and {r.status.colour for r in found} == {"red"}
    found = rows(client.get("/watchlist/?colour=risk"))
    assert {r.status.colour for r in found} <= {"red", "orange", "yellow"} and len(found) > 1
    category = project("济宁市", 2024, "8").category
    found = rows(client.get(f"/watchlist/?category={category.pk}"))
    assert {r.item.category_id for r in found} == {category.pk}
    assert rows(client.get(f"/watchlist/?region={weishan.pk}&colour=blue")) == []
    assert "没有符合条件的项目。" in client.get("/watchlist/?colour=blue").content.decode()


def test_bad_parameters_are_explained(client_for, db):
    response = client_for("office").get("/watchlist/?as_of=2024-13-01&colour=purple&unit=abc")
    assert response.status_code == 400
    html = response.content.decode()
    assert "日期“2024-13-01”格式不对，应为 YYYY-MM-DD" in html
    assert "颜色“purple”无效。" in html and "牵头单位“abc”无效。" in html


def test_the_htmx_fragment_and_as_of(client_for, reports):
    client = client_for("office")
    response = client.get("/watchlist/?as_of=2024-03-31", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="watchlist">') and "<html" not in html
    assert 'hx-indicator="#watchlist-busy"' in html and "<progress>" in html
    assert "截至 2024年3月31日" in html
    early = {r.project_id: r.status for r in rows(response)}
    now = {r.project_id: r.status for r in rows(client.get("/watchlist/"))}
    behind = project("济宁市", 2024, "8").pk
    assert early[behind].expected < now[behind].expected
    # Another year: the plans of the year of the day looked at.
    response = client.get("/watchlist/?as_of=2023-06-30")
    assert {r.item.plan.year for r in rows(response)} == {2023}
    assert {r.item.plan.year for r in rows(client.get("/watchlist/?year=2023"))} == {2023}


def test_open_problems_notices_and_proposals_are_shown(client_for, reports, users):
    canteens = project("济宁市", 2024, "3")
    before = {r.project_id: r for r in rows(client_for("office").get("/watchlist/"))}[canteens.pk]
    Problem.objects.create(project=canteens, description="用地手续未办结", state="rectifying")
    Problem.objects.create(project=canteens, description="已核验的问题", state="verified")
    actions.urge(canteens, actions.lead_units(canteens)[0], "请加快进度", users["office"])
    proposal = SupervisionOrder.objects.create(
        project=canteens,
        unit=actions.lead_units(canteens)[0],
        kind="notice",
        reasons="连续两个月落后序时进度。",
        state="proposed",
        trigger="behind_two_months:2024-06",
    )
    response = client_for("office").get("/watchlist/")
    row = {r.project_id: r for r in rows(response)}[canteens.pk]
    assert row.open_problems == before.open_problems + 1
    assert (row.open_orders, row.proposals) == (1, 1)
    html = response.content.decode()
    assert "升级督办建议（待确认 1 项）" in html
    assert f'action="/supervision/orders/{proposal.pk}/confirm/"' in html
    assert 'name="next" value="/watchlist/"' in html
    # The leader of Weishan does not see the city's proposal; the city's proposals are the city's.
    assert "升级督办建议" not in client_for("leader").get("/watchlist/").content.decode()


def test_a_leader_sees_proposals_without_deciding(client_for, reports):
    p = project("微山县", 2024, "4.3")
    SupervisionOrder.objects.create(
        project=p,
        unit=actions.lead_units(p)[0],
        kind="notice",
        reasons="连续两个月落后序时进度。",
        state="proposed",
        trigger="behind_two_months:2024-06",
    )
    html = client_for("leader").get("/watchlist/").content.decode()
    assert "升级督办建议（待确认 1 项）" in html and "/confirm/" not in html
    assert "/confirm/" in client_for("weishan").get("/watchlist/").content.decode()


def queries(client, url) -> int:
    """The queries of one request computing every status (the cache emptied: it holds each plan's)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_projects_reports_or_notices(client_for, users):
    client = client_for("office")
    queries(client, "/watchlist/")  # warm up (sessions, content types)
    without = queries(client, "/watchlist/")
    load_demo_reports()  # some thousands of weekly and monthly reports and their values
    for p in project("济宁市", 2024, "3").plan.projects.all()[:10]:
        Problem.objects.create(project=p, description="问题")
        actions.urge(p, actions.lead_units(p)[0], "请加快进度", users["office"])
    plan = project("微山县", 2024, "4.3").plan
    leader, unit = Person.objects.get(name="张呈祥"), Unit.objects.get(name="县民政局")
    for n in range(5):  # more projects, each with a lead unit, a leader and a target
        extra = plan.projects.create(seq=f"99.{n}", order=900 + n, name=f"新增项目{n}")
        extra.unit_roles.create(unit=unit, role="lead")
        extra.leaders.add(leader)
        extra.indicators.create(text="新建10处", target_value=10, unit="处")
    with_reports = queries(client, "/watchlist/")
    assert with_reports == without
    # Two plans (the city's and Weishan's) or one: the same fixed number of queries, whatever their size.
    assert with_reports <= 28  # … with the due dates in force (read once, with the ranking)
    assert queries(client, f"/watchlist/?region={Region.objects.get(name='微山县').pk}") == with_reports


def _published_plan(region: str, projects: int) -> None:
    """A county's published plan of 2024 with projects that each have a lead unit and a target."""
    from minsheng.plans.commit import commit_draft

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
            for n in range(1, projects + 1)
        ],
    }
    plan = commit_draft(draft, Region.objects.get(name=region), source_name="test")
    plan.state = "published"
    plan.save()


def test_query_count_does_not_grow_with_plans(client_for, reports):
    client = client_for("office")
    queries(client, "/watchlist/")
    before = queries(client, "/watchlist/")
    for region in ("任城区", "兖州区", "曲阜市", "邹城市"):
        _published_plan(region, 6)
    html = client.get("/watchlist/").content.decode()
    assert "兖州区实事3" in html and "邹城市实事6" in html  # the new plans are on the list
    assert queries(client, "/watchlist/") == before


def shown(response) -> list[int]:
    """The projects on the rendered page, in order."""
    return [int(pk) for pk in re.findall(r'<tr id="project-(\d+)"', response.content.decode())]


def test_a_long_list_is_shown_a_page_at_a_time_in_risk_order(client_for, reports):
    _published_plan("邹城市", 60)
    client = client_for("office")
    first = client.get("/watchlist/?colour=")
    ranked = [r.project_id for r in rows(first)]
    total = len(ranked)
    assert total > 100 and shown(first) == ranked[:50]
    html = first.content.decode()
    assert f"第 1 / {-(-total // 50)} 页" in html and "?colour=&page=2" in html
    assert shown(client.get("/watchlist/?colour=&page=2")) == ranked[50:100]  # goes on where page 1 stopped
    assert (
        shown(client.get("/watchlist/?page=999")) == ranked[(total - 1) // 50 * 50 :]
    )  # past the end: the last
    fragment = client.get("/watchlist/?page=2", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="watchlist"') and "第 2 /" in fragment


def test_the_watchlist_reads_the_status_the_board_and_dashboards_cached(client_for, reports):
    """A plan's status of the day is one cached entry shared with the board, the dashboards and the
    warming job: a second visit computes none, and a report approved in one plan recomputes that plan
    only (its stamp moved)."""
    client = client_for("office")
    with CaptureQueriesContext(connection) as cold:
        first = client.get("/watchlist/")
    with CaptureQueriesContext(connection) as warm:
        second = client.get("/watchlist/")
    indicator_reads = [q for q in warm.captured_queries if "reporting_reportvalue" in q["sql"]]
    assert indicator_reads == [] and len(warm.captured_queries) < len(cold.captured_queries)
    assert [r.project_id for r in rows(first)] == [r.project_id for r in rows(second)]
    assert [r.status.colour for r in rows(first)] == [r.status.colour for r in rows(second)]


def test_a_warm_visit_reads_the_ranking_back_and_sees_leaders_change(client_for, reports):
    """The ranking, the counts and the filters' options are cached under the plans' stamps: a warm visit
    reads no project facts, and a leader named, removed or renamed is seen at once all the same."""
    client = client_for("office")
    client.get("/watchlist/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/watchlist/")
    facts = [q for q in warm.captured_queries if "plans_category" in q["sql"]]
    assert facts == []  # the options came from the cache
    person = Person.objects.create(name="新任副市长", region=Region.objects.get(name="济宁市"))
    item = project("济宁市", 2024, "8")
    item.leaders.add(person)
    found = rows(client.get(f"/watchlist/?leader={person.pk}"))
    assert [r.project_id for r in found] == [item.pk]
    person.name = "新任常务副市长"
    person.save()
    assert "新任常务副市长" in client.get("/watchlist/").content.decode()
    person.projects.clear()  # from the person's side
    assert rows(client.get(f"/watchlist/?leader={person.pk}")) == []
    item.leaders.add(person)
    assert len(rows(client.get(f"/watchlist/?leader={person.pk}"))) == 1
    item.leaders.remove(person)  # from the project's side
    assert rows(client.get(f"/watchlist/?leader={person.pk}")) == []


def test_the_filtered_list_exports_to_word_in_its_order(client_for, reports):
    import io

    import docx

    client = client_for("office")
    page = client.get("/watchlist/?colour=red")
    html = page.content.decode()
    link = re.search(r'href="(/watchlist/\?[^"]*format=docx)"', html).group(1).replace("&amp;", "&")
    answer = client.get(link)
    assert answer.status_code == 200 and "attachment" in answer["Content-Disposition"]
    table = docx.Document(io.BytesIO(answer.content)).tables[0]
    names = [row.cells[1].text for row in table.rows[1:]]
    expected = [f"{r.item.plan.region.name} {r.item.seq}. {r.item.name}" for r in rows(page)]
    assert names == expected and all(row.cells[4].text == "红" for row in table.rows[1:])
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs)
    assert "筛选：颜色 红" in text and f"共{len(expected)}个" in text
    assert [c.text for c in table.rows[0].cells][5:8] == ["原因", "预计完成", "逾期报告"]
    assert client_for("minzheng").get("/watchlist/?format=docx").status_code == 403


def test_the_office_urges_the_ticked_projects_at_once(client_for, reports, users):
    from minsheng.core.audit import events_for
    from tests.forms import form_data

    office = client_for("office")
    html = office.get("/watchlist/?colour=red").content.decode()
    start = html.index('id="urge-many"')
    form = form_data(html[html.rindex("<form", 0, start) : html.index("</form>", start) + 7])
    ticked = re.findall(r'name="project" value="(\d+)"', html)[:2]
    answer = office.post("/watchlist/urge/", {**form, "project": ticked}, follow=True)
    assert "已催办 2 个项目的牵头单位。" in answer.content.decode()
    urges = SupervisionOrder.objects.filter(kind="urge", project__in=ticked)
    assert {str(o.project_id) for o in urges} == set(ticked)
    assert all(events_for(o).first().action == "urge" for o in urges)
    assert urges.first().reasons.startswith("项目进度滞后于序时进度")
    again = office.post("/watchlist/urge/", {**form, "project": ticked}, follow=True)
    assert (
        SupervisionOrder.objects.filter(kind="urge", project__in=ticked).count() == urges.count()
    )  # a double post
    assert again.status_code == 200
    assert "请先勾选要催办的项目。" in office.post("/watchlist/urge/", form, follow=True).content.decode()
    assert (
        'name="project"' not in client_for("leader").get("/watchlist/").content.decode()
    )  # leaders do not urge
    client_for("weishan").post("/watchlist/urge/", {**form, "project": ticked})
    assert SupervisionOrder.objects.filter(kind="urge", project__in=ticked).count() == urges.count()
