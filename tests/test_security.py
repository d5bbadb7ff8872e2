"""Headers and login: CSP with no third-party origin, a Chinese message for a wrong password."""

from django.conf import settings


def test_content_security_policy_allows_only_our_origin(client_for):
    csp = client_for(None).get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "http" not in csp


def test_pages_load_no_asset_from_elsewhere(client_for):
    html = client_for(None).get("/").content.decode()
    assert "/static/vendor/htmx.min.js" in html and "/static/vendor/pico.min.css" in html
    assert "//cdn" not in html and "https://" not in html


def test_wrong_password_message(client_for):
    response = client_for(None).post("/accounts/login/", {"username": "office", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


def test_login_then_back_to_the_plans(client_for):
    from .conftest import PASSWORD

    response = client_for(None).post("/accounts/login/", {"username": "office", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_debug_is_off_by_default():
    assert settings.DEBUG is False
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.LANGUAGE_CODE == "zh-hans"


def test_repeated_failures_lock_the_login(client_for):
    from django.core.cache import cache

    from .conftest import PASSWORD

    cache.clear()
    client = client_for(None)
    for _ in range(5):
        assert client.post("/accounts/login/", {"username": "deputy", "password": "wrong"}).status_code == 200
    locked = client.post("/accounts/login/", {"username": "deputy", "password": PASSWORD})
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    other = client.post("/accounts/login/", {"username": "office", "password": PASSWORD})
    assert other.status_code == 302  # another account is not locked
    cache.clear()
