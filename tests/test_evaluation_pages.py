"""The year-end evaluation's pages: the office creates (from December, once per plan), opens, closes
and publishes; the deputies of the plan's region — exactly — evaluate every project once on one form;
the result shows to the office once closed and to everyone once published; the audit names the
receipt, never the verdicts."""

import re
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import AuditEvent, Membership, Region, Role
from minsheng.participation.evaluations import workflow as service
from minsheng.participation.models import Evaluation, EvaluationCount, EvaluationReceipt
from minsheng.plans.models import Plan
from tests.conftest import plan

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def december(settings):
    settings.MINSHENG_TODAY = "2024-12-10"


def html(response) -> str:
    return response.content.decode()


def create(client, p, title="") -> Evaluation:
    response = client.post("/evaluations/new/", {"plan": p.pk, "title": title})
    assert response.status_code == 302
    return Evaluation.objects.get(plan=p)


def counts(item) -> dict:
    """{(project id, verdict): n} of an evaluation."""
    rows = EvaluationCount.objects.filter(evaluation=item).values_list("project", "verdict", "count")
    return {(pk, v): n for pk, v, n in rows}


def marks_for(p, verdict="satisfied") -> dict:
    return {f"p{pk}": verdict for pk in p.projects.values_list("pk", flat=True)}


def test_office_creates_from_december_once_per_plan(client_for, settings):
    city = plan("济宁市", 2024)
    office = client_for("office")
    settings.MINSHENG_TODAY = "2024-11-30"
    assert f'<option value="{city.pk}"' not in html(office.get("/evaluations/"))
    response = office.post("/evaluations/new/", {"plan": city.pk}, follow=True)
    assert "12月1日起" in html(response) and not Evaluation.objects.filter(plan=city).exists()
    settings.MINSHENG_TODAY = "2024-12-01"
    page = html(office.get("/evaluations/"))
    assert f'<option value="{city.pk}"' in page
    assert f'<option value="{plan("济宁市", 2023).pk}"' in page  # last year's plan: its year is over
    item = create(office, city)
    assert item.title == "济宁市2024年重点民生实事满意度测评" and item.state == "draft"
    assert AuditEvent.objects.filter(
        model="participation.evaluation", object_id=str(item.pk), action="create"
    ).exists()
    response = office.post("/evaluations/new/", {"plan": city.pk}, follow=True)
    assert "本计划已有满意度测评" in html(response) and Evaluation.objects.filter(plan=city).count() == 1
    assert f'<option value="{city.pk}"' not in html(office.get("/evaluations/"))


def test_a_county_office_cannot_create_for_the_city(client_for, december):
    city = plan("济宁市", 2024)
    assert client_for("weishan").post("/evaluations/new/", {"plan": city.pk}).status_code == 404
    assert client_for("deputy").post("/evaluations/new/", {"plan": city.pk}).status_code == 404
    assert client_for("office").post("/evaluations/new/", {"plan": 10**8}).status_code == 404
    assert client_for("office").get(f"/evaluations/{city.pk}/open/").status_code in (404, 405)
    assert not Evaluation.objects.exists()


