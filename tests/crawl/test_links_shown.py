"""A page shows a link only when its user may follow it (issue 12, item 13): the links the role crawl
found answering 403/404, each checked on its own."""

import pytest

from tests.conftest import plan, project


def links(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_deputy_is_not_shown_the_watchlist(client_for):
    deputy = client_for("deputy")
    assert 'href="/watchlist/"' not in links(deputy, "/dashboard/")
    assert deputy.get("/watchlist/").status_code == 403
    assert 'href="/watchlist/"' in links(client_for("office"), "/dashboard/")


@pytest.mark.parametrize("role", ["leader", "weishan"])
def test_the_county_is_not_shown_the_citys_problem_list_or_acceptance(client_for, role):
    city = plan("济宁市", 2024)
    client = client_for(role)
    page = links(client, f"/plans/{city.pk}/")
    for target in [
        f"/plans/{city.pk}/problems/",
        f"/plans/{city.pk}/acceptance/",
        f"/plans/{city.pk}/compliance/",
    ]:
        assert f'href="{target}"' not in page
        assert client.get(target).status_code == 404
    county = plan("微山县", 2024)
    assert f'href="/plans/{county.pk}/problems/"' in links(client, f"/plans/{county.pk}/")


@pytest.mark.parametrize("role", ["jiaoyu", "weishan_minzheng", "deputy", "outsider"])
def test_a_project_page_shows_督办_and_acceptance_only_to_who_may_open_them(client_for, role):
    elderly = project("济宁市", 2024, "1")  # led by 市民政局
    client = client_for(role)
    page = links(client, f"/projects/{elderly.pk}/")
    for target in [f"/projects/{elderly.pk}/orders/", f"/projects/{elderly.pk}/acceptance/"]:
        assert f'href="{target}"' not in page
        assert client.get(target).status_code in {403, 404}
    lead = links(client_for("minzheng"), f"/projects/{elderly.pk}/")
    assert (
        f'href="/projects/{elderly.pk}/orders/"' in lead
        and f'href="/projects/{elderly.pk}/acceptance/"' in lead
    )


def test_a_unit_is_not_shown_the_problem_list_of_a_plan_it_has_no_part_in(client_for):
    county = plan("微山县", 2024)
    client = client_for("minzheng")
    assert f'href="/plans/{county.pk}/problems/"' not in links(client, f"/plans/{county.pk}/")
    assert client.get(f"/plans/{county.pk}/problems/").status_code == 404
