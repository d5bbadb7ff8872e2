"""统一身份认证 against a real OpenID Connect provider: django-oauth-toolkit with OIDC on
(tests/oidc_provider/), started here as its own process on a free port with its own SQLite database and
RSA key. The platform runs in the test (Django's client); its backend calls the provider over HTTP for the
discovery document, the token, the JWKS and the userinfo. A browser (requests.Session) signs in on the
provider's login form. The claim rules are plain functions, tested directly."""

import json
import os
import re
import subprocess
import sys
import time
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from minsheng.accounts import rules
from minsheng.accounts.models import SsoIdentity
from minsheng.core.models import AuditEvent, Membership, Region, Unit
from minsheng.core.roles import roles_of
from tests.conftest import PASSWORD
from tests.oidc_provider.server import (
    CLIENT_ID,
    CLIENT_SECRET,
    ROOT,
    STAFF,
    STAFF_PASSWORD,
    Provider,
    free_port,
)

CALLBACK = "http://testserver/oidc/callback/"
SIGNED_OUT = "http://testserver/"  # the platform's page after a sign-out (LOGOUT_REDIRECT_URL)
ROLES = [
    {"role": "reporter", "unit": "市民政局", "region": "370800"},
    {"role": "office", "region": "370800"},
]


# The rules: the claim → roles, the username, the changes.


def test_the_role_claim_reads_into_roles_in_order_without_repeats():
    roles, problems = rules.claimed_roles([*ROLES, ROLES[0], {"role": "deputy", "region": "济宁高新区"}])
    assert problems == []
    assert roles == [
        rules.ClaimedRole("reporter", "370800", "市民政局"),
        rules.ClaimedRole("office", "370800"),
        rules.ClaimedRole("deputy", "济宁高新区"),
    ]
    assert roles[0].region_is_code and not roles[2].region_is_code
    # A provider that sends strings only may send JSON text; a unit is ignored on a region's role.
    assert rules.claimed_roles(json.dumps([{"role": "office", "region": 370800, "unit": "x"}]))[0] == [
        rules.ClaimedRole("office", "370800")
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (None, "没有授予本平台的任何角色"),
        ([], "没有授予本平台的任何角色"),
        ("[{", "不是有效的 JSON"),
        ({"role": "office"}, "应为列表"),
        (["office"], "第 1 项应为"),
        ([{"role": "boss", "region": "370800"}], "角色“boss”不对，应为 reporter、approver"),
        ([{"role": "office"}], "请填写区划代码"),
        ([{"role": "approver", "region": "370800"}], "角色“approver”须填写单位名称"),
        ([{"role": "office", "region": "370800"}] * 51, "超过 50 项"),
    ],
)
def test_a_wrong_role_claim_is_named_in_chinese(value, problem):
    roles, problems = rules.claimed_roles(value)
    assert roles == [] and len(problems) == 1 and problem in problems[0], problems
    assert "minsheng_roles" in problems[0]


def test_the_username_comes_from_its_claim_and_is_checked():
    assert rules.sso_username({"preferred_username": " zhangsan "}) == ("zhangsan", None)
    assert rules.sso_username({"uid": "li.si"}, "uid") == ("li.si", None)
    assert "没有提供用户名（preferred_username）" in rules.sso_username({})[1]
    assert "只能包含字母" in rules.sso_username({"preferred_username": "张 三"})[1]
    assert (
        rules.is_region_code("370800") and not rules.is_region_code("3708") and not rules.is_region_code("")
    )
    assert rules.role_changes({1, 2}, {2, 3}) == ({3}, {1})
    assert "本地账号" in rules.local_account_taken("minzheng")


@pytest.mark.parametrize(
    ("env", "enabled"),
    [
        ({}, False),
        ({"OIDC_OP_ISSUER": "https://idp.example/realms/gov"}, False),  # no client
        ({"OIDC_OP_ISSUER": "https://idp.example/realms/gov", "OIDC_RP_CLIENT_ID": "m"}, False),
        (
            {
                "OIDC_OP_ISSUER": "https://idp.example/",
                "OIDC_RP_CLIENT_ID": "m",
                "OIDC_RP_CLIENT_SECRET": "s",
            },
            True,
        ),
        (
            {
                "OIDC_OP_TOKEN_ENDPOINT": "https://idp/t",
                "OIDC_RP_CLIENT_ID": "m",
                "OIDC_RP_CLIENT_SECRET": "s",
            },
            False,
        ),
        (
            {
                **{f"OIDC_OP_{e}_ENDPOINT": f"https://idp/{e}" for e in ("AUTHORIZATION", "TOKEN", "JWKS")},
                "OIDC_RP_CLIENT_ID": "m",
                "OIDC_RP_CLIENT_SECRET": "s",
            },
            True,
        ),
    ],
)
def test_oidc_is_off_unless_a_client_and_a_provider_are_configured(env, enabled):
    names = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"} | {k for k in os.environ if k.startswith("OIDC_")}
    clean = {k: v for k, v in os.environ.items() if k not in names}
    script = "from minsheng import settings as s; print(s.OIDC_ENABLED, s.AUTHENTICATION_BACKENDS[1:], s.OIDC_OP_ISSUER)"
    done = subprocess.run(
        [sys.executable, "-c", script], env=clean | env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    backends = "['minsheng.accounts.oidc.Backend']" if enabled else "[]"
    assert done.stdout.split(" ", 2)[:2] == [str(enabled), backends], done.stdout
    assert not done.stdout.strip().endswith("/")  # the issuer without its trailing slash


# The provider, as its own process.


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    started = time.monotonic()
    with Provider(tmp_path_factory.mktemp("oidc-provider"), CALLBACK, SIGNED_OUT) as running:
        print(f"oidc: provider set up and serving in {time.monotonic() - started:.2f}s")
        yield {"issuer": running.issuer, "claims": running.claims_file, "folder": running.folder}


@pytest.fixture
def oidc(settings, provider):
    """The platform pointed at the provider (discovery from its issuer), and a way to set the claims."""
    settings.OIDC_ENABLED = True
    settings.OIDC_OP_ISSUER = provider["issuer"]
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "minsheng.accounts.oidc.Backend",
    ]

    def claims(**values):
        provider["claims"].write_text(json.dumps({STAFF: values}, ensure_ascii=False), encoding="utf-8")

    claims(name="张三", email="zhangsan@jining.gov.cn", minsheng_roles=ROLES)
    return claims