def test_the_whole_life_on_the_pages(client_for, users, december):
    city = plan("济宁市", 2024)
    office, deputy = client_for("office"), client_for("deputy")
    item = create(office, city, "市人大代表测评")
    assert deputy.get(f"/evaluations/{item.pk}/").status_code == 404  # a draft is the office's
    office.post(f"/evaluations/{item.pk}/open/")
    item.refresh_from_db()
    assert item.state == "open" and item.opened_at
    home = html(deputy.get("/evaluations/"))
    assert "待您测评" in home and f"/evaluations/{item.pk}/vote/" in home

    form = html(deputy.get(f"/evaluations/{item.pk}/vote/"))
    projects = list(city.projects.order_by("order"))
    assert form.count('type="radio"') == 3 * len(projects) and form.count("required") >= 3 * len(projects)
    assert "当前进度 0%" in form and re.search(r'eval-chip-\w+">[蓝绿黄橙红]<', form)
    assert f"<legend>{projects[0].seq}. {projects[0].name}</legend>" in form

    data = marks_for(city)
    data[f"p{projects[0].pk}"] = "unsatisfied"
    assert deputy.post(f"/evaluations/{item.pk}/vote/", data).status_code == 302
    client_for("deputy2").post(f"/evaluations/{item.pk}/vote/", marks_for(city, "basic"))
    assert EvaluationReceipt.objects.filter(evaluation=item).count() == 2
    stored = counts(item)
    assert len(stored) == 3 * len(projects)  # one row per project × verdict, made when it opened
    assert sum(stored.values()) == 2 * len(projects)
    assert stored[(projects[0].pk, "unsatisfied")] == 1 and stored[(projects[0].pk, "basic")] == 1
    assert stored[(projects[1].pk, "satisfied")] == 1 and stored[(projects[1].pk, "basic")] == 1

    # the office sees how many voted, no results while open
    page = html(office.get(f"/evaluations/{item.pk}/"))
    assert "已测评代表 <strong>2</strong> 人，本级人大代表共 3 人" in page and "测评结果" not in page
    office.post(f"/evaluations/{item.pk}/close/")
    item.refresh_from_db()
    assert item.state == "closed"
    first = item.result["projects"][str(projects[0].pk)]
    # 满意 + 基本满意 1 of 2 is exactly half: 不满意; 满意 1 + 基本满意 1 of 2 is more than half: 基本满意
    assert first == {"counts": {"satisfied": 0, "basic": 1, "unsatisfied": 1}, "verdict": "unsatisfied"}
    assert item.result["projects"][str(projects[1].pk)]["verdict"] == "basic"
    page = html(office.get(f"/evaluations/{item.pk}/"))
    assert "测评结果（尚未公布）" in page and "2 名代表参加测评" in page
    assert "测评结果" not in html(deputy.get(f"/evaluations/{item.pk}/"))  # not published yet
    board = html(client_for(None).get(f"/public/plans/{city.pk}/"))
    assert "人大代表测评" not in board

    office.post(f"/evaluations/{item.pk}/publish/")
    item.refresh_from_db()
    assert item.state == "published" and item.published_at
    assert "测评结果" in html(deputy.get(f"/evaluations/{item.pk}/"))
    assert "测评结果" in html(client_for(None).get(f"/evaluations/{item.pk}/"))  # published: public
    board = html(client_for(None).get(f"/public/plans/{city.pk}/"))
    assert "人大代表测评：" in board
    card = board.split(f'/public/projects/{projects[0].pk}/"')[1].split("</article>")[0]
    assert '人大代表测评：<span class="verdict verdict-unsatisfied">不满意</span>' in card
    # a step out of order is refused
    response = office.post(f"/evaluations/{item.pk}/open/", follow=True)
    assert "不能开始测评" in html(response)


def test_one_satisfied_and_one_basic_is_basic_not_satisfied(users, december):
    """1 满意 of 2 is exactly half: 基本满意 (满意 + 基本满意 2 of 2)."""
    city = plan("济宁市", 2024)
    item = service.create(city, users["office"])
    service.step(item, "open", users["office"])
    ids = list(city.projects.values_list("pk", flat=True))
    service.cast(item, users["deputy"], dict.fromkeys(ids, "satisfied"))
    service.cast(item, users["deputy2"], dict.fromkeys(ids, "basic"))
    item = service.step(item, "close", users["office"])
    assert {r["verdict"] for r in item.result["projects"].values()} == {"basic"}


