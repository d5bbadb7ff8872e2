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
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """On SQLite, a database file as `make run` has (WAL, busy timeout), not the shared in-memory one: the
    live server's threads and the background worker then wait for each other's writes instead of
    failing with "table is locked"."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db["TEST"] = {**db.get("TEST", {}), "NAME": str(tmp_path_factory.mktemp("e2e") / "e2e.sqlite3")}


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
def worker(live_server):
    """The background worker beside the live server, as `minsheng serve` runs it: a thread taking the
    queued jobs (bulletin publication, large imports) every fifth of a second."""
    import threading

    from django_tasks_db.management.commands.db_worker import Worker

    running = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    yield running
    running.running = False
    thread.join(timeout=30)


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
