"""Free text has limits: a 2 MB narrative or 10,000 problem entries are refused with a Chinese message
naming the field, through the page and the API alike, and nothing is written."""

import json

import pytest
from django.test import override_settings

from minsheng.reporting.models import Report
from tests.conftest import project
from tests.forms import form_data


@pytest.fixture(autouse=True)
def demo_clock():
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        yield


def _api(client, p, body):
    return client.post(f"/api/v1/projects/{p.pk}/reports", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    "extra,word",
    [
        ({"narrative": "进" * 2_000_000}, "进展情况"),
        ({"next_steps": "下" * 6000}, "下步打算"),
        ({"problems": ["资金不足"] * 10_000}, "存在问题"),
        ({"problems": ["问" * 600]}, "存在问题第 1 条"),
    ],
    ids=["narrative", "next-steps", "many-problems", "long-problem"],
)
def test_the_api_refuses_oversized_text(client_for, extra, word):
    p = project("济宁市", 2024, "1")
    indicator = p.indicators.get()
    body = {
        "period": "2024-07",
        "values": [{"indicator": indicator.pk, "value": 1200}],
        "narrative": "正常",
        **extra,
    }
    response = _api(client_for("minzheng"), p, body)
    detail = response.json()["detail"]
    if response.status_code == 413:  # 6 MB of UTF-8: the API refuses the body before reading it
        assert "过大" in str(detail) or "太大" in str(detail), detail
    else:
        assert response.status_code == 422 and word in str(detail), detail
    assert not Report.objects.exists()


def test_the_page_refuses_a_long_narrative_and_keeps_nothing(client_for):
    p = project("济宁市", 2024, "1")
    client = client_for("minzheng")
    url = f"/projects/{p.pk}/report/"
    data = form_data(client.get(url).content.decode())
    data.update({f"v-{p.indicators.get().pk}": "1200", "narrative": "进" * 6000, "save": "1"})
    html = client.post(url, data).content.decode()
    assert "“进展情况”最多 5000 字" in html
    assert not Report.objects.exists()


def test_an_instruction_too_long_is_refused(users):
    from minsheng.supervision.orders.instructions import instruct
    from minsheng.supervision.orders.workflow import ActionError

    with pytest.raises(ActionError, match="批示内容"):
        instruct(project("微山县", 2024, "1.1"), "批" * 6000, users["leader"])


def test_a_request_over_the_size_limit_gets_a_chinese_page(client_for):
    from django.test import Client

    client = Client(raise_request_exception=False)
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = client.post("/accounts/login/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
