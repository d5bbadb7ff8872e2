"""Role crawl on the demo `make run` serves (plans, accounts, the synthetic 2024 reports, problems and
proposals, on the demo clock 2024-07-15): logged in as every demo account, as `outsider` (no role) and
as the anonymous public, follow every link and form target each one is shown, breadth-first and
bounded per URL pattern. No page may answer 5xx, no link may answer 403/404 (or send a logged-in user
to the login page) for the user it was shown to, and no page may be Django's English error page.

`.venv/bin/pytest tests/crawl/test_role_crawl.py` prints the pages crawled per role."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from tests.conftest import ROLE_USERS
from tests.crawl.conftest import DEMO_TODAY
from tests.crawl.crawler import Crawl

ROLES = [None, "outsider", *ROLE_USERS]
# Distinct paths per URL pattern and queries per path; MINSHENG_CRAWL_DEPTH=10 explores further.
PER_ROUTE = int(os.environ.get("MINSHENG_CRAWL_DEPTH", "4"))

# Known failures outside this change, each with the issue item it belongs to: (route, role, status).
# Empty it as they are fixed; an entry that no longer fails is reported too.
KNOWN_FAILURES: dict[tuple[str, str, int | str], str] = {}


def describe(fetch) -> tuple[int | str, str] | None:
    """What is wrong with one fetch, if anything: (status or kind, message)."""
    t = fetch.target
    where = f"{t.url} ({t.how} on {t.shown_on})"
    if fetch.error:
        return 500, f"{where}: {fetch.error}"
    if fetch.status is not None and fetch.status >= 500:
        return fetch.status, where
    if fetch.english:
        return "english", f"{where}: English error page «{fetch.english}»"
    if fetch.login_redirect:
        return "login", f"{where}: shown but sends to the login page"
    if fetch.status in {403, 404}:
        return fetch.status, where
    if fetch.status is not None and 400 <= fetch.status < 500:
        if t.how == "post-form" and fetch.status == 405:  # a POST-only target fetched as GET
            return None
        return fetch.status, where
    return None


def client_for_role(role: str | None) -> Client:
    client = Client()
    if role:
        client.force_login(get_user_model().objects.get(username=role))
    return client


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "public")
def test_every_link_a_role_is_shown_works(full_demo, db, role, record_property):
    skip = ("/accounts/logout/", "/admin/logout/", "/static/", "/media/")
    if role != "admin":
        skip += ("/admin/",)
    with override_settings(MINSHENG_TODAY=DEMO_TODAY):
        fetched = Crawl(
            client_for_role(role), skip_prefixes=skip, per_route=PER_ROUTE, per_path=max(2, PER_ROUTE // 2)
        ).run("/")
    record_property("pages_crawled", len(fetched))
    print(f"\n{role or 'public'}: {len(fetched)} pages crawled")

    problems: dict[tuple[str, str, int | str], list[str]] = {}
    for fetch in fetched:
        found = describe(fetch)
        if found:
            status, message = found
            problems.setdefault((fetch.route, role or "public", status), []).append(message)
    unexpected = {key: messages for key, messages in problems.items() if key not in KNOWN_FAILURES}
    stale = [key for key in KNOWN_FAILURES if key[1] == (role or "public") and key not in problems]
    lines = [
        f"{route} · {who} · {status}: {len(messages)}× e.g. " + " | ".join(messages[:2])
        for (route, who, status), messages in sorted(unexpected.items(), key=str)
    ]
    lines += [f"no longer fails, remove from KNOWN_FAILURES: {key}" for key in stale]
    assert not lines, f"{len(lines)} problems in {len(fetched)} pages:\n" + "\n".join(lines)
    assert len(fetched) > 10  # the crawl got past the first page