def test_once_per_deputy_and_nothing_written_the_second_time(client_for, users, december):
    city = plan("济宁市", 2024)
    item = service.create(city, users["office"])
    service.step(item, "open", users["office"])
    deputy = client_for("deputy")
    deputy.post(f"/evaluations/{item.pk}/vote/", marks_for(city))
    before = counts(item)
    again = deputy.post(f"/evaluations/{item.pk}/vote/", marks_for(city, "unsatisfied"), follow=True)
    assert "您已完成测评" in html(again)
    assert counts(item) == before and EvaluationReceipt.objects.count() == 1
    assert not EvaluationCount.objects.filter(verdict="unsatisfied", count__gt=0).exists()
    shown = deputy.get(f"/evaluations/{item.pk}/vote/", follow=True)
    assert "您已完成测评" in html(shown)


def test_a_missing_project_is_refused_and_nothing_written(client_for, users, december):
    city = plan("济宁市", 2024)
    item = service.create(city, users["office"])
    service.step(item, "open", users["office"])
    data = marks_for(city)
    data.pop(next(iter(data)))
    response = client_for("deputy").post(f"/evaluations/{item.pk}/vote/", data)
    assert response.status_code == 422 and "还有 1 个项目未评价" in html(response)
    assert html(response).count(" checked") == len(data)  # the choices made are kept
    assert not EvaluationReceipt.objects.exists()
    assert EvaluationCount.objects.aggregate(n=Sum("count"))["n"] == 0


def test_only_deputies_of_the_region_itself(client_for, users, december):
    city, county = plan("济宁市", 2024), plan("微山县", 2024)
    Membership.objects.create(
        user=users["deputy3"], role=Role.DEPUTY, region=Region.objects.get(name="微山县")
    )
    Membership.objects.filter(user=users["deputy3"], region__name="济宁市").delete()
    item = service.create(city, users["office"])
    service.step(item, "open", users["office"])
    county_item = service.step(service.create(county, users["office"]), "open", users["office"])
    county_deputy = client_for("deputy3")
    assert county_deputy.get(f"/evaluations/{item.pk}/vote/").status_code == 404
    assert county_deputy.post(f"/evaluations/{item.pk}/vote/", marks_for(city)).status_code == 404
    assert (
        client_for("deputy").get(f"/evaluations/{county_item.pk}/vote/").status_code == 404
    )  # the city's deputy
    assert client_for("office").get(f"/evaluations/{item.pk}/vote/").status_code == 404
    assert client_for("deputy3").get(f"/evaluations/{county_item.pk}/vote/").status_code == 200
    with pytest.raises(service.EvaluationError) as refused:
        service.cast(item, users["deputy3"], {})
    assert refused.value.status == 403
    assert not EvaluationReceipt.objects.exists()


def test_the_audit_names_the_receipt_never_the_verdicts(client_for, users, december):
    city = plan("济宁市", 2024)
    item = service.create(city, users["office"])
    service.step(item, "open", users["office"])
    client_for("deputy").post(f"/evaluations/{item.pk}/vote/", marks_for(city, "unsatisfied"))
    receipt = EvaluationReceipt.objects.get()
    event = AuditEvent.objects.get(action="evaluation cast")
    assert event.model == "participation.evaluationreceipt" and event.object_id == str(receipt.pk)
    assert event.actor == users["deputy"] and event.changes == {}
    assert not AuditEvent.objects.filter(model="participation.evaluationcount").exists()
    for e in AuditEvent.objects.filter(model__startswith="participation."):
        assert "不满意" not in str(e.changes) and "unsatisfied" not in str(e.changes)


