"""Headers and login: CSP with no third-party origin, a Chinese message for a wrong password (the
throttle of failed logins: test_login_throttle.py)."""


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
    from tests.conftest import PASSWORD

    response = client_for(None).post("/accounts/login/", {"username": "office", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