def sign_in(client: Client, browser: requests.Session, issuer: str):
    """The authorization-code flow: the platform sends the browser to the provider, the browser signs in
    there (when it has no session yet) and comes back to the platform's callback with a code."""
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302 and response["Location"].startswith(f"{issuer}/authorize/")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    url = response["Location"]
    for _ in range(6):
        page = browser.get(url, allow_redirects=False)
        if page.status_code == 200:  # the provider's login form
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
            form = {"csrfmiddlewaretoken": token, "username": STAFF, "password": STAFF_PASSWORD}
            page = browser.post(page.url, data=form, allow_redirects=False)
        assert page.status_code == 302, page.text[:500]
        url = urljoin(page.url, page.headers["Location"])
        if url.startswith(CALLBACK):
            return client.get(url.removeprefix("http://testserver"))
    raise AssertionError(f"the provider never sent the browser back: {url}")


def memberships(user) -> set[tuple]:
    return {
        (m.role, m.region.name if m.region else None, m.unit.name if m.unit else None)
        for m in Membership.objects.filter(user=user).select_related("region", "unit")
    }


def events(user) -> list[tuple[str, dict]]:
    found = AuditEvent.objects.filter(model="auth.user", object_id=str(user.pk), via="sso").order_by("pk")
    return [(e.action, e.changes) for e in found]


def refusal(response, client: Client) -> str:
    assert response.status_code == 302 and response["Location"] == reverse("login")
    page = client.get(reverse("login"))
    return " ".join(re.findall(r'<p class="message error"[^>]*>([^<]+)</p>', page.content.decode()))


