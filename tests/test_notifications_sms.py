"""The SMS gateway client, against a real local HTTP server: the JSON it posts, the token, the
signature, long texts cut keeping their last line, and every way a gateway can refuse."""

import pytest

from minsheng.notifications import http, sms
from tests.test_tick_support import robot_server  # noqa: F401 (fixture)


@pytest.fixture
def gateway(settings, robot_server):  # noqa: F811
    settings.MINSHENG_SMS_URL = robot_server.url("/sms")
    settings.MINSHENG_SMS_TOKEN = ""
    settings.MINSHENG_SMS_SIGN = "【民生实事】"
    settings.MINSHENG_SMS_TIMEOUT = 2
    return robot_server


def test_a_text_goes_out_signed_without_a_token_header_when_none_is_set(gateway):
    sms.send("13812345678", "您关注的项目已通过验收。")
    [hit] = gateway.hits
    assert hit["json"] == {"mobile": "13812345678", "content": "【民生实事】您关注的项目已通过验收。"}
    assert hit["authorization"] is None and hit["content_type"].startswith("application/json")


def test_a_long_text_keeps_its_link(settings):
    settings.MINSHENG_SMS_SIGN = ""
    text = sms.signed("进展" * 400 + "\nhttp://x/public/follows/ABC/")
    assert len(text) <= sms.LIMIT and text.endswith("…\nhttp://x/public/follows/ABC/")


@pytest.mark.parametrize(
    ("status", "answer", "said"),
    [
        (200, {"code": 40001, "msg": "签名未报备"}, "40001：签名未报备"),
        (500, {}, "HTTP 500"),
        (200, {"code": "0"}, ""),
        (200, {"result": "queued"}, ""),
    ],
)
def test_what_counts_as_taken(gateway, status, answer, said):
    gateway.status, gateway.answer = status, answer
    if said:
        with pytest.raises(sms.SmsError, match=said):
            sms.send("13812345678", "测试")
    else:
        sms.send("13812345678", "测试")


def test_an_unset_or_unreachable_gateway_is_an_error_in_chinese(settings):
    settings.MINSHENG_SMS_URL = ""
    assert not sms.configured()
    with pytest.raises(sms.SmsError, match="未配置短信平台"):
        sms.send("13812345678", "测试")
    settings.MINSHENG_SMS_URL = "http://127.0.0.1:9/sms"
    with pytest.raises(sms.SmsError, match="无法连接短信平台"):
        sms.send("13812345678", "测试")


def test_a_slow_gateway_is_an_error_of_the_shared_kind(gateway, settings):
    settings.MINSHENG_SMS_TIMEOUT = 0.2
    gateway.delay = 1.0
    with pytest.raises(http.PostError, match="无法连接短信平台") as refused:
        sms.send("13812345678", "测试")
    assert isinstance(refused.value, sms.SmsError)
