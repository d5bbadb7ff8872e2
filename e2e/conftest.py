"""End-to-end tests: Debian's Chromium driven by Playwright against Django's live server."""

import os
import time

import pytest

os.environ["TZ"] = "Asia/Shanghai"
time.tzset()
# Playwright's sync API runs an event loop in the test thread; the ORM calls made there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "e2e-password-1"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (see .ci/run)")
    with sync_playwright() as p:
        args = [
            "--disable-background-networking",
            "--disable-gpu",
            "--disable-component-update",
            "--no-first-run",
        ]
        if os.geteuid() == 0:
            args.append("--no-sandbox")
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _empty_cache():
    """A flushed database reuses ids: cached figures of an earlier test's plan must not be served."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def demo(transactional_db):
    from minsheng.site.demo import load_demo

    load_demo(password=PASSWORD, reports=False)  # each test makes the reports it needs


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


def login(page, username: str) -> None:
    page.goto(f"{page.base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{page.base_url}/")
