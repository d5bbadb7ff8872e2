"""The escalation ladder run by `minsheng tick`, with the demo clock moved (Asia/Shanghai): it only
proposes; a trigger used once (proposed, issued or dismissed) is never proposed again; running it twice
proposes nothing new."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from minsheng.core.audit import events_for
from minsheng.core.clock import now
from minsheng.notifications.models import Notification
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.site.demo_reports import load_demo_reports
from minsheng.supervision.models import SupervisionOrder
from minsheng.supervision.orders import workflow as actions
from minsheng.supervision.orders.tick import propose_escalations
from tests.conftest import project


def at(day: str) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(2), SHANGHAI)


@pytest.fixture
def demo_reports(settings, db):
    settings.MINSHENG_TODAY = "2024-07-15"
    load_demo_reports()


def test_behind_at_two_month_ends_is_proposed_not_issued(demo_reports, users):
    behind = project("济宁市", 2024, "8")  # 市教育局, behind pace in the demo since spring
    on_pace = project("济宁市", 2024, "3")
    assert propose_escalations(at("2024-07-15")) > 0
    [order] = SupervisionOrder.objects.filter(project=behind)
    assert order.state == "proposed" and order.kind == "notice"
    assert order.trigger == "behind_two_months:2024-06"
    assert order.unit.name == "市教育局"
    assert order.number == "" and order.issued_at is None  # nothing issued by itself
    assert order.grade == "warning" and order.respond_by == datetime.date(2024, 7, 22)  # 警示: 7 days
    assert "连续两个月落后序时进度" in order.reasons
    assert not SupervisionOrder.objects.filter(project=on_pace).exists()
    # The unit hears nothing of a proposal; the office decides first.
    assert not Notification.objects.filter(recipient=users["jiaoyu"]).exists()
    [event] = events_for(order)
    assert event.action == "propose" and event.actor is None and event.via == "cli"
    # Old plans (2022, 2023) are past their windows: nothing for them.
    assert not SupervisionOrder.objects.exclude(project__plan__year=2024).exists()


def test_running_twice_proposes_nothing_new(demo_reports):
    first = propose_escalations(at("2024-07-15"))
    count = SupervisionOrder.objects.count()
    assert first == count > 0
    assert propose_escalations(at("2024-07-20")) == 0  # same month ends
    assert SupervisionOrder.objects.count() == count


def test_a_dismissed_or_issued_proposal_is_not_proposed_again(demo_reports, users):
    propose_escalations(at("2024-07-15"))
    behind = project("济宁市", 2024, "8")
    other = SupervisionOrder.objects.filter(state="proposed").exclude(project=behind).first()
    order = SupervisionOrder.objects.get(project=behind)
    actions.dismiss(order, users["office"])
    actions.confirm(other, users["office"])
    assert propose_escalations(at("2024-07-16")) == 0
    assert SupervisionOrder.objects.filter(project=behind).count() == 1
    assert SupervisionOrder.objects.get(pk=other.pk).state == "issued"

    # A month later the dismissed project is behind again at two month ends: a new trigger; the one
    # with a 督办单 already open gets no second one.
    assert propose_escalations(at("2024-08-15")) > 0
    again = SupervisionOrder.objects.filter(project=behind, state="proposed").get()
    assert again.trigger == "behind_two_months:2024-07"
    assert not SupervisionOrder.objects.filter(
        project=other.project, trigger="behind_two_months:2024-07"
    ).exists()


def test_the_database_refuses_a_second_open_proposal_of_the_same_trigger(demo_reports):
    propose_escalations(at("2024-07-15"))
    order = SupervisionOrder.objects.filter(state="proposed").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionOrder.objects.create(
            project=order.project,
            unit=order.unit,
            kind="notice",
            reasons="x",
            state="proposed",
            trigger=order.trigger,
        )


def test_still_behind_at_the_end_of_q3_is_proposed_for_the_bulletin(settings, db):
    # No report at all: every quantified 2024 project is far behind at 30 September.
    settings.MINSHENG_TODAY = "2024-10-08"
    assert propose_escalations(now()) > 0
    behind = project("济宁市", 2024, "8")
    triggers = set(SupervisionOrder.objects.filter(project=behind).values_list("trigger", "kind"))
    assert triggers == {("behind_two_months:2024-09", "notice"), ("named_in_bulletin:2024", "urge")}
    assert propose_escalations(now()) == 0


def test_missed_at_year_end_asks_for_the_explanation(settings, db):
    settings.MINSHENG_TODAY = "2025-01-10"
    propose_escalations(now())
    behind = project("微山县", 2024, "4.3")
    order = SupervisionOrder.objects.get(project=behind, trigger="year_end:2024")
    assert order.state == "proposed" and order.kind == "notice"
    assert order.unit.name == "县民政局"
    assert "未完成原因" in order.measures
    # Once the window after the year end is over, an unattended plan proposes nothing more.
    settings.MINSHENG_TODAY = "2025-04-01"
    assert propose_escalations(now()) == 0


def test_minsheng_tick_runs_the_ladder_and_says_so(settings, demo_reports):
    out = io.StringIO()
    call_command("tick", stdout=out)
    proposed = SupervisionOrder.objects.filter(state="proposed").count()
    assert proposed > 0
    assert f"督办升级：新拟办 {proposed} 项（待督查室确认）" in out.getvalue()
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert "督办升级：新拟办 0 项" in out.getvalue()
    # A dry run writes nothing, proposals included.
    call_command("tick", "--dry-run", stdout=io.StringIO())
    assert SupervisionOrder.objects.filter(state="proposed").count() == proposed


def test_the_ladder_costs_a_fixed_number_of_queries_per_plan(settings, db):
    """Two published plans in their ladder window (the city's and Weishan's 2024 plans), two month
    ends each: the status engine's queries for each, plus a handful, however many projects, reports or
    proposals."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MINSHENG_TODAY = "2024-07-15"
    with CaptureQueriesContext(connection) as no_reports:
        many = propose_escalations(now())  # nothing reported: nearly every project is behind
    SupervisionOrder.objects.all().delete()
    load_demo_reports()
    with CaptureQueriesContext(connection) as with_reports:
        few = propose_escalations(now())
    assert many > few > 0
    assert len(no_reports) == len(with_reports) <= 2 * 2 * 9 + 8
