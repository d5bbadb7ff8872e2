"""The public satisfaction survey: no login, public plans only; a labelled slider with its number
and a number box; the spam guard (hidden field, signed start time); at most MINSHENG_SURVEYS_PER_HOUR
answers per client per hour (429); one answer per client, project and day; the board shows the new
mean at once."""

import datetime
import time

import pytest
from django.core import signing

from minsheng.participation import abuse
from minsheng.participation.models import SurveyResponse
from minsheng.plans.models import Plan
from tests.conftest import project
from tests.forms import form_data


def started(seconds_ago: float = 10) -> str:
    return signing.dumps({"t": time.time() - seconds_ago}, salt=abuse._SALT)


def answer(client, item, score="80", typed="", addr="10.0.0.1", **extra):
    data = {"started": started(), "score": score, "score_typed": typed, abuse.HONEYPOT: "", **extra}
    return client.post(f"/public/projects/{item.pk}/survey/", data, REMOTE_ADDR=addr)


def test_the_form_is_public_and_labelled(client_for):
    item = project("济宁市", 2024, "1")
    response = client_for(None).get(f"/public/projects/{item.pk}/survey/")
    body = response.content.decode()
    assert response.status_code == 200 and item.name in body
    assert '<label for="survey-range">' in body and 'id="survey-range" name="score" min="0" max="100"' in body
    assert '<label for="survey-typed">' in body and 'type="number" id="survey-typed"' in body
    assert '<output id="survey-shown"' in body and "survey.js" in body and "<script>" not in body
    assert 'name="started"' in body and f'name="{abuse.HONEYPOT}"' in body and 'aria-hidden="true"' in body
    draft = Plan.objects.get(region__name="济宁市", year=2025).projects.get()
    assert client_for(None).get(f"/public/projects/{draft.pk}/survey/").status_code == 404
    assert client_for(None).post(f"/public/projects/{draft.pk}/survey/", {"score": "90"}).status_code == 404


def test_an_answer_is_saved_shown_and_touches_the_board(client_for):
    item = project("济宁市", 2024, "1")
    client = client_for(None)
    before_stamp = Plan.objects.get(pk=item.plan_id).board_changed_at
    board = client.get(f"/public/projects/{item.pk}/").content.decode()  # cached under the old stamp
    assert "暂无满意度评价" in board and f"/public/projects/{item.pk}/survey/" in board
    response = answer(client, item, "80")
    assert (
        response.status_code == 302 and response["Location"] == f"/public/projects/{item.pk}/survey/thanks/"
    )
    saved = SurveyResponse.objects.get()
    assert saved.score == 80 and saved.project == item
    assert "10.0.0.1" not in saved.client and len(saved.client) == 64  # a keyed hash, never the address
    thanks = client.get(response["Location"]).content.decode()
    assert "感谢您的评价" in thanks and "群众满意度 80.0 分（1 人，样本不足）" in thanks
    assert Plan.objects.get(pk=item.plan_id).board_changed_at != before_stamp
    board = client.get(f"/public/projects/{item.pk}/").content.decode()
    assert "群众满意度 80.0 分（1 人，样本不足）" in board
    plan_page = client.get(f"/public/plans/{item.plan_id}/").content.decode()
    card = plan_page.split(f'/public/projects/{item.pk}/"')[1].split("</article>")[0]
    assert "群众满意度 80.0 分（1 人，样本不足）" in card


def test_the_typed_number_wins_and_a_bad_score_is_refused(client_for):
    item = project("济宁市", 2024, "2")
    client = client_for(None)
    response = answer(client, item, "50", "")
    assert response.status_code == 302 and SurveyResponse.objects.get().score == 50
    other = project("济宁市", 2024, "3")
    assert answer(client, other, "50", "95").status_code == 302
    assert SurveyResponse.objects.get(project=other).score == 95
    refused = answer(client, project("济宁市", 2024, "4"), "50", "120")
    assert refused.status_code == 422 and "0 到 100 之间的整数" in refused.content.decode()
    assert SurveyResponse.objects.count() == 2


@pytest.mark.parametrize(
    ("score", "typed"),
    [("50", "²"), ("²", ""), ("50", "9" * 5000), ("9" * 5000, ""), ("50", "٩٠"), ("50", "+90")],
)
def test_a_strange_number_is_a_chinese_error_never_a_crash(client_for, score, typed):
    item = project("济宁市", 2024, "2")
    response = answer(client_for(None), item, score, typed)
    page = response.content.decode()
    assert response.status_code == 422 and "分数应为 0 到 100 之间的整数。" in page
    assert "9" * 50 not in page and "²" not in page  # the form comes back with a sane slider value
    assert not SurveyResponse.objects.exists()


def test_one_answer_per_client_project_and_day(client_for):
    item = project("济宁市", 2024, "1")
    client = client_for(None)
    assert answer(client, item, "60").status_code == 302
    again = answer(client, item, "100")
    assert again.status_code == 409 and "您今天已评价过该项目" in again.content.decode()
    assert list(SurveyResponse.objects.values_list("score", flat=True)) == [60]  # nothing replaced
    assert answer(client, item, "90", addr="10.0.0.2").status_code == 302  # another client
    SurveyResponse.objects.update(
        created_at=SurveyResponse.objects.get(score=60).created_at - datetime.timedelta(days=1)
    )
    assert answer(client, item, "70").status_code == 302  # the next day
    assert sorted(SurveyResponse.objects.values_list("score", flat=True)) == [60, 70, 90]


def test_spam_guard(client_for):
    item = project("济宁市", 2024, "1")
    client = client_for(None)
    trap = answer(client, item, "90", **{abuse.HONEYPOT: "http://spam.example"})
    assert trap.status_code == 400 and "提交未被接受" in trap.content.decode()
    fast = client.post(
        f"/public/projects/{item.pk}/survey/",
        {"started": abuse.start_token(), "score": "90", abuse.HONEYPOT: ""},
    )
    assert fast.status_code == 400 and "提交过快" in fast.content.decode()
    forged = client.post(f"/public/projects/{item.pk}/survey/", {"started": "x", "score": "90"})
    assert forged.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_rate_limit_per_client(client_for, settings):
    settings.MINSHENG_SURVEYS_PER_HOUR = 3
    client = client_for(None)
    items = [project("济宁市", 2024, str(n)) for n in range(1, 6)]
    for item in items[:3]:
        assert answer(client, item, "80").status_code == 302
    limited = answer(client, items[3], "80")
    assert limited.status_code == 429 and "提交过于频繁，请一小时后再试" in limited.content.decode()
    assert SurveyResponse.objects.count() == 3
    assert answer(client, items[4], "80", addr="10.9.9.9").status_code == 302  # another client is not limited


def test_a_real_browser_round_trip(client_for, monkeypatch):
    """The rendered form posted back as a browser would (the start time must be a few seconds old)."""
    monkeypatch.setattr(abuse, "MIN_SECONDS", 0)
    item = project("微山县", 2024, "1.1")
    client = client_for(None)
    data = form_data(client.get(f"/public/projects/{item.pk}/survey/").content.decode())
    assert data["score"] == "50" and data[abuse.HONEYPOT] == ""
    data["score"] = "77"
    assert client.post(f"/public/projects/{item.pk}/survey/", data).status_code == 302
    assert SurveyResponse.objects.get().score == 77
