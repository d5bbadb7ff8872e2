"""Urges (催办) and 督办单 from the office, answered by the unit, closed or sent back by the office;
the escalation ladder's proposals confirmed or dismissed. Forms are posted as rendered."""

import datetime

import pytest
from django.utils import timezone

from minsheng.core.audit import events_for
from minsheng.notifications.models import Notification
from minsheng.plans.models import UnitRole
from minsheng.supervision.models import SupervisionOrder
from minsheng.supervision.orders import workflow as actions
from tests.conftest import project
from tests.forms import form_data


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


@pytest.fixture
def canteens(db):
    """Jining 2024 no. 3, 建设200处老年人食堂, led by 市民政局 (reporter minzheng, approver minzheng_head)."""
    return project("济宁市", 2024, "3")


def page(client, p):
    return client.get(f"/projects/{p.pk}/orders/")


def form_of(html: str, action: str) -> dict:
    """The fields of the rendered form posting to `action`."""
    start = html.index(f'action="{action}"')
    start = html.rindex("<form", 0, start)
    return form_data(html[start : html.index("</form>", start) + 7])


def inbox(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, channel="app").order_by("pk"))


def urge(client, p, reasons="请加快老年人食堂建设进度，本周内报送进展。"):
    html = page(client, p).content.decode()
    data = form_of(html, f"/projects/{p.pk}/orders/urge/") | {"reasons": reasons}
    return client.post(f"/projects/{p.pk}/orders/urge/", data)


def issue(client, p, respond_by="2024-07-25", **fields):
    html = page(client, p).content.decode()
    data = form_of(html, f"/projects/{p.pk}/orders/new/")
    data |= {
        "reasons": "连续两个月落后序时进度。",
        "measures": "制定赶进度措施。",
        "respond_by": respond_by,
    } | fields
    return client.post(f"/projects/{p.pk}/orders/new/", data)


def test_the_office_urges_the_lead_unit(client_for, canteens, users):
    response = urge(client_for("office"), canteens)
    assert response.status_code == 302
    order = SupervisionOrder.objects.get(project=canteens)
    assert (order.kind, order.state, order.unit.name) == ("urge", "issued", "市民政局")
    assert order.issued_by == users["office"] and timezone.localdate(order.issued_at) == datetime.date(
        2024, 7, 15
    )
    assert order.number == ""
    # The unit's reporter and approver hear of it in the app, with a link to the notice.
    for name in ("minzheng", "minzheng_head"):
        [message] = inbox(users[name])
        assert message.title == f"【催办】3. {canteens.name}"
        assert "请加快老年人食堂建设进度" in message.body
        assert message.link == f"/supervision/orders/{order.pk}/"
    assert not inbox(users["jiaoyu"])
    [event] = events_for(order)
    assert event.action == "urge" and event.actor == users["office"]
    # The project's page lists it.
    assert "请加快老年人食堂建设进度" in page(client_for("office"), canteens).content.decode()


def test_a_double_click_urges_once(client_for, canteens):
    client = client_for("office")
    urge(client, canteens)
    urge(client, canteens)
    assert SupervisionOrder.objects.filter(project=canteens).count() == 1


def test_urging_needs_a_reason_and_a_lead_unit(client_for, canteens):
    client = client_for("office")
    response = urge(client, canteens, reasons="  ")
    assert response.status_code == 422
    assert "请填写催办事由" in response.content.decode() or "必填" in response.content.decode()
    co_unit = canteens.unit_roles.filter(role=UnitRole.CO).first().unit
    html = page(client, canteens).content.decode()
    data = form_of(html, f"/projects/{canteens.pk}/orders/urge/") | {"reasons": "x", "unit": co_unit.pk}
    response = client.post(f"/projects/{canteens.pk}/orders/urge/", data)
    assert response.status_code == 422
    assert "请选择该项目的牵头单位。" in response.content.decode()
    assert not SupervisionOrder.objects.exists()


def test_a_notice_is_numbered_per_region_and_year(client_for, canteens, users):
    client = client_for("office")
    response = issue(client, canteens)
    first = SupervisionOrder.objects.get(project=canteens)
    assert response.status_code == 302 and response["Location"] == f"/supervision/orders/{first.pk}/"
    assert (first.kind, first.state, first.number) == ("notice", "issued", "督〔2024〕1号")
    assert first.respond_by == datetime.date(2024, 7, 25) and first.measures == "制定赶进度措施。"
    issue(client, project("济宁市", 2024, "4"))
    assert (
        SupervisionOrder.objects.get(project__seq="4", project__plan=canteens.plan).number == "督〔2024〕2号"
    )
    # Weishan numbers its own.
    issue(client_for("weishan"), project("微山县", 2024, "4.3"))
    assert SupervisionOrder.objects.get(project__plan__region__name="微山县").number == "督〔2024〕1号"
    message = inbox(users["minzheng"])[0]  # then 督〔2024〕2号 on no. 4, also 市民政局's
    assert message.title == f"【督办单 督〔2024〕1号（提示）】3. {canteens.name}"
    assert "请于 2024-07-25 前在平台上回复" in message.body
    # A double click issues one.
    issue(client, canteens)
    assert SupervisionOrder.objects.filter(project=canteens).count() == 1


