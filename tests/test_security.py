"""Headers and login: CSP with no third-party origin, a Chinese message for a wrong password and another
for a disabled account (the throttle of failed logins: test_login_throttle.py)."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import Client

from minsheng.core.models import Throttle
from tests.conftest import PASSWORD


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
    response = client_for(None).post("/accounts/login/", {"username": "office", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.fixture
def disabled(db):
    user = get_user_model().objects.get(username="deputy")
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def test_a_disabled_account_is_told_to_ask_the_office(client_for, disabled):
    response = client_for(None).post("/accounts/login/", {"username": "deputy", "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 200
    assert "账号已停用，请联系督查室" in html and "用户名或密码不正确" not in html
    assert "_auth_user_id" not in response.wsgi_request.session
    assert Throttle.objects.filter(scope="login-pair").get().count == 1  # still a failed attempt


def test_a_wrong_password_of_a_disabled_account_says_nothing_of_it(client_for, disabled):
    html = (
        client_for(None)
        .post("/accounts/login/", {"username": "deputy", "password": "wrong"})
        .content.decode()
    )
    assert "用户名或密码不正确" in html and "停用" not in html


def test_a_disabled_account_is_authenticated_nowhere_else(client_for, disabled):
    assert authenticate(username="deputy", password=PASSWORD) is None
    assert not Client().login(username="deputy", password=PASSWORD)
    session = client_for("office")
    get_user_model().objects.filter(username="office").update(is_active=False)
    assert not session.get("/").wsgi_request.user.is_authenticated  # a session open before ends at once
    admin = (
        client_for(None).post("/admin/login/", {"username": "deputy", "password": PASSWORD}).content.decode()
    )
    assert "账号已停用，请联系督查室" in admin