def test_only_receipts_and_counts_are_stored_nothing_per_ballot(users, december):
    """Nothing grows by one row per deputy but the receipt (and its audit event, which names the
    receipt only): a row per ballot would sit in casting order, which the receipts' order matches to
    the deputies. The verdicts live only in the counts."""
    city = plan("济宁市", 2024)
    item = service.create(city, users["office"])
    service.step(item, "open", users["office"])
    ids = list(city.projects.values_list("pk", flat=True))
    models = apps.get_models(include_auto_created=True)

    def rows() -> dict:
        return {m._meta.label: m._default_manager.count() for m in models}

    assert len(counts(item)) == 3 * len(ids) and set(counts(item).values()) == {0}
    for username, verdict in (("deputy", "satisfied"), ("deputy2", "basic"), ("deputy3", "satisfied")):
        before = rows()
        service.cast(item, users[username], dict.fromkeys(ids, verdict))
        grown = {label: n - before[label] for label, n in rows().items() if n != before[label]}
        assert grown == {"participation.EvaluationReceipt": 1, "core.AuditEvent": 1}, grown
    stored = counts(item)
    assert len(stored) == 3 * len(ids)  # still one row per project × verdict
    assert all(stored[(pk, "satisfied")] == 2 and stored[(pk, "basic")] == 1 for pk in ids)
    assert all(stored[(pk, "unsatisfied")] == 0 for pk in ids)
    receipt_fields = {f.name for f in EvaluationReceipt._meta.get_fields()}
    assert receipt_fields == {"id", "evaluation", "deputy", "voted_at"}  # who and when, never how
    item = service.step(item, "close", users["office"])
    assert item.result["ballots"] == 3
    assert {r["verdict"] for r in item.result["projects"].values()} == {"satisfied"}  # 2 of 3


def test_list_cost_does_not_grow_with_evaluations(client_for, users, december):
    office = users["office"]
    first = service.create(plan("济宁市", 2024), office)
    service.step(first, "open", office)
    service.cast(
        first,
        users["deputy"],
        dict.fromkeys(plan("济宁市", 2024).projects.values_list("pk", flat=True), "basic"),
    )

    def count(username) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_for(username).get("/evaluations/").status_code == 200
        return len(captured)

    before = {u: count(u) for u in ("office", "deputy", None)}
    for p in Plan.objects.filter(region__name__in=["济宁市", "微山县"], state="published").exclude(
        pk=first.plan_id
    ):
        item = service.step(service.create(p, office), "open", office)
        if p.region.name == "济宁市":
            service.cast(
                item, users["deputy2"], dict.fromkeys(p.projects.values_list("pk", flat=True), "satisfied")
            )
    assert Evaluation.objects.count() >= 3
    after = {u: count(u) for u in ("office", "deputy", None)}
    assert after == before, (before, after)


@pytest.mark.parametrize("bad", ["x", "²", "-1", "9" * 5000, ""])
def test_a_bad_plan_number_is_a_chinese_error(client_for, december, bad):
    response = client_for("office").post("/evaluations/new/", {"plan": bad}, follow=True)
    assert response.status_code == 200 and "请选择要测评的计划。" in html(response)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("key", ["p²", "p" + "9" * 5000, "p١"])
def test_a_bad_project_key_is_a_chinese_error_and_nothing_written(client_for, users, december, key):
    city = plan("济宁市", 2024)
    item = service.step(service.create(city, users["office"]), "open", users["office"])
    data = urlencode({**marks_for(city), key: "satisfied"})  # as a browser posts a form
    response = client_for("deputy").post(f"/evaluations/{item.pk}/vote/", data, content_type=FORM)
    assert response.status_code == 422 and "项目编号无效" in html(response)
    assert not EvaluationReceipt.objects.exists()
    assert EvaluationCount.objects.aggregate(n=Sum("count"))["n"] == 0


def test_a_bad_verdict_value_is_a_chinese_error(client_for, users, december):
    city = plan("济宁市", 2024)
    item = service.step(service.create(city, users["office"]), "open", users["office"])
    data = marks_for(city)
    data[next(iter(data))] = "9" * 5000
    response = client_for("deputy").post(f"/evaluations/{item.pk}/vote/", data)
    assert response.status_code == 422 and "评价只能是满意、基本满意或不满意" in html(response)
    assert not EvaluationReceipt.objects.exists()
