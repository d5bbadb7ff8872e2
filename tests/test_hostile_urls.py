"""Hostile input in URLs never answers 5xx: ids too long for an integer column in every URL pattern,
and out-of-range dates and periods in the query string of every page that reads one."""

import re

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

HUGE = "9" * 25


def _routes(patterns=None, prefix: str = ""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(p.pattern)
        if isinstance(p, URLResolver):
            if route.startswith(("admin/", "api/")):
                continue  # Django's admin; the API has its own fuzz (test_api_fuzz)
            yield from _routes(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern):
            yield prefix + route


def _id_routes():
    return sorted({r for r in _routes() if "<id:" in r})


def test_every_id_in_a_path_uses_the_bounded_converter():
    assert not [r for r in _routes() if "<int:" in r], (
        "use <id:…>: <int:…> lets 25-digit ids reach the database"
    )
    assert len(_id_routes()) > 50


@pytest.mark.parametrize("route", _id_routes())
@pytest.mark.parametrize("role", ["office", "minzheng", None], ids=str)
def test_ids_too_long_for_the_database_are_not_found(client_for, route, role):
    url = "/" + re.sub(r"<str:\w+>", "2024-07", re.sub(r"<id:\w+>", HUGE, route))
    client = client_for(role)
    for response in (client.get(url), client.post(url)):
        assert response.status_code in (302, 404, 405), (url, response.status_code)


# Query parameters the pages read, and values outside what a calendar or an id column holds.
PARAMS = [
    "as_of",
    "day",
    "period",
    "month",
    "year",
    "week",
    "xun",
    "kind",
    "page",
    "plan",
    "unit",
    "region",
    "project",
    "category",
    "leader",
    "colour",
    "state",
    "q",
    "version",
]
VALUES = [
    "9999-12-31",
    "0001-01-01",
    "9999-12",
    "0000-01",
    "9999-W52",
    "2024-W99",
    "9999-12-3",
    HUGE,
    "-1",
    "²",
    "2024-13-45",
    "x" * 300,
]
WORST = ["9999-12", HUGE]  # each parameter alone, so an earlier refusal hides no crash


def _pages():
    """Every page reached with the city's 2024 plan or its first project, or with no id at all."""
    for route in sorted(set(_routes())):
        if re.search(r"<id:(?!plan_id|project_id)\w+>|<str:", route) or "logout" in route:
            continue
        yield route


@pytest.mark.parametrize("route", list(_pages()))
@pytest.mark.parametrize("role", ["office", "minzheng"])
def test_out_of_range_query_values_never_answer_5xx(users, route, role):
    from django.test import Client

    from tests.conftest import plan, project

    client = Client(raise_request_exception=False)
    client.force_login(users[role])
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        url = "/" + route.replace("<id:plan_id>", str(plan("济宁市", 2024).pk)).replace(
            "<id:project_id>", str(project("济宁市", 2024, "1").pk)
        )
        queries = ["&".join(f"{k}={v}" for k in PARAMS) for v in VALUES]
        queries += [f"{k}={v}" for k in PARAMS for v in WORST]
        failures = []
        for query in queries:
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append((query[:60], repr(response.exc_info[1])[:200]))
    assert not failures, f"{url}: {failures}"
