"""A project's colour month by month on its page: each month end's colour is the status engine's for
that day (by the reports approved then), the day looked at comes last, and months behind that the
project made up later are marked 补齐 without changing their colour."""

import datetime
import re

import pytest

from minsheng.site.demo_reports import load_demo_reports
from minsheng.supervision.status.colour_history import colour_history
from minsheng.supervision.status.project_history import project_colours
from minsheng.supervision.status.queries import plan_status
from tests.conftest import plan

D = datetime.date


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-09-15"


@pytest.fixture
def reports(db):
    load_demo_reports()


def test_each_month_end_is_the_colour_of_that_day(reports):
    city = plan("济宁市", 2024)
    items = list(city.projects.order_by("pk"))
    days = [D(2024, m, [31, 29, 31, 30, 31, 30, 31, 31][m - 1]) for m in range(1, 9)] + [D(2024, 9, 15)]
    expected = {day: plan_status(city, day) for day in days}
    for item in items:
        history = project_colours(item)
        assert [h.day for h in history] == days
        assert [h.colour for h in history] == [expected[day][item.pk].colour for day in days]
        assert history == colour_history((day, expected[day][item.pk]) for day in days)
    behind = [h for item in items for h in project_colours(item) if h.behind]
    assert behind  # the demo's year has projects behind at some month end


def test_the_project_page_shows_the_history_with_months_made_up(client_for, reports):
    city = plan("济宁市", 2024)
    histories = {item.pk: project_colours(item) for item in city.projects.all()}
    made_up = [pk for pk, history in histories.items() if any(h.caught_up for h in history)]
    assert made_up  # the demo's year has months made up later
    chosen = made_up[0]
    html = client_for("office").get(f"/projects/{chosen}/").content.decode()
    assert "逐月颜色" in html
    shown = re.findall(r'<span class="colour colour-(\w+)">([^<]+)</span><small>([^<]+)', html)
    history = histories[chosen]
    assert [(colour, label) for colour, label, _ in shown] == [(h.colour, h.label) for h in history]
    assert shown[-1][2].startswith("9月15日")
    assert "补齐" in html and 'class="caught-up"' in html
    public = client_for(None).get(f"/projects/{chosen}/")
    assert public.status_code in (200, 302, 404)  # whatever the public may open, nothing breaks


def test_a_draft_plan_shows_no_history(client_for, db):
    from minsheng.plans.models import Project

    draft = Project.objects.filter(plan__state="draft").first()
    if draft is None:
        pytest.skip("the demo has no draft plan with projects")
    html = client_for("admin").get(f"/projects/{draft.pk}/").content.decode()
    assert "逐月颜色" not in html
