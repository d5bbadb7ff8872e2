"""Input of the wrong shape gets the API's usual 422 with a Chinese message, and the address behind a
proxy is the one the proxy wrote, not one the client forged."""

from django.test import RequestFactory

from minsheng.participation.abuse import client_of


def test_a_wrongly_typed_field_is_refused_in_chinese(client_for):
    answer = client_for(None).post(
        "/api/v1/proposals", {"title": ["不是文本"], "content": 5}, content_type="application/json"
    )
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and "请求内容不符合要求" in detail and "title" in detail


def test_a_forged_forwarded_address_does_not_make_a_new_client(settings):
    settings.MINSHENG_CLIENT_IP_HEADER = "X-Forwarded-For"
    factory = RequestFactory()
    honest = factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9")
    forged = factory.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    other = factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert client_of(honest) == client_of(forged) != client_of(other)