def test_a_notice_needs_a_response_deadline_not_in_the_past(client_for, canteens):
    response = issue(client_for("office"), canteens, respond_by="2024-07-01")
    assert response.status_code == 422
    assert "回复时限（2024-07-01）不能早于今天。" in response.content.decode()
    assert not SupervisionOrder.objects.exists()


def test_the_unit_answers_and_the_office_sends_back_then_closes(client_for, canteens, users):
    office, unit = client_for("office"), client_for("minzheng")
    issue(office, canteens)
    order = SupervisionOrder.objects.get()
    url = f"/supervision/orders/{order.pk}/"
    html = unit.get(url).content.decode()
    assert "回复督查室" in html and "办结" not in html
    data = form_of(html, f"{url}answer/") | {"text": "已召开调度会，7月底前新开工20处。"}
    assert unit.post(f"{url}answer/", data).status_code == 302
    assert unit.post(f"{url}answer/", data).status_code == 302  # a double click
    order.refresh_from_db()
    assert order.state == "answered" and order.response == "已召开调度会，7月底前新开工20处。"
    assert order.responded_by == users["minzheng"]
    assert [e.action for e in events_for(order)].count("answer") == 1
    [told] = inbox(users["office"])
    assert told.title.startswith("【已回复】督办单 督〔2024〕1号") and "新开工20处" in told.body

    # The office finds the answer wanting: back to the unit with a comment.
    html = office.get(url).content.decode()
    data = form_of(html, f"{url}send-back/") | {"text": "请明确每处食堂的开工时间。"}
    assert office.post(f"{url}send-back/", data).status_code == 302
    order.refresh_from_db()
    assert order.state == "issued"
    html = unit.get(url).content.decode()
    assert "督查室退回意见：请明确每处食堂的开工时间。" in html
    assert "退回重办" in inbox(users["minzheng"])[-1].title
    assert "已召开调度会" in form_of(html, f"{url}answer/")["text"]  # the answer stays to revise
    unit.post(f"{url}answer/", {"text": "已召开调度会，逐处明确开工时间：…"})
    # Closed, once, whatever the clicks.
    assert office.post(f"{url}close/").status_code == 302
    assert office.post(f"{url}close/").status_code == 302
    order.refresh_from_db()
    assert order.state == "closed" and order.closed_at is not None
    assert [e.action for e in events_for(order)].count("close") == 1
    assert unit.post(f"{url}answer/", {"text": "再补充"}).status_code == 422


def test_a_notice_is_closed_only_after_an_answer(client_for, canteens):
    issue(client_for("office"), canteens)
    order = SupervisionOrder.objects.get()
    response = client_for("office").post(f"/supervision/orders/{order.pk}/close/")
    assert response.status_code == 422 and "督办单须待单位回复后才能办结。" in response.content.decode()
    order.refresh_from_db()
    assert order.state == "issued"


def test_who_sees_and_does_what(client_for, canteens):
    issue(client_for("office"), canteens)
    order = SupervisionOrder.objects.get()
    url = f"/supervision/orders/{order.pk}/"
    for name, status in [
        ("office", 200),
        ("minzheng", 200),
        ("minzheng_head", 200),
        ("jiaoyu", 404),
        ("weishan", 404),
        ("deputy", 404),
        ("outsider", 404),
    ]:
        assert client_for(name).get(url).status_code == status, name
    assert client_for(None).get(url).status_code == 302  # log in first
    # The unit does not close, the office does not answer, another unit does not even find it.
    assert client_for("minzheng").post(f"{url}close/").status_code == 403
    assert client_for("office").post(f"{url}answer/", {"text": "x"}).status_code == 403
    assert client_for("jiaoyu").post(f"{url}answer/", {"text": "x"}).status_code == 404
    assert client_for("office").get("/supervision/orders/999999/").status_code == 404
    # The project page: the office and the lead unit; an office elsewhere is refused; forged ids 404.
    assert page(client_for("minzheng"), canteens).status_code == 200
    assert page(client_for("weishan"), canteens).status_code == 403
    assert page(client_for("jiaoyu"), canteens).status_code == 403
    assert client_for("office").get("/projects/999999/orders/").status_code == 404
    draft = project("济宁市", 2025, "1")
    assert page(client_for("weishan"), draft).status_code == 404  # a draft it cannot see at all
    response = client_for("weishan").post(f"/projects/{canteens.pk}/orders/urge/", {"reasons": "x"})
    assert response.status_code == 403
    # The unit's page has no office forms.
    html = page(client_for("minzheng"), canteens).content.decode()
    assert "发出催办" not in html and "下发督办单" not in html