@pytest.mark.django_db
def test_staff_sign_in_through_the_provider_with_their_roles_and_later_changes(oidc, provider, settings):
    started = time.monotonic()
    browser = requests.Session()
    client = Client()
    page = client.get(reverse("login")).content.decode()
    assert "使用统一身份认证登录" in page and 'href="/oidc/authenticate/"' in page

    response = sign_in(client, browser, provider["issuer"])
    assert response.status_code == 302 and response["Location"] == reverse("plans:list")
    user = get_user_model().objects.get(username=STAFF)
    assert (user.first_name, user.email, user.has_usable_password()) == (
        "张三",
        "zhangsan@jining.gov.cn",
        False,
    )
    assert int(client.session["_auth_user_id"]) == user.pk
    identity = SsoIdentity.objects.get(user=user)
    assert identity.issuer == provider["issuer"] and identity.subject
    assert memberships(user) == {("reporter", None, "市民政局"), ("office", "济宁市", None)}
    roles = roles_of(user)
    assert roles.office_paths == (Region.objects.get(code="370800").path,)
    assert roles.unit_ids == {Unit.objects.get(region__code="370800", name="市民政局").pk}
    assert events(user) == [
        ("create", {"用户名": [None, STAFF], "姓名": [None, "张三"], "登录方式": [None, "统一身份认证"]}),
        ("role_add", {"角色": [None, "济宁市督查室"]}),
        ("role_add", {"角色": [None, "市民政局单位填报员"]}),
    ]
    assert client.get(reverse("reports:inbox")).status_code == 200

    # The provider changes the person: a new name, approver instead of reporter and office. This time
    # the endpoints are configured explicitly (no issuer, no discovery), and the browser is still signed
    # in at the provider, so it comes straight back.
    settings.OIDC_OP_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider['issuer']}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider['issuer']}/token/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider['issuer']}/.well-known/jwks.json"
    oidc(name="张三丰", minsheng_roles=[{"role": "approver", "unit": "市民政局", "region": "370800"}])
    client.post(reverse("logout"))
    response = sign_in(client, browser, provider["issuer"])
    assert response.status_code == 302 and response["Location"] == reverse("plans:list")
    user.refresh_from_db()
    assert get_user_model().objects.filter(username=STAFF).count() == 1 and user.first_name == "张三丰"
    assert memberships(user) == {("approver", None, "市民政局")}
    assert events(user)[3:] == [
        ("update", {"姓名": ["张三", "张三丰"]}),
        ("role_remove", {"角色": ["济宁市督查室", None]}),
        ("role_remove", {"角色": ["市民政局单位填报员", None]}),
        ("role_add", {"角色": [None, "市民政局单位审核人"]}),
    ]

    # The office disables the account: its session ends, and the provider cannot sign it in again.
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert not client.get(reverse("plans:list")).wsgi_request.user.is_authenticated
    assert refusal(sign_in(client, browser, provider["issuer"]), client) == rules.SSO_INACTIVE
    assert len(events(user)) == 7
    print(f"oidc: two sign-ins and a refusal through the provider in {time.monotonic() - started:.2f}s")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ([{"role": "reporter", "unit": "市不存在局", "region": "370800"}], "济宁市没有单位“市不存在局”。"),
        ([{"role": "office", "region": "999999"}], "区划“999999”在本平台不存在。"),
        ([{"role": "boss", "region": "370800"}], "角色“boss”不对"),
        (None, "没有授予本平台的任何角色"),
    ],
)
def test_an_unknown_unit_region_or_role_refuses_the_sign_in_with_a_chinese_message(
    oidc, provider, roles, message
):
    oidc(name="张三", minsheng_roles=roles)
    client = Client()
    shown = refusal(sign_in(client, requests.Session(), provider["issuer"]), client)
    assert message in shown, shown
    assert not get_user_model().objects.filter(username=STAFF).exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_local_account_is_taken_over_only_once_an_administrator_linked_it(oidc, provider, users):
    local = users["minzheng"]
    before = memberships(local)
    oidc(preferred_username="minzheng", name="民政局张三", minsheng_roles=ROLES)
    client = Client()
    shown = refusal(sign_in(client, requests.Session(), provider["issuer"]), client)
    assert "已有用户名为“minzheng”的本地账号" in shown and memberships(local) == before

    SsoIdentity.objects.create(user=local)  # the administrator's link, in the admin
    response = sign_in(client, requests.Session(), provider["issuer"])
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == local.pk
    assert memberships(local) == {("reporter", None, "市民政局"), ("office", "济宁市", None)}
    assert SsoIdentity.objects.get(user=local).subject
    assert [a for a, _ in events(local)] == ["update", "update", "role_add"]  # bound, the name, office


@pytest.mark.django_db
def test_signing_out_signs_out_at_the_provider_too(oidc, provider):
    browser, client = requests.Session(), Client()
    assert sign_in(client, browser, provider["issuer"]).status_code == 302
    response = client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session  # out of the platform at once
    leave = urlsplit(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(f"{provider['issuer']}/logout/")
    query = parse_qs(leave.query)
    assert query["post_logout_redirect_uri"] == [SIGNED_OUT] and query["client_id"] == [CLIENT_ID]
    assert query["id_token_hint"][0].count(".") == 2  # the ID token of this sign-in
    back = browser.get(response["Location"], allow_redirects=False)
    assert back.status_code == 302 and back.headers["Location"] == SIGNED_OUT
    # the provider's session is gone too: the next 统一身份认证 asks for the password again
    again = browser.get(client.get("/oidc/authenticate/")["Location"], allow_redirects=True)
    assert again.status_code == 200 and 'name="password"' in again.text


@pytest.mark.django_db
def test_the_pages_let_the_sign_out_form_go_on_to_the_provider(oidc, provider, client, settings):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    origin = provider["issuer"].removesuffix("/o")
    assert f"form-action 'self' {origin};" in policy
    settings.OIDC_ENABLED = False
    assert "form-action 'self';" in client.get(reverse("login"))["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_local_sign_out_goes_nowhere_else(oidc):
    client = Client()
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("plans:list")


@pytest.mark.django_db
def test_local_login_still_works_beside_the_provider(oidc):
    client = Client()
    response = client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"]


@pytest.mark.django_db
def test_every_failure_of_the_flow_ends_on_the_login_page_never_a_500(settings, client):
    assert client.get("/oidc/authenticate/").status_code == 404  # off: no OIDC settings
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    assert "使用统一身份认证登录" not in client.get(reverse("login")).content.decode()

    settings.OIDC_ENABLED = True
    settings.OIDC_OP_ISSUER = f"http://127.0.0.1:{free_port()}/o"  # nothing listens there
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    assert refusal(client.get("/oidc/authenticate/"), client) == rules.SSO_UNAVAILABLE

    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://127.0.0.1:9/authorize/"
    assert client.get("/oidc/authenticate/").status_code == 302  # the state is now in the session
    assert refusal(client.get("/oidc/callback/?code=x&state=forged"), client) == rules.SSO_FAILED
    assert refusal(client.get("/oidc/callback/?error=access_denied&state=x"), client) == rules.SSO_CANCELLED
    stranger = Client()  # no session at all
    assert refusal(stranger.get("/oidc/callback/?code=x&state=y"), stranger) == rules.SSO_FAILED
