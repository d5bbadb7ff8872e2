"""The three lists' pages: who sees which problems, filters and the htmx fragment, a fixed number of
queries, the office adding and verifying, the responsible unit rectifying — audited, and a double click
is one step."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime

from minsheng.core.models import AuditEvent, Unit
from minsheng.supervision.models import Problem
from minsheng.supervision.problems.workflow import ProblemError, act
from tests.conftest import plan, project
from tests.forms import form_data


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def make(p, description, **fields):
    fields.setdefault("responsible_unit", p.unit_roles.filter(role="lead").first().unit)
    return Problem.objects.create(project=p, description=description, **fields)


@pytest.fixture
def problems(db):
    city1, city7 = project("济宁市", 2024, "1"), project("济宁市", 2024, "7")  # 市民政局, 市教育局
    canteens = project("微山县", 2024, "4.2")  # 县民政局
    return {
        "late": make(
            city1,
            "入户改造进度慢",
            source="inspection",
            deadline=datetime.date(2024, 7, 1),
            state="rectifying",
            measure="增派施工队伍",
            responsible_person="王科长",
        ),
        "open": make(city1, "部分老人不愿改造", source="report", deadline=datetime.date(2024, 8, 1)),
        "school": make(
            city7,
            "新校区用地未落实",
            source="public",
            deadline=datetime.date(2024, 6, 30),
            state="resolved",
            measure="已协调用地",
        ),
        "canteen": make(canteens, "食堂选址群众意见大", source="leader"),
    }


def listed(response) -> set[str]:
    return {p.description for p in response.context["page"].object_list}


def city_url(suffix=""):
    return f"/plans/{plan('济宁市', 2024).pk}/problems/{suffix}"


def test_the_office_sees_every_problem_of_the_plan_with_overdue_marked(client_for, problems):
    response = client_for("office").get(city_url())
    assert response.status_code == 200
    assert listed(response) == {"入户改造进度慢", "部分老人不愿改造", "新校区用地未落实"}
    rows = {p.description: p for p in response.context["page"].object_list}
    assert rows["入户改造进度慢"].overdue  # rectifying, deadline 1 July
    assert not rows["新校区用地未落实"].overdue  # past its deadline but rectified
    assert not rows["部分老人不愿改造"].overdue
    html = response.content.decode()
    late = html[html.index(f'id="problem-{problems["late"].pk}"') :]
    assert '<mark class="overdue">逾期</mark>' in late[: late.index("</tr>")]
    for text in (
        "实地督查",
        "单位报告",
        "群众反映",
        "市民政局 · 王科长",
        "增派施工队伍",
        "2024-07-01",
        "整改中",
    ):
        assert text in html
    assert 'class="table-wrap"' in html and 'data-label="整改时限"' in html  # a card per problem on a phone
    assert "登记问题" in html  # the office may add


def test_filters_and_the_htmx_fragment(client_for, problems):
    client = client_for("office")
    assert listed(client.get(city_url() + "?state=resolved")) == {"新校区用地未落实"}
    assert listed(client.get(city_url() + "?source=inspection")) == {"入户改造进度慢"}
    assert listed(client.get(city_url() + "?overdue=1")) == {"入户改造进度慢"}
    assert listed(client.get(city_url() + "?q=老人")) == {"部分老人不愿改造"}
    assert listed(client.get(city_url() + "?q=施工队伍")) == {"入户改造进度慢"}  # the measure too
    education = Unit.objects.get(name="市教育局")
    assert listed(client.get(city_url() + f"?unit={education.pk}")) == {"新校区用地未落实"}
    assert listed(client.get(city_url() + "?state=bogus&unit=x")) == {
        "入户改造进度慢",
        "部分老人不愿改造",
        "新校区用地未落实",
    }
    fragment = client.get(city_url() + "?state=open", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert html.lstrip().startswith('<div id="problem-results">') and "<html" not in html
    assert "部分老人不愿改造" in html and "入户改造进度慢" not in html
    assert "problems/export.xlsx?state=open" in html  # the export takes the same filters
    everywhere = client.get("/problems/?plan=" + str(plan("微山县", 2024).pk))
    assert listed(everywhere) == {"食堂选址群众意见大"}


@pytest.mark.parametrize(
    "role,city,everywhere",
    [
        ("office", 200, {"入户改造进度慢", "部分老人不愿改造", "新校区用地未落实", "食堂选址群众意见大"}),
        ("admin", 200, {"入户改造进度慢", "部分老人不愿改造", "新校区用地未落实", "食堂选址群众意见大"}),
        ("deputy", 200, {"入户改造进度慢", "部分老人不愿改造", "新校区用地未落实", "食堂选址群众意见大"}),
        ("weishan", 404, {"食堂选址群众意见大"}),
        ("leader", 404, {"食堂选址群众意见大"}),
        ("minzheng", 200, {"入户改造进度慢", "部分老人不愿改造"}),
        ("minzheng_head", 200, {"入户改造进度慢", "部分老人不愿改造"}),
        ("jiaoyu", 200, {"新校区用地未落实"}),
        ("weishan_minzheng", 404, {"食堂选址群众意见大"}),
        ("outsider", 404, None),
    ],
)
def test_who_sees_which_problems(client_for, problems, role, city, everywhere):
    client = client_for(role)
    response = client.get(city_url())
    assert response.status_code == city
    overall = client.get("/problems/")
    if everywhere is None:
        assert overall.status_code == 404
    else:
        assert listed(overall) == everywhere
    for key, problem in problems.items():
        visible = everywhere is not None and problem.description in everywhere
        assert client.get(f"/problems/{problem.pk}/").status_code == (200 if visible else 404), key
        assert client.get(f"/problems/{problem.pk}/").status_code == (200 if visible else 404), key


def test_the_public_is_asked_to_log_in(client_for, problems):
    assert client_for(None).get(city_url()).status_code == 302
    assert client_for(None).get("/problems/").status_code == 302


def _grow(n, start=0):
    projects = list(plan("济宁市", 2024).projects.order_by("order")[:10])
    for k in range(start, start + n):
        make(
            projects[k % 10],
            f"增补问题{k}",
            deadline=datetime.date(2024, 7, 1),
            state="rectifying",
            responsible_person=f"责任人{k}",
        )


def test_query_count_does_not_grow_with_rows(client_for, problems, django_assert_max_num_queries):
    client = client_for("office")
    for url in (city_url(), "/problems/", city_url("export.xlsx")):
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        _grow(25, start=len(Problem.objects.all()))
        with django_assert_max_num_queries(len(few)):
            response = client.get(url)
        assert response.status_code == 200


def test_the_office_adds_a_problem_with_the_rendered_form(client_for, problems, users):
    client = client_for("office")
    p = project("济宁市", 2024, "3")
    page = client.get(city_url(f"new/?project={p.pk}"))
    assert page.status_code == 200
    data = form_data(page.content.decode())
    assert data["project"] == str(p.pk) and data["source"] == "inspection"
    data.update(description="  老年食堂消防通道堵塞  ", responsible_person="李主任", deadline="2024-08-15")
    response = client.post(city_url("new/"), data)
    problem = Problem.objects.get(description="老年食堂消防通道堵塞")
    assert response.status_code == 302 and response["Location"] == f"/problems/{problem.pk}/"
    assert problem.responsible_unit.name == "市民政局"  # the lead unit when none is chosen
    assert problem.created_by == users["office"] and problem.state == "open"
    event = AuditEvent.objects.get(model="supervision.problem", object_id=str(problem.pk))
    assert event.action == "create" and event.changes["问题描述"] == [None, "老年食堂消防通道堵塞"]
    # the responsible unit now sees it
    assert client_for("minzheng").get(f"/problems/{problem.pk}/").status_code == 200


def test_adding_refuses_a_past_deadline_and_a_unit(client_for, problems):
    client = client_for("office")
    data = form_data(client.get(city_url("new/")).content.decode())
    data.update(project=str(project("济宁市", 2024, "3").pk), description="问题", deadline="2024-07-01")
    response = client.post(city_url("new/"), data)
    assert response.status_code == 422 and "整改时限不能早于今天（2024-07-15）" in response.content.decode()
    assert not Problem.objects.filter(description="问题").exists()
    assert client_for("minzheng").get(city_url("new/")).status_code == 404
    assert client_for("weishan").get(city_url("new/")).status_code == 404
    assert client_for("weishan").get(f"/plans/{plan('微山县', 2024).pk}/problems/new/").status_code == 200


def post(client, problem, action, **fields):
    return client.post(f"/problems/{problem.pk}/act/", {"action": action, **fields})


def events(problem, action):
    return AuditEvent.objects.filter(model="supervision.problem", object_id=str(problem.pk), action=action)


def test_the_unit_rectifies_and_the_office_verifies_or_sends_back(client_for, problems, users):
    unit, office = client_for("minzheng"), client_for("office")
    problem = problems["open"]
    page = unit.get(f"/problems/{problem.pk}/").content.decode()
    assert 'value="start"' in page and 'value="verify"' not in page
    data = form_data(page)
    data.update(measure="入户动员，分批改造", action="start")
    assert unit.post(f"/problems/{problem.pk}/act/", data).status_code == 302
    problem.refresh_from_db()
    assert (problem.state, problem.measure) == ("rectifying", "入户动员，分批改造")
    assert events(problem, "start").get().changes["状态"] == ["待整改", "整改中"]

    assert post(unit, problem, "resolve", measure="入户动员，已全部改造").status_code == 302
    refused = post(unit, problem, "verify", verification="自己核验")
    assert refused.status_code == 422 and "只有督查室可以核验通过。" in refused.content.decode()
    office_page = office.get(f"/problems/{problem.pk}/").content.decode()
    assert (
        'value="verify"' in office_page
        and 'value="send_back"' in office_page
        and 'value="start"' not in office_page
    )
    refused = post(office, problem, "send_back", comment="")
    assert refused.status_code == 422 and "退回整改时请填写退回意见。" in refused.content.decode()
    assert post(office, problem, "send_back", comment="现场仍有3户未改造").status_code == 302
    problem.refresh_from_db()
    assert problem.state == "rectifying" and problem.verification == "退回整改：现场仍有3户未改造"

    post(unit, problem, "resolve", measure="3户已改造完成")
    assert post(office, problem, "verify", verification="现场核验，全部完成").status_code == 302
    assert post(office, problem, "verify", verification="再点一次").status_code == 302  # a double click
    problem.refresh_from_db()
    assert problem.state == "verified" and problem.verification == "现场核验，全部完成"
    assert problem.verified_by == users["office"] and localtime(problem.verified_at).date() == datetime.date(
        2024, 7, 15
    )
    assert events(problem, "verify").count() == 1
    closed = post(unit, problem, "measure", measure="再改")
    assert closed.status_code == 422 and "该问题当前为“已核验”，不能保存整改措施。" in closed.content.decode()
    history = office.get(f"/problems/{problem.pk}/").content.decode()
    assert "核验通过" in history and "退回整改" in history and "开始整改" in history


def test_only_the_responsible_unit_rectifies(client_for, problems):
    problem = problems["open"]
    for role in ("jiaoyu", "weishan_minzheng"):
        assert post(client_for(role), problem, "start", measure="x").status_code == 404  # cannot even see it
    refused = post(client_for("office"), problem, "start", measure="督查室代填")
    assert refused.status_code == 422 and "只有责任单位可以开始整改。" in refused.content.decode()
    problem.refresh_from_db()
    assert problem.state == "open" and not problem.measure


def test_a_double_click_is_one_step(client_for, problems):
    unit, problem = client_for("minzheng"), problems["open"]
    for _ in range(2):
        assert post(unit, problem, "start", measure="分批改造").status_code == 302
    assert events(problem, "start").count() == 1 and not events(problem, "measure").exists()
    post(unit, problem, "start", measure="分批改造，每周调度")  # from a stale page: the measure is kept
    problem.refresh_from_db()
    assert problem.state == "rectifying" and problem.measure == "分批改造，每周调度"
    assert events(problem, "measure").get().changes["整改措施"] == ["分批改造", "分批改造，每周调度"]


def test_a_stale_page_cannot_overwrite_a_newer_state(problems, users):
    problem = problems["open"]
    Problem.objects.filter(pk=problem.pk).update(state="resolved")  # someone else moved on meanwhile
    with pytest.raises(ProblemError) as refused:
        act(problem, users["minzheng"], "start", "分批改造")
    assert refused.value.messages == ["该问题已变为“已整改”，请刷新页面后再操作。"]
    assert not events(problem, "start").exists()


def test_the_office_assigns_unit_person_and_deadline(client_for, problems):
    office, problem = client_for("office"), problems["open"]
    page = office.get(f"/problems/{problem.pk}/").content.decode()
    data = form_data(page[page.index('value="assign"') - 300 :])
    education = Unit.objects.get(name="市教育局")
    data.update(responsible_unit=str(education.pk), responsible_person="张校长", deadline="2024-09-30")
    assert office.post(f"/problems/{problem.pk}/act/", data).status_code == 302
    problem.refresh_from_db()
    assert (problem.responsible_unit, problem.responsible_person) == (education, "张校长")
    assert problem.deadline == datetime.date(2024, 9, 30)
    changes = events(problem, "assign").get().changes
    assert changes["责任单位"] == ["市民政局", "市教育局"] and changes["整改时限"] == [
        "2024-08-01",
        "2024-09-30",
    ]
    # the newly responsible unit sees it and rectifies; the lead unit still sees it but may not act
    assert post(client_for("jiaoyu"), problem, "start", measure="调整学区").status_code == 302
    assert client_for("minzheng").get(f"/problems/{problem.pk}/").status_code == 200
    late = office.post(f"/problems/{problem.pk}/act/", {**data, "deadline": "2024-07-01"})
    assert late.status_code == 422 and "整改时限不能早于今天" in late.content.decode()
    assert post(client_for("minzheng"), problem, "assign", responsible_person="我").status_code == 422


def test_the_registrant_is_named_by_full_name_else_username(client_for, problems, users):
    office = client_for("office")
    late = problems["late"]

    def registrant():
        html = office.get(f"/problems/{late.pk}/").content.decode()
        return html.split("<dt>登记</dt><dd>", 1)[1].split("，", 1)[0]

    assert registrant() == "系统"  # none: listed from the demo or by the system
    Problem.objects.filter(pk=late.pk).update(created_by=users["minzheng"])
    assert registrant() == "市民政局填报员"
    users["minzheng"].first_name = ""
    users["minzheng"].save(update_fields=["first_name"])
    assert registrant() == "minzheng"