def proposal(p, kind="notice", trigger="behind_two_months:2024-06", respond_by=datetime.date(2024, 7, 25)):
    return SupervisionOrder.objects.create(
        project=p,
        unit=actions.lead_units(p)[0],
        kind=kind,
        grade="warning" if kind == "notice" else "",  # as the ladder grades a sheet of this rule
        reasons="连续两个月落后序时进度。",
        measures="请制定措施。",
        respond_by=respond_by,
        state="proposed",
        trigger=trigger,
    )


def test_the_office_confirms_a_proposal_edited_and_numbered(client_for, canteens, users):
    order = proposal(canteens)
    url = f"/supervision/orders/{order.pk}/"
    assert client_for("minzheng").get(url).status_code == 404  # the unit sees no proposal
    office = client_for("office")
    html = office.get(url).content.decode()
    assert "升级规则：连续两个月落后序时进度" in html
    data = form_of(html, f"{url}confirm/") | {"measures": "请于7月底前新开工20处。"}
    assert office.post(f"{url}confirm/", data).status_code == 302
    assert office.post(f"{url}confirm/", data).status_code == 302  # a double click
    order.refresh_from_db()
    assert (order.state, order.number, order.measures) == (
        "issued",
        "督〔2024〕1号",
        "请于7月底前新开工20处。",
    )
    assert order.issued_by == users["office"]
    assert SupervisionOrder.objects.filter(number__startswith="督").count() == 1
    [message] = inbox(users["minzheng"])
    assert message.title == f"【督办单 督〔2024〕1号（警示）】3. {canteens.name}"
    assert client_for("minzheng").get(url).status_code == 200


def test_a_late_confirmation_moves_the_deadline_and_an_urge_gets_no_number(client_for, canteens, settings):
    order = proposal(canteens, respond_by=datetime.date(2024, 7, 20))
    settings.MINSHENG_TODAY = "2024-08-01"
    client_for("office").post(f"/supervision/orders/{order.pk}/confirm/")  # the watchlist's button
    order.refresh_from_db()
    assert order.state == "issued" and order.respond_by == datetime.date(
        2024, 8, 8
    )  # 警示: 7 days from today
    urge = proposal(canteens, kind="urge", trigger="named_in_bulletin:2024", respond_by=None)
    client_for("office").post(f"/supervision/orders/{urge.pk}/confirm/", {"next": "/watchlist/"})
    urge.refresh_from_db()
    assert urge.state == "issued" and urge.number == ""


def test_the_office_dismisses_a_proposal(client_for, canteens, users):
    order = proposal(canteens)
    url = f"/supervision/orders/{order.pk}/"
    assert client_for("minzheng").post(f"{url}dismiss/").status_code == 404
    assert client_for("leader").post(f"{url}dismiss/").status_code == 404  # not the leader's region
    response = client_for("office").post(f"{url}dismiss/", {"next": "/watchlist/?colour=red"})
    assert response.status_code == 302 and response["Location"] == "/watchlist/?colour=red"
    order.refresh_from_db()
    assert order.state == "dismissed"
    assert not inbox(users["minzheng"])
    # Dismissed is final: confirming it afterwards does nothing.
    client_for("office").post(f"{url}confirm/")
    order.refresh_from_db()
    assert order.state == "dismissed" and order.number == ""
    # An outside `next` is ignored.
    other = proposal(canteens, trigger="behind_two_months:2024-07")
    response = client_for("office").post(
        f"/supervision/orders/{other.pk}/dismiss/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/supervision/orders/{other.pk}/"


def test_the_notice_list_is_each_users_own(client_for, canteens):
    issue(client_for("office"), canteens)
    proposal(project("济宁市", 2024, "8"))
    html = client_for("minzheng").get("/supervision/orders/").content.decode()
    assert "督〔2024〕1号" in html
    assert "待确认拟办" not in html
    assert "督〔2024〕1号" not in client_for("jiaoyu").get("/supervision/orders/").content.decode()
    html = client_for("office").get("/supervision/orders/?state=proposed").content.decode()
    assert "开展中小学生心理辅导" in html and "督〔2024〕1号" not in html
    assert client_for("outsider").get("/supervision/orders/").status_code == 403


def test_the_paths_before_the_rename_redirect_to_the_orders(client_for, canteens):
    """Notifications sent before the 督办单 got its own name link to /supervision/notices/<id>/."""
    issue(client_for("office"), canteens)
    order = SupervisionOrder.objects.get()
    client = client_for("minzheng")
    response = client.get(f"/supervision/notices/{order.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/supervision/orders/{order.pk}/"
    assert client.get(response["Location"]).status_code == 200
    assert client.get(f"/projects/{canteens.pk}/notices/")["Location"] == f"/projects/{canteens.pk}/orders/"
    assert client.get("/supervision/notices/?state=issued")["Location"] == "/supervision/orders/?state=issued"
    assert client_for("jiaoyu").get(f"/supervision/notices/{order.pk}/", follow=True).status_code == 404
