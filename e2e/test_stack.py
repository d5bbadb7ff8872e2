"""The production stack brought up on this machine and used through its TLS proxy (issue 17 item 1):
PostgreSQL, the web unit's commands (migrate, collectstatic, gunicorn with deploy/gunicorn.conf.py),
the worker unit, the tick unit, the backup unit, and nginx with deploy/nginx/minsheng.conf over HTTPS
(e2e/stack.py), with the media in a bucket of a real S3-compatible server and staff signing in through
a real OpenID Connect provider. Docker has no engine here: the compose file is checked to run the same commands as the
units, and the image's build inputs to exist."""

import http.client
import json
import re
import ssl
import urllib.error
import urllib.request

import pytest
import yaml

from e2e.stack import DEPLOY, NGINX_VARS, ROOT, Stack, unit_commands
from tests.oidc_provider.server import STAFF, STAFF_PASSWORD


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = Stack(tmp_path_factory.mktemp("stack"))
    try:
        running.start()
        yield running
    finally:
        running.stop()


def fetch(stack, path: str, token: str = "", follow: bool = True):
    context = ssl.create_default_context(cafile=str(stack.cert))  # the run's own certificate, verified
    request = urllib.request.Request(
        stack.url(path), headers={"Authorization": f"Bearer {token}"} if token else {}
    )
    try:
        with urllib.request.urlopen(request, context=context, timeout=20) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_the_stack_serves_over_tls_with_its_worker_tick_and_backups(stack, browser):
    status, _, body = fetch(stack, "/healthz")
    health = json.loads(body)
    assert status == 200 and (health["database"], health["cache"], health["media"]) == ("ok", "ok", "ok")
    stack.run(unit_commands("minsheng-tick.service")[0])  # what the timer starts every ten minutes
    for _ in range(60):  # the worker unit runs the heartbeat job the tick queued
        health = json.loads(fetch(stack, "/healthz")[2])
        if health["worker"] == "ok":
            break
        __import__("time").sleep(0.5)
    assert (health["tick"], health["worker"], health["ok"]) == ("ok", "ok", True)

    status, headers, body = fetch(stack, "/")
    assert status == 200 and "民生实事" in body.decode()
    assert "Strict-Transport-Security" in headers  # SECURE_COOKIES=1 behind the proxy's X-Forwarded-Proto
    css = re.search(r'href="(/static/[^"]+\.css)"', body.decode()).group(1)
    status, headers, _ = fetch(stack, css)
    assert status == 200 and headers.get("Cache-Control") == "max-age=3600"  # from disk by nginx itself
    assert fetch(stack, "/metrics")[0] == 401
    status, _, body = fetch(stack, "/metrics", token="stack-token")
    assert status == 200 and b'minsheng_http_requests_total{method="GET",status="2xx"}' in body
    plain = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=10)
    plain.request("GET", "/healthz", headers={"Host": "localhost"})
    answer = plain.getresponse()
    assert answer.status == 301 and answer.getheader("Location") == stack.url(
        "/healthz"
    )  # port 80 only redirects

    page = browser.new_context(ignore_https_errors=True).new_page()
    page.goto(stack.url("/accounts/login/"))
    page.get_by_label("用户名").fill("operator")
    page.get_by_label("密码").fill(stack.env["DJANGO_SUPERUSER_PASSWORD"])
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(stack.url("/"))  # signed in: CSRF over TLS and the secure cookies hold
    assert "退出" in page.content()

    page.get_by_role("button", name="退出").click()
    sso = browser.new_context(ignore_https_errors=True).new_page()  # 统一身份认证, over TLS
    sso.goto(stack.url("/accounts/login/"))
    sso.get_by_role("button", name="使用统一身份认证登录").click()
    sso.wait_for_url(f"{stack.idp_issuer.removesuffix('/o')}/accounts/login/**")  # the provider's own form
    sso.fill("input[name=username]", STAFF)
    sso.fill("input[name=password]", STAFF_PASSWORD)
    sso.get_by_role("button", name="登录", exact=True).click()
    sso.wait_for_url(stack.url("/"))
    assert "张三" in sso.content() and "退出" in sso.content()
    assert sso.goto(stack.url("/office/audit/")).status == 200  # the office role from the provider's claim
    sso.get_by_role("button", name="退出").click()
    sso.wait_for_url(stack.url("/"))  # out here and at the provider (the page's CSP lets it go there)
    sso.goto(stack.url("/oidc/authenticate/"))
    assert sso.locator("input[name=password]").count() == 1  # the provider asks for the password again

    done = stack.run(unit_commands("minsheng-backup.service")[0])
    assert "备份完成" in done.stdout and list((stack.data / "backups").glob("minsheng-backup-*.tar"))
    assert f"对象存储 {stack.bucket}" in done.stdout and not (stack.data / "media").exists()
    assert all(json.loads(line)["level"] for line in stack.log("worker").splitlines() if line.startswith("{"))


def test_compose_runs_the_units_commands_and_the_image_has_its_inputs():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"db", "migrate", "web", "worker", "tick", "proxy"} <= set(services)

    def tail(argv: list[str]) -> list[str]:  # a unit's command as the image runs it (its working folder)
        return [argv[0].rsplit("/", 1)[-1], *(a.removeprefix(f"{ROOT}/") for a in argv[1:])]

    assert tail(unit_commands("minsheng-web.service")[-1]) == services["web"]["command"]
    assert tail(unit_commands("minsheng-worker.service")[0]) == services["worker"]["command"]
    assert "minsheng tick" in services["tick"]["command"][-1]
    assert "minsheng migrate --noinput" in services["migrate"]["command"][-1]
    environment = services["proxy"]["environment"]
    assert set(NGINX_VARS) <= set(environment) and all(
        v in environment["NGINX_ENVSUBST_FILTER"] for v in NGINX_VARS
    )
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    for source in re.findall(r"^COPY (?!--from)(.+) \S+$", dockerfile, re.M):
        for path in source.split():
            assert (ROOT / path).exists(), path
    for package in ("fonts-noto-cjk", "libreoffice-writer-nogui", "postgresql-client"):
        assert package in dockerfile
