"""The ten-day dispatch page (/dashboard/dispatch/) on the demo clock (15 July 2024): who sees it, the
window, new reports, colour changes, new problems, overdue items, the leader's toggle, the htmx
fragment and a query count that does not grow with the rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import Person
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.models import Report, ReportValue
from minsheng.supervision.models import Problem, SupervisionOrder
from tests.conftest import project

URL = "/dashboard/dispatch/"
TZ = calendar.SHANGHAI


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour), TZ)


def file_report(item, period: str, submitted: str, approved: str | None = None, share=None, kind="month"):
    """A report of `item` submitted (and approved) on the given days, every indicator at `share` of
    its way from the baseline to the target."""
    p = calendar.parse_period(period)
    report = Report.objects.create(
        project=item,
        kind=kind,
        period=period,
        period_start=p.start,
        period_end=p.end,
        state="approved" if approved else "submitted",
        submitted_at=at(submitted),
        approved_at=at(approved, 16) if approved else None,
    )
    if share is not None:
        ReportValue.objects.bulk_create(
            ReportValue(
                report=report,
                indicator=i,
                value=i.baseline + (i.target_value - i.baseline) * Decimal(str(share)),
            )
            for i in item.indicators.all()
        )
    return report


def problem(item, created: str, **fields) -> Problem:
    made = Problem.objects.create(project=item, description=fields.pop("description", "资金未到位"), **fields)
    Problem.objects.filter(pk=made.pk).update(created_at=at(created))
    return made


def data(response):
    assert response.status_code == 200, response.content[:300]
    return response.context["data"]


def test_access(client_for):
    assert client_for(None).get(URL).status_code == 302
    for name in ["outsider", "minzheng"]:
        assert client_for(name).get(URL).status_code == 403
    for name in ["office", "weishan", "leader", "deputy", "admin"]:
        assert client_for(name).get(URL).status_code == 200, name
    assert (
        client_for("weishan").get(URL, {"region": project("济宁市", 2024, "1").plan.region_id}).status_code
        == 404
    )


def test_the_window_and_its_neighbours(client_for):
    response = client_for("office").get(URL)
    html = response.content.decode()
    assert "2024年7月6日至2024年7月15日" in html and "共 10 天" in html
    assert response.context["previous_url"].endswith("as_of=2024-07-05")
    assert response.context["next_url"] is None  # never after today
    assert "2024年7月上旬" in html and "2024年7月中旬" in html and "2024年7月下旬" not in html
    earlier = client_for("office").get(URL, {"as_of": "2024-07-01"})
    assert earlier.context["next_url"].endswith("as_of=2024-07-11")
    xun = client_for("office").get(URL, {"xun": "2024-06-3"})
    assert xun.context["window"].start == datetime.date(2024, 6, 21) and xun.context["window"].days == 10
    assert "2024年6月下旬（2024年6月21日至2024年6月30日）" in xun.content.decode()
    assert xun.context["next_url"].endswith("xun=2024-07-1")
    future = client_for("office").get(URL, {"as_of": "2024-09-01"})
    assert future.context["window"].end == datetime.date(2024, 7, 15)  # cut at today


def test_reports_submitted_inside_the_window_only(client_for):
    inside, outside = project("济宁市", 2024, "1"), project("济宁市", 2024, "2")
    file_report(inside, "2024-06", submitted="2024-07-10")
    file_report(outside, "2024-06", submitted="2024-07-05")  # the day before the window
    file_report(outside, "2024-05", submitted="2024-06-01", approved="2024-07-08")  # approved in the window
    file_report(inside, "2024-W28", submitted="2024-07-12", kind="week")
    response = client_for("office").get(URL)
    found = data(response)
    assert [r.project_id for r in found.submitted] == [inside.pk]
    assert [r.project_id for r in found.approved] == [outside.pk]
    assert found.count_rows == [("月报", 1, 1), ("周台账", 1, 0)]
    html = response.content.decode()
    assert f'href="/reports/{found.submitted[0].pk}/"' in html and "2024-07-10 10:00" in html
    assert found.summary.startswith("本旬新报送月报1份") and found.summary in html
    assert "<caption>本旬首次报送的月报</caption>" in html
    empty = data(client_for("office").get(URL, {"as_of": "2024-06-20"}))
    assert not empty.submitted and not empty.changes


def test_empty_sections_say_so(client_for):
    html = client_for("office").get(URL, {"as_of": "2024-01-10"}).content.decode()
    for sentence in ["本旬无新报送的月报。", "本旬无状态变化的项目。", "本旬无新问题。", "本旬无逾期事项。"]:
        assert sentence in html
    assert html.count("<section") == 4 and html.count("<h2") == 4


def test_colour_changes_worsened_first_with_text_labels(client_for):
    falls, rises = project("济宁市", 2024, "1"), project("济宁市", 2024, "2")
    for month in range(1, 6):  # on pace until May, then no June report: overdue from 28 June
        file_report(
            falls,
            f"2024-{month:02d}",
            submitted=f"2024-{month:02d}-20",
            approved=f"2024-{month:02d}-21",
            share=month / 10,
        )
    for month in range(1, 7):  # far behind, until June's report, approved in the window, catches up
        file_report(
            rises,
            f"2024-{month:02d}",
            submitted=f"2024-{month:02d}-20",
            approved="2024-06-25" if month == 6 else f"2024-{month:02d}-21",
            share=0.6 if month == 6 else 0.01,
        )
    response = client_for("office").get(URL, {"as_of": "2024-07-01"})
    changes = [(p.pk, c.before_label, c.after_label, c.worsened) for c, p in data(response).changes]
    assert changes == [(falls.pk, "绿", "橙", True), (rises.pk, "红", "绿", False)]
    html = response.content.decode()
    assert (
        '<span class="colour colour-green">绿</span> → <span class="colour colour-orange">橙</span>' in html
    )
    assert "变差" in html and "好转" in html and "状态变差1个" in html
    assert (falls, 1) in data(response).late_projects  # June's report is overdue


def test_a_new_problem_appears_with_its_link(client_for, users):
    item = project("济宁市", 2024, "3")
    new = problem(
        item,
        "2024-07-08",
        source="inspection",
        deadline=datetime.date(2024, 8, 1),
        responsible_person="张三",
        description="场地尚未落实",
    )
    problem(item, "2024-07-01", description="早先的问题")
    response = client_for("office").get(URL)
    assert [p.pk for p in data(response).problems] == [new.pk]
    html = response.content.decode()
    assert f'href="/problems/{new.pk}/"' in html and "场地尚未落实" in html and "实地督查" in html
    assert "早先的问题" not in html and "新增问题1条" in html


def test_overdue_problems_and_notices(client_for, users):
    item = project("济宁市", 2024, "4")
    unit = item.unit_roles.filter(role="lead").first().unit
    late = problem(item, "2024-06-01", deadline=datetime.date(2024, 7, 1), description="整改逾期的问题")
    problem(
        item, "2024-06-01", deadline=datetime.date(2024, 7, 1), state="resolved", description="已整改的问题"
    )
    problem(item, "2024-06-01", deadline=datetime.date(2024, 7, 30), description="未到期的问题")

    def order(number, respond_by, state="issued"):
        return SupervisionOrder.objects.create(
            project=item,
            unit=unit,
            kind="notice",
            number=number,
            reasons="进度滞后",
            state=state,
            respond_by=datetime.date.fromisoformat(respond_by),
            issued_at=at("2024-07-01"),
        )

    overdue = order("督〔2024〕1号", "2024-07-11")
    order("督〔2024〕2号", "2024-07-11", state="answered")
    order("督〔2024〕3号", "2024-07-20")
    response = client_for("office").get(URL)
    found = data(response)
    assert [p.pk for p in found.late_problems] == [late.pk] and found.late_problems[0].late_days == 14
    assert [n.pk for n in found.late_orders] == [overdue.pk] and found.late_orders[0].late_days == 4
    html = response.content.decode()
    assert "督〔2024〕1号" in html and f'href="/supervision/orders/{overdue.pk}/"' in html
    assert "督〔2024〕2号" not in html and "督〔2024〕3号" not in html
    assert "已整改的问题" not in html and "未到期的问题" not in html
    assert found.overdue_count == len(found.late_projects) + 2
    before = data(client_for("office").get(URL, {"as_of": "2024-07-10"}))
    assert not before.late_orders  # not yet past its deadline on the 10th


def test_the_leader_toggle(client_for):
    person = Person.objects.get(name="张呈祥")
    his = person.projects.filter(plan__year=2024).order_by("pk").first()
    other = his.plan.projects.exclude(leaders=person).first()
    problem(his, "2024-07-08", description="分管项目的问题")
    problem(other, "2024-07-08", description="其他项目的问题")
    client = client_for("leader")
    response = client.get(URL)
    assert response.context["mine"] is True
    html = response.content.decode()
    assert "只看我分管的" in html and 'name="mine" value="1" checked' in html
    assert "分管项目的问题" in html and "其他项目的问题" not in html
    everything = client.get(URL, {"mine": "0"})
    assert everything.context["mine"] is False
    assert {p.project_id for p in data(everything).problems} == {his.pk, other.pk}
    assert "mine=0" in everything.context["previous_url"]  # the choice follows the links
    office = client_for("weishan").get(URL)
    assert not office.context["toggle"] and "只看我分管的" not in office.content.decode()


def test_htmx_gets_the_fragment(client_for):
    response = client_for("office").get(URL, {"as_of": "2024-07-01"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="dispatch"')
    assert "<main" not in html and "<h1" not in html


def test_queries_do_not_grow_with_rows(client_for, django_assert_max_num_queries):
    client = client_for("office")
    items = list(project("济宁市", 2024, "1").plan.projects.order_by("pk"))

    def add(count: int, offset: int):
        for n in range(count):
            item = items[(offset + n) % len(items)]
            file_report(item, f"2024-W{(offset + n) % 20 + 1:02d}", submitted="2024-07-10", kind="week")
            problem(item, "2024-07-09", deadline=datetime.date(2024, 7, 1))
        for n in range(min(count, 6)):
            item = items[offset + n]
            file_report(item, "2024-06", submitted="2024-07-09", approved="2024-07-12", share=0.5)

    add(5, 0)
    with CaptureQueriesContext(connection) as few:
        first = data(client.get(URL))
    add(25, 6)
    with django_assert_max_num_queries(len(few)):
        more = data(client.get(URL))
    assert len(more.problems) == 30 and len(more.submitted) > len(first.submitted)
