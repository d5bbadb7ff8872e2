"""Satisfaction through the API: each project's verdict and survey mean, the deputies' results only
once published (the plan's office sees a closed evaluation's result before); a deputy's ballot — 201
once, 409 again, 422 for missing or unknown projects; the same scoping as the pages."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from minsheng.participation.evaluations import workflow as service
from minsheng.participation.models import EvaluationCount, EvaluationReceipt, SurveyResponse
from minsheng.plans.models import Plan
from tests.conftest import plan


@pytest.fixture
def december(settings):
    settings.MINSHENG_TODAY = "2024-12-10"


def _token(username):
    out = StringIO()
    call_command("token", username, stdout=out)
    return out.getvalue().strip()


def call(username, method, url, data=None):
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(username)}"} if username else {}
    if method == "get":
        response = client.get(f"/api/v1{url}", **headers)
    else:
        response = client.post(f"/api/v1{url}", json.dumps(data), content_type="application/json", **headers)
    return response.status_code, response.json()


def opened(users):
    item = service.create(plan("济宁市", 2024), users["office"])
    service.step(item, "open", users["office"])
    return item


def all_marks(p, verdict="satisfied") -> dict:
    return {str(pk): verdict for pk in p.projects.values_list("pk", flat=True)}


def test_satisfaction_without_results(db):
    city = plan("济宁市", 2024)
    status, data = call(None, "get", f"/plans/{city.pk}/satisfaction")
    assert status == 200 and data["evaluation"] is None and data["survey_count"] == 0
    first = data["projects"][0]
    assert first["verdict"] is None and first["verdict_label"] is None and first["counts"] is None
    assert first["survey_mean"] is None and first["survey_count"] == 0
    assert len(data["projects"]) == city.projects.count()
    draft = Plan.objects.get(region__name="济宁市", year=2025)
    assert call(None, "get", f"/plans/{draft.pk}/satisfaction")[0] == 404


def test_results_shown_to_the_office_when_closed_and_to_all_when_published(users, december):
    city = plan("济宁市", 2024)
    item = opened(users)
    first = city.projects.order_by("order").first()
    status, body = call("deputy", "post", f"/evaluations/{item.pk}/ballot", {"marks": all_marks(city)})
    assert status == 201 and body["evaluation"] == item.pk
    marks = all_marks(city, "basic")
    marks[str(first.pk)] = "unsatisfied"
    assert call("deputy2", "post", f"/evaluations/{item.pk}/ballot", {"marks": marks})[0] == 201
    SurveyResponse.objects.bulk_create(
        SurveyResponse(project=first, score=s, client=f"c{s}") for s in (90, 81)
    )
    service.step(item, "close", users["office"])

    status, public = call(None, "get", f"/plans/{city.pk}/satisfaction")
    assert public["evaluation"] is None and public["projects"][0]["verdict"] is None
    assert public["projects"][0]["survey_mean"] == 85.5 and public["projects"][0]["survey_count"] == 2
    assert public["projects"][0]["survey_enough"] is False and public["survey_count"] == 2
    assert call("deputy", "get", f"/plans/{city.pk}/satisfaction")[1]["evaluation"] is None
    _, office = call("office", "get", f"/plans/{city.pk}/satisfaction")
    assert office["evaluation"]["state"] == "closed" and office["evaluation"]["published"] is False
    row = next(r for r in office["projects"] if r["project"] == first.pk)
    assert row["verdict"] == "unsatisfied" and row["verdict_label"] == "不满意"  # 满意 1 of 2: exactly half
    assert row["counts"] == {"satisfied": 1, "basic": 0, "unsatisfied": 1}
    other = next(r for r in office["projects"] if r["project"] != first.pk)
    assert other["verdict"] == "basic" and other["counts"] == {"satisfied": 1, "basic": 1, "unsatisfied": 0}

    service.step(item, "publish", users["office"])
    _, public = call(None, "get", f"/plans/{city.pk}/satisfaction")
    assert public["evaluation"]["published"] is True and public["evaluation"]["rate"] is not None
    assert next(r for r in public["projects"] if r["project"] == first.pk)["counts"]["unsatisfied"] == 1


def test_a_ballot_once(users, december):
    city = plan("济宁市", 2024)
    item = opened(users)
    assert call("deputy", "post", f"/evaluations/{item.pk}/ballot", {"marks": all_marks(city)})[0] == 201
    status, body = call(
        "deputy", "post", f"/evaluations/{item.pk}/ballot", {"marks": all_marks(city, "basic")}
    )
    assert status == 409 and "您已完成测评" in body["detail"]
    assert EvaluationReceipt.objects.count() == 1
    assert not EvaluationCount.objects.filter(verdict="basic", count__gt=0).exists()
    assert set(EvaluationCount.objects.filter(verdict="satisfied").values_list("count", flat=True)) == {1}


def test_missing_or_unknown_projects_are_422(users, december):
    city = plan("济宁市", 2024)
    item = opened(users)
    marks = all_marks(city)
    marks.pop(next(iter(marks)))
    status, body = call("deputy", "post", f"/evaluations/{item.pk}/ballot", {"marks": marks})
    assert status == 422 and "还有 1 个项目未评价" in body["detail"]
    stranger = plan("微山县", 2024).projects.first()
    status, body = call(
        "deputy",
        "post",
        f"/evaluations/{item.pk}/ballot",
        {"marks": {**all_marks(city), str(stranger.pk): "basic"}},
    )
    assert status == 422 and str(stranger.pk) in body["detail"]
    status, body = call(
        "deputy", "post", f"/evaluations/{item.pk}/ballot", {"marks": {**all_marks(city), "x": "basic"}}
    )
    assert status == 422
    bad = all_marks(city)
    bad[next(iter(bad))] = "great"
    assert call("deputy", "post", f"/evaluations/{item.pk}/ballot", {"marks": bad})[0] == 422
    assert not EvaluationReceipt.objects.exists() and not EvaluationCount.objects.filter(count__gt=0).exists()


@pytest.mark.parametrize("key", ["²", "9" * 5000, "-1", " ", "１"])
def test_a_bad_project_key_is_422_in_chinese(users, december, key):
    city = plan("济宁市", 2024)
    item = opened(users)
    status, body = call(
        "deputy", "post", f"/evaluations/{item.pk}/ballot", {"marks": {**all_marks(city), key: "basic"}}
    )
    assert status == 422 and "项目编号无效" in body["detail"] and len(body["detail"]) < 100
    assert not EvaluationReceipt.objects.exists()


def test_a_bad_verdict_of_5000_digits_is_422(users, december):
    city = plan("济宁市", 2024)
    item = opened(users)
    marks = all_marks(city)
    marks[next(iter(marks))] = "9" * 5000
    status, body = call("deputy", "post", f"/evaluations/{item.pk}/ballot", {"marks": marks})
    assert status == 422 and "评价只能是" in body["detail"]
    assert not EvaluationReceipt.objects.exists()


def test_scoping_of_the_ballot(users, december):
    city = plan("济宁市", 2024)
    item = opened(users)
    assert call(None, "post", f"/evaluations/{item.pk}/ballot", {"marks": all_marks(city)})[0] == 404
    assert call("minzheng", "post", f"/evaluations/{item.pk}/ballot", {"marks": all_marks(city)})[0] == 404
    status, body = call("office", "post", f"/evaluations/{item.pk}/ballot", {"marks": all_marks(city)})
    assert status == 403 and "人大代表" in body["detail"]
    service.step(item, "close", users["office"])
    status, body = call("deputy", "post", f"/evaluations/{item.pk}/ballot", {"marks": all_marks(city)})
    assert status == 409 and "未在进行中" in body["detail"]
    assert not EvaluationReceipt.objects.exists()


@pytest.mark.parametrize("bad", ["9" * 20, "9" * 5000])
def test_a_huge_id_in_the_path_is_refused_not_a_crash(db, bad):
    # django-ninja's own path validation answers 422 for a number int() refuses (over 4300 digits)
    assert call(None, "get", f"/plans/{bad}/satisfaction")[0] in (404, 422)
    assert Client().get(f"/evaluations/{bad}/").status_code == 404
    assert Client().get(f"/public/projects/{bad}/survey/").status_code == 404
