"""`{% filterfold %}`: every long filter form sits in a fold whose summary counts the filters in force, on
the full page and in the htmx fragment alike (the phone behaviour itself is e2e/test_phone_filters.py)."""

import re

import pytest
from django.http import QueryDict
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from minsheng.core.templatetags.folds import chosen
from tests.conftest import plan

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def _summary(html: str) -> str:
    found = re.search(r'<details class="filter-fold"[^>]* open><summary>(.*?)</summary>\s*<form', html, re.S)
    assert found, "no filter fold around the form"
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_only_named_non_blank_parameters_count():
    query = QueryDict("as_of=2024-07-15&year=2024&region=&unit=7&colour=red&q=%20&overdue=1&overdue=")
    assert chosen(query, ["region", "unit", "colour", "q", "overdue", "leader"]) == 3


def test_the_tag_wraps_its_body_and_refuses_stray_arguments():
    request = RequestFactory().get("/", {"state": "open", "unit": ""})
    html = Template('{% load folds %}{% filterfold "state unit" %}<form></form>{% endfilterfold %}').render(
        Context({"request": request})
    )
    assert html == (
        '<details class="filter-fold" id="filter-fold" data-fold-names="state unit" open>'
        '<summary>筛选<span class="fold-note">（已选 1 项）</span></summary><form></form></details>'
    )
    plain = Template("{% load folds %}{% filterfold id='other' %}<form></form>{% endfilterfold %}").render(
        Context()
    )
    assert 'id="other"' in plain and "<summary>筛选<span" in plain and "已选" not in plain
    with pytest.raises(TemplateSyntaxError):
        Template('{% load folds %}{% filterfold "a" "b" %}{% endfilterfold %}')


@pytest.mark.parametrize(
    "url,expected",
    [
        ("/watchlist/", "筛选"),
        (
            "/watchlist/?as_of=2024-07-15&year=2024&region=&category=&unit=&leader=&colour=red",
            "筛选（已选 1 项）",
        ),
        ("/problems/?q=&state=open&source=&unit=&overdue=1", "筛选（已选 2 项）"),
        ("/office/audit/?kind=&action=&who=office&since=2024-01-01", "筛选（已选 2 项）"),
        ("/dashboard/?year=2024", "筛选"),
        ("/supervision/assessment/", "筛选"),
        ("/compliance/?year=2024", "筛选（已选 1 项）"),
        ("/?q=济宁", "筛选（已选 1 项）"),
    ],
)
def test_the_filter_form_folds_with_a_count_of_what_is_chosen(client_for, url, expected):
    response = client_for("office").get(url)
    assert response.status_code == 200
    assert _summary(response.content.decode()) == expected


def test_the_fold_comes_with_the_htmx_fragment_that_holds_the_form(client_for):
    client = client_for("office")
    fragment = client.get("/watchlist/?colour=red&unit=", headers=HX).content.decode()
    assert fragment.lstrip().startswith('<div id="watchlist">')
    assert _summary(fragment) == "筛选（已选 1 项）"
    ledger = client.get(f"/plans/{plan('济宁市', 2024).pk}/ledger/?kind=week").content.decode()
    assert _summary(ledger) == "筛选（已选 1 项）"
