"""The hourly limit of the public forms counts every post, not only the rows saved: a client sending
invalid proposals or survey answers in a loop is refused with 429 once it passes its share of tries
(three per allowed row), on the page and the API alike; counted in the database for every process.
The one-click follow skips only the minimum time of the spam guard, never the limit."""

import datetime
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from minsheng.core.models import Region, Throttle
from minsheng.participation import abuse
from minsheng.participation.follows.models import Follow
from minsheng.participation.models import Proposal, SurveyResponse
from tests.conftest import project

NEW = "/proposals/new/"


def aged() -> str:
    return signing.dumps({"t": time.time() - 30}, salt=abuse._SALT)


def invalid_proposal(client, addr="192.0.2.20"):
    """A proposal without content: refused with 422, nothing saved."""
    data = {
        "title": "增设助餐点",
        "content": "",
        "category": "其他",
        abuse.STARTED: aged(),
        abuse.HONEYPOT: "",
    }
    return client.post(NEW, data, REMOTE_ADDR=addr)


def valid_proposal(client, addr="192.0.2.20"):
    region = Region.objects.get(name="微山县")
    data = {
        "title": "增设老年人助餐点",
        "content": "希望在夏镇街道各社区增设老年人助餐点，方便高龄老人就近吃饭。",
        "region": str(region.pk),
        "category": "其他",
        abuse.STARTED: aged(),
        abuse.HONEYPOT: "",
    }
    return client.post(NEW, data, REMOTE_ADDR=addr)


@pytest.mark.django_db
def test_sixty_invalid_proposals_reach_the_limit(client, settings):
    settings.MINSHENG_PROPOSALS_PER_HOUR = 5
    statuses = [invalid_proposal(client).status_code for _ in range(60)]
    assert statuses[:15] == [422] * 15  # room for corrections: three tries per allowed proposal
    assert set(statuses[15:]) == {429}
    refused = valid_proposal(client)
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
    assert not Proposal.objects.exists()
    assert valid_proposal(client, addr="10.7.7.7").status_code == 302  # another client is not held back


@pytest.mark.django_db
def test_the_page_and_the_api_share_the_count_in_the_database(client, settings):
    settings.MINSHENG_PROPOSALS_PER_HOUR = 1
    for _ in range(2):
        assert invalid_proposal(client).status_code == 422
    cache.clear()  # another process: the count is not in any process's memory
    body = {"title": "增设助餐点", "content": ""}
    answer = client.post("/api/v1/proposals", body, content_type="application/json", REMOTE_ADDR="192.0.2.20")
    assert answer.status_code == 422  # the third try
    answer = client.post("/api/v1/proposals", body, content_type="application/json", REMOTE_ADDR="192.0.2.20")
    assert answer.status_code == 429 and "提交过于频繁" in answer.json()["detail"]
    assert Throttle.objects.get(scope="form-proposal").count == 4


@pytest.mark.django_db
def test_bodies_the_api_schema_refuses_count_too(client, settings):
    settings.MINSHENG_PROPOSALS_PER_HOUR = 1
    statuses = [
        client.post("/api/v1/proposals", {"title": ["不是文本"]}, content_type="application/json").status_code
        for _ in range(5)
    ]
    assert statuses == [422, 422, 422, 429, 429]


@pytest.mark.django_db
def test_the_count_starts_again_after_an_hour(client, settings):
    settings.MINSHENG_PROPOSALS_PER_HOUR = 1
    for _ in range(3):
        invalid_proposal(client)
    assert valid_proposal(client).status_code == 429
    Throttle.objects.update(window_start=timezone.now() - datetime.timedelta(hours=1, seconds=1))
    assert valid_proposal(client).status_code == 302


def test_invalid_survey_answers_reach_the_limit(client_for, settings):
    settings.MINSHENG_SURVEYS_PER_HOUR = 2
    item = project("济宁市", 2024, "1")
    client = client_for(None)
    url = f"/public/projects/{item.pk}/survey/"
    bad = {"started": aged(), "score": "500", "score_typed": "500", abuse.HONEYPOT: ""}
    statuses = [client.post(url, bad, REMOTE_ADDR="192.0.2.30").status_code for _ in range(10)]
    assert statuses == [422] * 6 + [429] * 4
    good = {**bad, "score": "80", "score_typed": "80"}
    limited = client.post(url, good, REMOTE_ADDR="192.0.2.30")
    assert limited.status_code == 429 and "提交过于频繁" in limited.content.decode()
    assert not SurveyResponse.objects.exists()
    assert client.post(url, good, REMOTE_ADDR="192.0.2.31").status_code == 302


def one_click_spam_reason(data):
    """The guard as the follow form calls it: one click, no minimum time."""
    return abuse.spam_reason(data, min_seconds=0)


def test_only_the_minimum_time_is_left_out_of_the_one_click_guard(monkeypatch):
    quick = {abuse.STARTED: abuse.start_token(), abuse.HONEYPOT: ""}
    assert "提交过快" in abuse.spam_reason(quick)  # typed forms keep it
    assert one_click_spam_reason(quick) is None
    assert one_click_spam_reason({**quick, abuse.HONEYPOT: "x"}) == "提交未被接受，请刷新页面后重新填写。"
    assert one_click_spam_reason({}) == "提交未被接受，请刷新页面后重新填写。"
    day_before = time.time() - abuse.MAX_AGE - 60
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: day_before)
        expired = abuse.start_token()  # a form rendered over a day ago
    assert "停留时间过长" in one_click_spam_reason({abuse.STARTED: expired})


def test_quick_follows_still_meet_the_hourly_limit(client_for, settings):
    settings.MINSHENG_TODAY = "2024-07-15"
    item = project("济宁市", 2024, "3")
    client = client_for(None)
    url = f"/public/projects/{item.pk}/follow/"
    quick = {abuse.STARTED: abuse.start_token(), abuse.HONEYPOT: ""}
    statuses = [client.post(url, quick, REMOTE_ADDR="192.0.2.40").status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]
    assert "关注次数过多" in client.post(url, quick, REMOTE_ADDR="192.0.2.40").content.decode()
    assert Follow.objects.count() == 10
    assert client.post(url, quick, REMOTE_ADDR="192.0.2.41").status_code == 302
