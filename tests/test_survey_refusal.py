"""A survey refused (too fast, too many) comes back with what the citizen entered: the typed number
and the slider; posting the form again after the minimum time records the typed score."""

import time

from minsheng.participation import abuse
from minsheng.participation.models import SurveyResponse
from tests.conftest import project
from tests.forms import form_data


def test_a_too_fast_survey_keeps_the_typed_score(client_for, monkeypatch):
    item = project("济宁市", 2024, "1")
    client = client_for(None)
    url = f"/public/projects/{item.pk}/survey/"
    data = form_data(client.get(url).content.decode())
    data["score_typed"] = "95"  # typed at once, the slider still at 50
    refused = client.post(url, data)
    page = refused.content.decode()
    assert refused.status_code == 400 and "提交过快，请确认内容后再提交。" in page
    assert 'id="survey-range" name="score" min="0" max="100" step="1" value="95"' in page
    assert '<output id="survey-shown" for="survey-range" aria-live="polite">95</output>' in page
    again = form_data(page)
    assert again["score"] == "95" and again["score_typed"] == "95" and again["started"] != data["started"]
    assert not SurveyResponse.objects.exists()
    now = time.time()
    monkeypatch.setattr(abuse.time, "time", lambda: now + abuse.MIN_SECONDS + 0.5)  # 3.5 s later
    assert client.post(url, again).status_code == 302
    assert list(SurveyResponse.objects.values_list("score", flat=True)) == [95]


def test_a_too_fast_slider_score_is_kept(client_for):
    item = project("济宁市", 2024, "1")
    client = client_for(None)
    url = f"/public/projects/{item.pk}/survey/"
    data = form_data(client.get(url).content.decode()) | {"score": "72"}
    again = form_data(client.post(url, data).content.decode())
    assert again["score"] == "72" and again["score_typed"] == ""


def test_a_refused_rate_limit_keeps_the_score(client_for, settings):
    settings.MINSHENG_SURVEYS_PER_HOUR = 0
    item = project("济宁市", 2024, "1")
    data = {"started": abuse.start_token(), "score": "30", "score_typed": "88", abuse.HONEYPOT: ""}
    limited = client_for(None).post(f"/public/projects/{item.pk}/survey/", data)
    assert limited.status_code == 429
    assert form_data(limited.content.decode())["score_typed"] == "88"
