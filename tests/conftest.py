"""The test world: the demo (five seed plans, one account per role) loaded once per test database,
plus two draft plans, and named users for every role. Tests run in Asia/Shanghai."""

import os
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

os.environ["TZ"] = "Asia/Shanghai"
time.tzset()

PASSWORD = "test-password-1"
ROLE_USERS = [
    "admin",
    "office",
    "weishan",
    "minzheng",
    "minzheng_head",
    "jiaoyu",
    "weijian",
    "weishan_minzheng",
    "leader",
    "deputy",
    "deputy2",
    "deputy3",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from minsheng.core.models import Region
    from minsheng.plans.commit import commit_draft
    from minsheng.site.demo import load_demo

    with django_db_blocker.unblock():
        load_demo(password=PASSWORD, reports=False)  # tests start with no reports
        get_user_model().objects.create_user("outsider", password=PASSWORD, first_name="无角色用户")
        for region_name, title in [
            ("微山县", "微山县2025年民生实事（草案）"),
            ("济宁市", "济宁市2025年民生实事（草案）"),
        ]:
            draft = {
                "plan": {"title": title, "year": 2025, "region": region_name},
                "categories": ["一、测试类别"],
                "projects": [
                    {
                        "seq": "1",
                        "category": "一、测试类别",
                        "name": f"{region_name}草案项目",
                        "content": "新建老年人食堂5处。",
                        "lead_units": ["县民政局" if region_name == "微山县" else "市民政局"],
                        "co_units": [],
                        "targets": [
                            {"text": "新建老年人食堂5处", "value": 5, "unit": "处", "comparator": "="}
                        ],
                    }
                ],
            }
            commit_draft(draft, Region.objects.get(name=region_name), source_name="test")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test can restore an old board stamp, under
    which another test's cached public page would otherwise be served."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def users(db):
    return {u.username: u for u in get_user_model().objects.filter(username__in=[*ROLE_USERS, "outsider"])}


@pytest.fixture
def worker(monkeypatch):
    """`minsheng db_worker --batch`: runs every queued background job, then returns. Its check for stale
    connections would close the test's own transaction, so only that check is left out."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.fixture
def client_for(db):
    """A logged-in test client for a named user; None gives the anonymous public."""

    def make(username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        return client

    return make


def plan(region: str, year: int):
    from minsheng.plans.models import Plan

    return Plan.objects.get(region__name=region, year=year)


def project(region: str, year: int, seq: str):
    from minsheng.plans.models import Project

    return Project.objects.get(plan__region__name=region, plan__year=year, seq=seq)


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''}:{db.get('PORT') or ''}"


# Skips allowed on a developer's machine that lacks the seed notices, LibreOffice or PostgreSQL's server
# (initdb); in CI (CI=true) they are always there, so such a skip means a broken set-up and fails the run.
CI_MUST_HAVE = ("seed", "libreoffice", "soffice", "chromium", "initdb")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr)
        if any(word in reason.lower() for word in CI_MUST_HAVE):
            report.outcome = "failed"
            report.longrepr = f"skipped in CI, where this must run: {reason}"
