"""The compliance pages: a plan's units ranked by completeness and timeliness with the unit × period
matrix, and the office's overview of every plan and region it can see; who may see what; fixed cost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import Unit
from minsheng.plans.models import Project, ProjectUnit
from minsheng.reporting.calendar.rules import SHANGHAI, parse_period
from minsheng.reporting.compliance import rank as compliance_rank
from minsheng.reporting.compliance.queries import plan_compliance
from minsheng.reporting.compliance.rules import Tally
from minsheng.reporting.models import PeriodReopening, Report
from minsheng.site.demo_reports import load_demo_reports
from tests.conftest import plan, project


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def _report(p, period, submitted, state="approved"):
    key = parse_period(period)
    return Report.objects.create(
        project=p,
        kind=key.kind,
        period=period,
        period_start=key.start,
        period_end=key.end,
        state=state,
        submitted_at=submitted,
    )


@pytest.fixture
def fire_brigade(db):
    """市消防救援支队 leads one project (2) of Jining 2024: on time, late, missing, then on time."""
    p = project("济宁市", 2024, "2")
    _report(p, "2024-01", at(2024, 1, 24, 10))
    _report(p, "2024-02", at(2024, 2, 28, 10))  # due 25th 18:00, grace to 27th 18:00: late
    for month in ("2024-04", "2024-05", "2024-06"):
        _report(p, month, at(2024, int(month[-2:]), 25, 9))
    return p


def url(p=None, **params):
    base = f"/plans/{(p or plan('济宁市', 2024)).pk}/compliance/"
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_units_are_ranked_with_their_counts_and_rates(client_for, fire_brigade):
    response = client_for("office").get(url(as_of="2024-07-15"))
    assert response.status_code == 200
    ranked = response.context["ranked"]
    row = next(r for r in ranked if r.tally.unit == "市消防救援支队")
    assert (row.tally.expected, row.tally.received, row.tally.on_time) == (6, 5, 4)
    assert ranked[0].tally.unit == "市消防救援支队" and row.rank == 1  # the only unit that reported
    assert all(r.rank == 2 for r in ranked[1:])  # the rest share the next place
    html = response.content.decode()
    for heading in ("名次", "单位", "应报", "已报", "按时", "完整率", "及时率"):
        assert f">{heading}</th>" in html
    assert '<meter min="0" max="1"' in html and "83%" in html and "67%" in html  # 5/6 and 4/6
    assert "style=" not in html.split("<main")[1]


def test_the_matrix_shows_on_time_late_missing_and_not_due(client_for, fire_brigade):
    response = client_for("office").get(url(as_of="2024-07-15"))
    rows = {r.unit: r for r in response.context["rows"]}
    states = [c.state for c in rows["市消防救援支队"].cells]
    assert states == ["on_time", "late", "missing", "on_time", "on_time", "on_time", "not_due"]
    assert [c["short"] for c in response.context["columns"]] == [f"{m}月" for m in range(1, 8)]
    # 市民政局 leads several projects: its cells count them
    assert rows["市民政局"].cells[0].label == f"未报{rows['市民政局'].cells[0].missing}"
    html = response.content.decode()
    assert "<em>迟报</em>" in html and "<mark>未报</mark>" in html and "未到期" in html
    assert html.index("市消防救援支队</td><td") < html.index("市民政局</td><td")  # rows follow the ranking


def test_the_page_counts_what_the_api_counts(client_for, db):
    load_demo_reports()
    for kind in ("month", "week"):
        response = client_for("office").get(url(as_of="2024-07-15", kind=kind))
        page = {r.tally.unit: vars(r.tally) for r in response.context["ranked"]}
        api = {
            t.unit: vars(t) for t in plan_compliance(plan("济宁市", 2024), datetime.date(2024, 7, 15), kind)
        }
        assert page == api
        total = response.context["total"]
        assert total.expected == sum(t["expected"] for t in api.values())
        assert total.received == sum(t["received"] for t in api.values()) < total.expected


def test_as_of_moves_the_window(client_for, fire_brigade):
    response = client_for("office").get(url(as_of="2024-03-01"))
    row = next(r for r in response.context["ranked"] if r.tally.unit == "市消防救援支队")
    assert (row.tally.expected, row.tally.received, row.tally.on_time) == (2, 2, 1)
    assert len(response.context["columns"]) == 3  # January to March


def test_weeks_show_the_latest_weeks(client_for, db):
    response = client_for("office").get(url(as_of="2024-07-15", kind="week"))
    keys = [c["period"].key for c in response.context["columns"]]
    assert keys[-1] == "2024-W29" and len(keys) == 13
    assert response.context["total"].expected == 30 * 28  # W01 … W28 were due for each of 30 projects


def test_bad_parameters_are_refused_in_chinese(client_for, db):
    response = client_for("office").get(url(as_of="七月"))
    assert response.status_code == 400 and "格式不对" in response.content.decode()
    assert client_for("office").get(url(kind="year")).status_code == 400


def test_htmx_gets_only_the_results(client_for, fire_brigade):
    response = client_for("office").get(url(as_of="2024-07-15"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="compliance-results">') and "<html" not in html
    full = client_for("office").get(url()).content.decode()
    assert 'hx-target="#compliance-results"' in full and "hx-indicator" in full and 'name="as_of"' in full


@pytest.mark.parametrize("username", ["office", "admin"])
def test_offices_and_admin_see_every_unit(client_for, fire_brigade, username):
    response = client_for(username).get(url())
    assert response.status_code == 200
    assert len(response.context["ranked"]) > 10 and response.context["total"] is not None


def test_the_leader_sees_every_unit_of_a_plan(client_for, db):
    response = client_for("leader").get(url(plan("微山县", 2024)))
    assert response.status_code == 200 and response.context["total"] is not None
    assert ">开放已锁定周期的补报" not in response.content.decode()  # only the office reopens


def test_a_unit_sees_only_its_own_row(client_for, fire_brigade):
    response = client_for("minzheng").get(url())
    assert response.status_code == 200
    assert [r.tally.unit for r in response.context["ranked"]] == ["市民政局"]
    assert [r.unit for r in response.context["rows"]] == ["市民政局"]
    assert response.context["total"] is None
    html = response.content.decode()
    assert "市消防救援支队" not in html and "全计划" not in html and "名次" not in html
    # another region's office, leader and units do not read the city's units' figures
    for other in ["weishan", "leader", "weishan_minzheng"]:
        assert client_for(other).get(url()).status_code == 404, other


@pytest.mark.parametrize("username", ["deputy", "outsider"])
def test_others_are_refused(client_for, db, username):
    assert client_for(username).get(url()).status_code == 403
    assert client_for(username).get("/compliance/").status_code == 403


def test_forged_and_unseen_plans_are_not_found(client_for, db):
    assert client_for("office").get("/plans/999999/compliance/").status_code == 404
    draft = plan("济宁市", 2025)  # a draft of the city: not the county office's to see
    assert client_for("weishan").get(url(draft)).status_code == 404
    assert client_for("minzheng").get(url(draft)).status_code == 404
    assert client_for("office").get(url(draft)).status_code == 200
    assert client_for(None).get(url()).status_code == 302  # log in first


def test_the_office_overview_ranks_plans_and_regions(client_for, db):
    load_demo_reports()
    default = client_for("office").get("/compliance/", {"as_of": "2024-07-15"})
    assert {p.year for _, p in default.context["plan_rows"]} == {2024}  # the year of the day looked at
    response = client_for("office").get("/compliance/", {"as_of": "2024-07-15", "year": ""})
    assert response.status_code == 200
    plans = [p for _, p in response.context["plan_rows"]]
    assert {(p.region.name, p.year) for p in plans} >= {("济宁市", 2024), ("微山县", 2024), ("济宁市", 2023)}
    assert plans[0].year == 2024  # the plans with reports lead the ranking
    first, p = response.context["plan_rows"][0]
    expected = plan_compliance(p, datetime.date(2024, 7, 15))
    assert first.rank == 1 and first.tally.received == sum(t.received for t in expected)
    regions = {r.tally.unit: r.tally for r in response.context["region_rows"]}
    city = [r for r, p in response.context["plan_rows"] if p.region.name == "济宁市"]
    assert regions["济宁市"].expected == sum(r.tally.expected for r in city)
    assert response.context["plan_rows"][-1][0].rank is None  # the 2025 draft: nothing due yet
    html = response.content.decode()
    assert f'href="/plans/{p.pk}/compliance/?as_of=2024-07-15&amp;kind=month"' in html
    only_2024 = client_for("office").get("/compliance/", {"year": "2024"})
    assert {p.year for _, p in only_2024.context["plan_rows"]} == {2024}


def test_the_overview_is_for_offices_and_leaders(client_for, db):
    assert client_for("weishan").get("/compliance/").status_code == 200
    assert client_for("leader").get("/compliance/").status_code == 200
    assert client_for("minzheng").get("/compliance/").status_code == 403
    response = client_for("weishan").get("/compliance/", {"year": ""})
    assert ("微山县", 2025) in {(p.region.name, p.year) for _, p in response.context["plan_rows"]}
    assert ("济宁市", 2025) not in {(p.region.name, p.year) for _, p in response.context["plan_rows"]}
    assert ("济宁市", 2024) not in {(p.region.name, p.year) for _, p in response.context["plan_rows"]}


def test_reopened_and_locked_columns(client_for, db):
    p = plan("济宁市", 2024)
    PeriodReopening.objects.create(plan=p, kind="month", period="2024-05", until=at(2024, 7, 31, 23, 59))
    columns = {c["period"].key: c for c in client_for("office").get(url()).context["columns"]}
    assert columns["2024-04"]["locked"] and not columns["2024-05"]["locked"]
    assert columns["2024-05"]["reopened"] is not None and not columns["2024-07"]["locked"]
    html = client_for("office").get(url()).content.decode()
    assert f"/plans/{p.pk}/reopen/?period=2024-04" in html and "补报中" in html


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_cost_does_not_grow_with_projects_units_or_reports(client_for, django_assert_max_num_queries, db):
    office, p = client_for("office"), plan("济宁市", 2024)
    load_demo_reports()
    before = (
        _queries(office, url(p)),
        _queries(office, "/compliance/"),
        _queries(office, url(p, kind="week")),
    )
    for n in range(5):
        extra = Project.objects.create(plan=p, seq=f"9{n}", order=100 + n, name=f"新增项目{n}")
        unit = Unit.objects.create(name=f"新增牵头单位{n}", region=p.region)
        ProjectUnit.objects.create(project=extra, unit=unit, role="lead")
        for month in ("2024-01", "2024-02", "2024-03"):
            _report(extra, month, at(2024, int(month[-2:]), 20, 9))
    after = (
        _queries(office, url(p)),
        _queries(office, "/compliance/"),
        _queries(office, url(p, kind="week")),
    )
    assert after == before
    with django_assert_max_num_queries(15):
        office.get(url(p))
    with django_assert_max_num_queries(15):
        office.get("/compliance/")


def test_rank_shares_places_and_leaves_nothing_due_unranked():
    rows = [Tally("甲", 4, 4, 4), Tally("乙", 4, 4, 4), Tally("丙", 4, 3, 2), Tally("丁", 0, 0, 0)]
    ranked = compliance_rank.rank(rows)
    assert [(r.rank, r.tally.unit) for r in ranked] == [(1, "乙"), (1, "甲"), (3, "丙"), (None, "丁")]
    totals = compliance_rank.totals_by([("济宁市", rows[0]), ("微山县", rows[2]), ("济宁市", rows[1])])
    assert [(t.unit, t.expected, t.received) for t in totals] == [("济宁市", 8, 8), ("微山县", 4, 3)]


def test_cell_labels():
    cell = compliance_rank.Cell(on_time=1)
    assert (cell.state, cell.label) == ("on_time", "✓")
    many = compliance_rank.Cell(on_time=2, late=1, missing=1)
    assert (many.state, many.label, many.due) == ("missing", "✓2 迟报1 未报1", 4)
    assert many.title == "按时 2，迟报 1，未报 1"
    assert compliance_rank.Cell(not_due=3).label == "未到期3"
