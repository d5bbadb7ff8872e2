"""Graded 督办单 through the pages and the tick: the office picks 提示, 警示 or 严重 (警示 offered after a
leader's 批示), the deadline follows the grade, and a sheet left unanswered past its deadline rises one
grade — the same sheet, audited as the system's, the unit and the office told."""

import datetime

import pytest

from minsheng.core.audit import events_for
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.supervision.models import Instruction, SupervisionOrder
from minsheng.supervision.orders import workflow as actions
from minsheng.supervision.orders.rising import raise_overdue
from tests.conftest import project
from tests.test_orders import form_of, inbox, issue, page

D = datetime.date


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


@pytest.fixture
def canteens(db):
    return project("济宁市", 2024, "3")


def at(day: str) -> datetime.datetime:
    return datetime.datetime.combine(D.fromisoformat(day), datetime.time(8), SHANGHAI)


def test_the_form_offers_the_grades_and_the_deadline_follows_the_grade(client_for, canteens):
    office = client_for("office")
    html = page(office, canteens).content.decode()
    fields = form_of(html, f"/projects/{canteens.pk}/orders/new/")
    assert fields["grade"] == "prompt"  # 提示 by default
    assert "警示（橙色督办单）" in html and "留空按等级：提示 10 天、警示 7 天、严重 5 天" in html
    assert issue(office, canteens, respond_by="", grade="serious").status_code == 302
    order = SupervisionOrder.objects.get(project=canteens)
    assert (order.grade, order.respond_by) == ("serious", D(2024, 7, 20))
    detail = office.get(f"/supervision/orders/{order.pk}/").content.decode()
    assert "严重（红色督办单）" in detail and "自动升一级" not in detail  # the top grade rises no more
    SupervisionOrder.objects.filter(pk=order.pk).update(grade="prompt")
    assert "自动升一级" in office.get(f"/supervision/orders/{order.pk}/").content.decode()
    event = events_for(order).first()
    assert event.changes["等级"] == [None, "严重"]
    refused = issue(office, canteens, grade="urgent")
    assert refused.status_code == 422 and "请选择督办单等级" in refused.content.decode()


def test_after_a_leaders_instruction_the_sheet_is_offered_at_warning(client_for, canteens, users):
    Instruction.objects.create(project=canteens, leader=users["leader"], text="请加快进度。")
    html = page(client_for("office"), canteens).content.decode()
    assert form_of(html, f"/projects/{canteens.pk}/orders/new/")["grade"] == "warning"


def test_an_unanswered_sheet_rises_a_grade_once_per_deadline(client_for, canteens, users):
    office = client_for("office")
    issue(office, canteens, respond_by="2024-07-20")
    order = SupervisionOrder.objects.get(project=canteens)
    assert raise_overdue(at("2024-07-20")) == 0  # due today: not yet
    assert raise_overdue(at("2024-07-21")) == 1
    assert raise_overdue(at("2024-07-21")) == 0  # a second tick the same day does nothing
    order.refresh_from_db()
    assert (order.grade, order.respond_by, order.state) == ("warning", D(2024, 7, 28), "issued")
    assert order.number == "督〔2024〕1号"  # the same sheet, its number kept
    event = events_for(order).first()
    assert event.action == "raise" and event.via == "cli" and event.actor_name == "系统"
    assert event.changes["等级"] == ["提示", "警示"]
    assert any("升级为警示" in n.title for n in inbox(users["minzheng"]))
    assert any("逾期升级为警示" in n.title for n in inbox(users["office"]))
    assert raise_overdue(at("2024-07-29")) == 1
    order.refresh_from_db()
    assert (order.grade, order.respond_by) == ("serious", D(2024, 8, 3))
    assert raise_overdue(at("2024-09-01")) == 0  # 严重 is the top


def test_an_answered_sheet_does_not_rise_and_a_send_back_gives_new_time(
    client_for, canteens, users, settings
):
    office = client_for("office")
    issue(office, canteens, respond_by="2024-07-20")
    order = SupervisionOrder.objects.get(project=canteens)
    actions.answer(order, "已制定赶进度措施。", users["minzheng"])
    assert raise_overdue(at("2024-07-25")) == 0
    settings.MINSHENG_TODAY = "2024-07-25"
    actions.send_back(order, "措施不具体，请补充。", users["office"])
    order.refresh_from_db()
    assert order.state == "issued" and order.respond_by == D(2024, 8, 4)  # 提示: ten days from today
    assert raise_overdue(at("2024-07-26")) == 0
