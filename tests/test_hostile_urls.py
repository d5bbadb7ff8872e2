"""Hostile input in URLs never answers 5xx: ids too long for an integer column in every URL pattern,
and out-of-range dates and periods in the query string of every page that reads one."""

import re

import pytest
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
