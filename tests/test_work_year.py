"""The working year (工作年度) chosen in the header: kept in the session, offered among the years of
the plans one may see, and the default of the watchlist, the dashboard, 考核 and the compliance
overview when the address names no year; an address that names one still wins."""

import pytest

from tests.forms import form_data


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def choose(client, year: str):
    page = client.get("/year/?next=/watchlist/").content.decode()
    data = form_data(page[page.index('<form method="post"') :])
    return client.post("/year/", {**data, "year": year})


def test_the_office_switches_to_2023_and_the_pages_follow(client_for):
    office = client_for("office")
    assert 'href="/year/?next=' in office.get("/watchlist/").content.decode()  # in the header
    assert office.get("/watchlist/").context["year"] == 2024
    answer = choose(office, "2023")
    assert answer.status_code == 302 and answer["Location"] == "/watchlist/"
    assert office.get("/watchlist/").context["year"] == 2023
    assert office.get("/watchlist/?year=2024").context["year"] == 2024  # the address wins
    assert office.get("/supervision/assessment/").context["ledger"].year == 2023
    assert "2023年" in office.get("/dashboard/").content.decode()
    assert ">2023年</a>" in office.get("/watchlist/").content.decode()  # the header shows it
    back = choose(office, "")
    assert back.status_code == 302 and office.get("/watchlist/").context["year"] == 2024


def test_a_year_without_plans_is_refused_in_chinese(client_for):
    office = client_for("office")
    answer = choose(office, "2031")
    assert answer.status_code == 400 and "没有2031年的计划" in answer.content.decode()
    assert office.get("/watchlist/").context["year"] == 2024


def test_the_return_address_stays_on_this_site(client_for):
    office = client_for("office")
    page = office.get("/year/").content.decode()
    data = form_data(page[page.index('<form method="post"') :])
    answer = office.post("/year/", {**data, "year": "2023", "next": "https://evil.example/"})
    assert answer["Location"] == "/"
    assert client_for(None).get("/year/").status_code == 302  # to the login page


def test_each_page_reads_the_working_year_the_same_way(client_for):
    """The address still wins on every page (a day names the dashboard's year); the compliance overview
    follows too; the ten-day dispatch does not take a working year."""
    office = client_for("office")
    choose(office, "2023")
    assert office.get("/compliance/").context["year"] == "2023"
    assert office.get("/compliance/?year=").context["year"] == ""  # every year, as typed
    assert office.get("/compliance/?year=2024").context["year"] == "2024"
    assert office.get("/supervision/assessment/?year=2024").context["ledger"].year == 2024
    assert "2024年，截至" in office.get("/dashboard/?as_of=2024-07-01").content.decode()
    assert "2024年，截至" in office.get("/dashboard/?year=2024").content.decode()
    assert "2023年，截至" in office.get("/dashboard/").content.decode()
    assert office.get("/dashboard/dispatch/").context["scope"].year == 2024
