"""The demo's finished earlier years: the plain script (values rise to the target by the finish day,
nothing is owed after the acceptance, a few reports late, the deputies' counts add up) and the loader
(the 2023 plans closed, finished projects accepted, the others explained, the evaluation published,
the public board blue rather than 0 % 红; loading twice adds nothing)."""

import datetime
import re
from decimal import Decimal

import pytest

from minsheng.participation.models import Evaluation, VoteState
from minsheng.plans.models import PlanState, ProjectState
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.models import Report
from minsheng.site import demo_past_script as script
from minsheng.site.demo_past_year import load_demo_past_years
from minsheng.site.demo_script import IndicatorSpec
from minsheng.supervision.models import Acceptance, YearEndReview
from tests.conftest import plan, project

D = datetime.date
HOMES = IndicatorSpec(1, "改造老旧小区", Decimal(0), Decimal(120), "个", D(2023, 12, 31))


def keys(finished: bool) -> list[str]:
    return [
        k
        for k in (f"济宁市|2023|{n}" for n in range(60))
        if (script.fraction(k, "finished") < 0.88) == finished
    ]


def test_a_finished_project_reaches_its_target_and_then_owes_nothing():
    key = keys(True)[0]
    year = script.script_past_year(key, "改造老旧小区", 2023, D(2023, 12, 31), [HOMES])
    assert year.finished and D(2023, 8, 1) <= year.finish_day <= D(2023, 12, 26)
    assert year.applied_at < year.accepted_at and year.accepted_at.date() <= D(2023, 12, 28)
    months = [r for r in year.reports if r.period.kind == calendar.MONTH]
    values = [r.values[1] for r in months]
    assert values == sorted(values) and values[-1] == 120  # rises, never falls, reaches the target
    assert all(r.period.start <= year.accepted_at.date() for r in year.reports)  # nothing after acceptance
    assert all(r.submitted_at < r.approved_at for r in year.reports)


def test_an_unfinished_project_ends_the_year_short():
    key = keys(False)[0]
    year = script.script_past_year(key, "改造老旧小区", 2023, D(2023, 12, 31), [HOMES])
    assert not year.finished and year.accepted_at is None
    december = [r for r in year.reports if r.period.key == "2023-12"][0]
    assert Decimal(84) <= december.values[1] < 120  # 70–95 % of the target
    assert sum(year.verdicts.values()) == script.DEPUTIES


def test_a_deadline_before_the_year_end_is_met_before_it():
    due = D(2023, 6, 30)
    for key in keys(True)[:5]:
        year = script.script_past_year(
            key, "x", 2023, due, [IndicatorSpec(1, "t", Decimal(0), Decimal(10), "个", due)]
        )
        assert year.finish_day <= D(2023, 6, 25)


def test_a_few_reports_are_late():
    rules = calendar.DEFAULT_RULES
    late = on_time = 0
    for key in keys(True)[:20]:
        for r in script.script_past_year(key, "x", 2023, D(2023, 12, 31), [HOMES]).reports:
            if calendar.is_on_time(r.submitted_at, r.period, rules):
                on_time += 1
            else:
                late += 1
    assert 0 < late < 0.15 * (late + on_time)


@pytest.fixture
def finished_years(db, settings):
    settings.MINSHENG_TODAY = "2024-07-15"
    return load_demo_past_years()


def test_the_loader_finishes_the_earlier_years_once(finished_years, client_for):
    assert len(finished_years) == 3 and all("验收通过" in line for line in finished_years)
    city = plan("济宁市", 2023)
    assert city.state == PlanState.CLOSED
    projects = list(city.projects.all())
    accepted = [p for p in projects if p.state == ProjectState.ACCEPTED]
    unfinished = [p for p in projects if p.state == ProjectState.UNFINISHED]
    assert len(accepted) + len(unfinished) == len(projects) and len(accepted) > 0.7 * len(projects)
    assert Acceptance.objects.filter(project__plan=city, state="accepted").count() == len(accepted)
    assert YearEndReview.objects.filter(project__plan=city).count() == len(unfinished)
    evaluation = Evaluation.objects.get(plan=city)
    assert evaluation.state == VoteState.PUBLISHED and evaluation.result["plan"]["evaluated"] == len(projects)
    page = client_for(None).get(f"/public/plans/{city.pk}/").content.decode()
    assert f"已完成验收 {len(accepted)} 个" in page and "满意度测评" in page
    # the year is over: an unfinished project is 年度未完成, not a pace word such as 略有滞后
    assert page.count('<span class="meaning">年度未完成</span>') == len(unfinished)
    # one colour for all of them, whatever pace each had: the year ended without them
    assert page.count('<span class="chip chip-red">红</span> <span class="meaning">年度未完成</span>') == len(
        unfinished
    )
    assert not re.search(r'class="meaning">(正常推进|略有滞后|明显滞后|严重滞后)<', page)
    assert f"年度未完成 {len(unfinished)} 个" in page
    short = client_for(None).get(f"/public/projects/{unfinished[0].pk}/").content.decode()
    assert '<span class="meaning">年度未完成</span>' in short
    reports = Report.objects.filter(project__plan=city).count()
    assert load_demo_past_years() == [] and Report.objects.filter(project__plan=city).count() == reports
    assert plan("济宁市", 2024).state == PlanState.PUBLISHED  # this year is left alone


def test_the_commitment_view_shows_last_years_result_and_satisfaction(finished_years, client_for):
    """A 2024 project continuing a 2023 one: the 2023 row reads as the board reads it once the year is
    over, with the deputies' published verdict and the public's mean score."""
    city = plan("济宁市", 2023)
    unfinished = city.projects.filter(state=ProjectState.UNFINISHED).first()
    continued = project("济宁市", 2024, "1")
    continued.lineage.add(unfinished)
    page = client_for(None).get(f"/commitments/{continued.pk}/")
    last_year = page.context["page"].chain[0]
    assert last_year.project == unfinished and (last_year.colour, last_year.standing) == ("red", "年度未完成")
    assert last_year.satisfaction.evaluated and last_year.satisfaction.survey.count > 0
    html = page.content.decode()
    assert f"代表评议：{last_year.satisfaction.verdict_label}" in html and "群众 " in html
