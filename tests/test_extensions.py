"""Extension requests through the pages: the lead unit asks before the due date, the office grants or
refuses, a grant moves the due date from that day (earlier days keep the original, which stays
visible), every step audited and told. Forms are posted as rendered."""

import datetime

import pytest

from minsheng.core.audit import events_for
from minsheng.notifications.models import Notification
from minsheng.plans.models import Plan
from minsheng.supervision.extensions.models import Extension
from minsheng.supervision.status.queries import plan_facts
from tests.conftest import project
from tests.forms import form_data

D = datetime.date


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


@pytest.fixture
def canteens(db):
    return project("济宁市", 2024, "3")  # led by 市民政局 (minzheng, minzheng_head)


def url(p) -> str:
    return f"/projects/{p.pk}/extensions/"


def ask(client, p, new_date="2025-03-31", reason="用地手续办理时间较长，部分点位无法年内建成。"):
    html = client.get(url(p)).content.decode()
    start = html.rindex("<form", 0, html.index(f'action="{url(p)}new/"'))
    data = form_data(html[start : html.index("</form>", start) + 7]) | {
        "new_date": new_date,
        "reason": reason,
    }
    return client.post(f"{url(p)}new/", data)


def test_the_lead_unit_asks_and_the_office_grants_from_today(client_for, canteens, users):
    unit = client_for("minzheng")
    assert ask(unit, canteens).status_code == 302
    extension = Extension.objects.get(project=canteens)
    assert (extension.state, extension.original_date, extension.new_date) == (
        "requested",
        D(2024, 12, 31),
        D(2025, 3, 31),
    )
    assert events_for(extension).first().action == "request"
    assert Notification.objects.filter(recipient=users["office"], title__contains="【延期申请】").exists()
    assert f'action="{url(canteens)}new/"' not in unit.get(url(canteens)).content.decode()  # one at a time
    again = unit.post(f"{url(canteens)}new/", {"new_date": "2025-06-30", "reason": "再次申请"})
    assert again.status_code == 422 and "已有一份延期申请待督查室决定" in again.content.decode()
    office = client_for("office")
    listing = office.get("/supervision/extensions/").content.decode()
    assert canteens.name[:10] in listing and "应于 2024-07-25 前决定" in listing
    plan = Plan.objects.get(pk=canteens.plan_id)
    stamps = (plan.board_changed_at, plan.history_changed_at)
    assert (
        office.post(f"/supervision/extensions/{extension.pk}/decide/", {"decision": "grant"}).status_code
        == 302
    )
    extension.refresh_from_db()
    assert extension.state == "granted" and extension.granted_on == D(2024, 7, 15)
    plan.refresh_from_db()
    assert plan.board_changed_at != stamps[0] and plan.history_changed_at == stamps[1]  # the past stays
    assert plan_facts(plan, D(2024, 7, 15))[canteens.pk].due == D(2025, 3, 31)
    assert plan_facts(plan, D(2024, 6, 30))[canteens.pk].due == D(2024, 12, 31)  # before the grant
    page = office.get(f"/projects/{canteens.pk}/").content.decode()
    assert "完成期限 2025年3月31日" in page and "已延期，原期限 2024年12月31日" in page
    assert Notification.objects.filter(recipient=users["minzheng"], title__contains="延期申请已同意").exists()
    assert [e.action for e in events_for(extension).order_by("at", "pk")] == ["request", "grant"]


def test_a_refusal_says_why_and_changes_nothing(client_for, canteens):
    ask(client_for("minzheng"), canteens)
    extension = Extension.objects.get(project=canteens)
    office = client_for("office")
    bare = office.post(f"/supervision/extensions/{extension.pk}/decide/", {"decision": "refuse"})
    assert bare.status_code == 422 and "不同意延期时请写明理由" in bare.content.decode()
    office.post(
        f"/supervision/extensions/{extension.pk}/decide/", {"decision": "refuse", "note": "年内必须完成。"}
    )
    extension.refresh_from_db()
    assert extension.state == "refused" and extension.note == "年内必须完成。"
    assert plan_facts(canteens.plan, D(2024, 7, 15))[canteens.pk].due == D(2024, 12, 31)
    assert "年内必须完成。" in client_for("minzheng").get(url(canteens)).content.decode()


def test_a_request_on_or_after_the_due_date_is_refused(client_for, canteens, settings):
    settings.MINSHENG_TODAY = "2025-01-05"
    response = ask(client_for("minzheng"), canteens, new_date="2025-06-30")
    assert (
        response.status_code == 422
        and "完成期限（2024年12月31日）已到，不能再申请延期" in response.content.decode()
    )
    assert not Extension.objects.exists()


def test_who_may_ask_decide_and_see(client_for, canteens):
    assert client_for("minzheng").get(url(canteens)).status_code == 200
    assert client_for("office").get(url(canteens)).status_code == 200
    assert client_for("weishan").get(url(canteens)).status_code == 404  # another region's office
    assert client_for("outsider").get(url(canteens)).status_code == 404
    ask(client_for("minzheng"), canteens)
    extension = Extension.objects.get(project=canteens)
    unit_decides = client_for("minzheng_head").post(
        f"/supervision/extensions/{extension.pk}/decide/", {"decision": "grant"}
    )
    assert unit_decides.status_code == 403
    assert client_for("minzheng").get("/supervision/extensions/").status_code == 403


def test_the_watchlist_measures_the_forecast_against_the_extended_date(client_for, canteens):
    ask(client_for("minzheng"), canteens)
    extension = Extension.objects.get(project=canteens)
    office = client_for("office")
    office.post(f"/supervision/extensions/{extension.pk}/decide/", {"decision": "grant"})
    response = office.get(f"/watchlist/?unit={canteens.unit_roles.get(role='lead').unit_id}")
    row = response.content.decode().split(f'id="project-{canteens.pk}"')[1].split("</tr>")[0]
    assert "期限 2025-03-31" in row


def test_the_targets_table_shows_the_extended_date_with_the_original(client_for, canteens):
    ask(client_for("minzheng"), canteens)
    extension = Extension.objects.get(project=canteens)
    client_for("office").post(f"/supervision/extensions/{extension.pk}/decide/", {"decision": "grant"})
    page = client_for("office").get(f"/projects/{canteens.pk}/").content.decode()
    targets = page[page.index("量化目标") :]
    assert "2025-03-31 <small" in targets and "（原 2024-12-31）" in targets


def test_the_status_the_lists_and_the_project_read_one_due_date(canteens):
    """One due date in force for the status engine, the lists (`dues_at`: watchlist, 考核) and the
    project's pages (`due_today`): an extension counts from the day it took effect (`granted_on`), even
    on a row with no decision time (the status engine once required one, the lists did not)."""
    from minsheng.supervision.extensions.workflow import due_today
    from minsheng.supervision.status.queries import dues_at

    Extension.objects.create(
        project=canteens,
        unit=canteens.unit_roles.get(role="lead").unit,
        original_date=D(2024, 12, 31),
        new_date=D(2025, 3, 31),
        reason="延期",
        state="granted",
        granted_on=D(2024, 7, 1),
    )
    plan = canteens.plan
    for day, due in [(D(2024, 6, 30), D(2024, 12, 31)), (D(2024, 7, 1), D(2025, 3, 31))]:
        assert plan_facts(plan, day)[canteens.pk].due == due
        assert dues_at([plan], day)[canteens.pk] == due
    assert due_today(canteens) == D(2025, 3, 31)
