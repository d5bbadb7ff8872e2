"""Leaders' instructions (批示): a leader of the plan's region writes on a project, the lead unit hears
of it in the app and replies; the leader hears of the reply. Forms are posted as rendered."""

import pytest

from minsheng.core.audit import events_for
from minsheng.notifications.models import Notification
from minsheng.supervision.models import Instruction
from tests.conftest import project
from tests.test_orders import form_of


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


@pytest.fixture
def elderly(db):
    """Weishan 2024 no. 4.3 (社区养老服务设施), led by 县民政局 (reporter weishan_minzheng)."""
    return project("微山县", 2024, "4.3")


def instruct(client, p, text="请县民政局加快进度，确保三季度完成主体建设。"):
    url = f"/projects/{p.pk}/orders/"
    html = client.get(f"{url}?do=instruct").content.decode()
    data = form_of(html, f"/projects/{p.pk}/instructions/new/") | {"text": text}
    return client.post(f"/projects/{p.pk}/instructions/new/", data)


def inbox(user):
    return list(Notification.objects.filter(recipient=user, channel="app").order_by("pk"))


def test_the_leader_instructs_and_the_lead_unit_replies(client_for, elderly, users):
    leader = client_for("leader")
    assert instruct(leader, elderly).status_code == 302
    assert instruct(leader, elderly).status_code == 302  # a double click writes one
    item = Instruction.objects.get(project=elderly)
    assert item.leader == users["leader"] and item.text == "请县民政局加快进度，确保三季度完成主体建设。"
    [event] = events_for(item)
    assert event.action == "instruct" and event.actor == users["leader"]
    [message] = inbox(users["weishan_minzheng"])
    assert message.title == f"【领导批示】4.3. {elderly.name}"[:200]
    assert "请县民政局加快进度" in message.body
    assert message.link == f"/projects/{elderly.pk}/orders/#instruction-{item.pk}"
    assert not inbox(users["minzheng"])  # 市民政局 is not this project's lead unit

    unit = client_for("weishan_minzheng")
    html = unit.get(f"/projects/{elderly.pk}/orders/").content.decode()
    assert "请县民政局加快进度" in html
    data = form_of(html, f"/supervision/instructions/{item.pk}/reply/") | {
        "text": "已制定推进计划，9月底前完成主体建设。"
    }
    assert unit.post(f"/supervision/instructions/{item.pk}/reply/", data).status_code == 302
    assert unit.post(f"/supervision/instructions/{item.pk}/reply/", {"text": "又一次"}).status_code == 302
    item.refresh_from_db()
    assert (
        item.reply == "已制定推进计划，9月底前完成主体建设。" and item.replied_by == users["weishan_minzheng"]
    )
    assert [e.action for e in events_for(item)].count("reply") == 1
    [told] = inbox(users["leader"])
    assert told.title.startswith("【批示落实】4.3.") and "9月底前完成主体建设" in told.body
    # The leader and the office see the reply on the project's page.
    for name in ("leader", "weishan", "office"):
        assert (
            "9月底前完成主体建设" in client_for(name).get(f"/projects/{elderly.pk}/orders/").content.decode()
        )


def test_only_a_leader_of_the_region_instructs(client_for, elderly):
    assert (
        client_for("weishan").post(f"/projects/{elderly.pk}/instructions/new/", {"text": "x"}).status_code
        == 403
    )
    assert (
        client_for("weishan_minzheng")
        .post(f"/projects/{elderly.pk}/instructions/new/", {"text": "x"})
        .status_code
        == 403
    )
    city = project("济宁市", 2024, "3")  # the Weishan leader does not lead the city
    assert (
        client_for("leader").post(f"/projects/{city.pk}/instructions/new/", {"text": "x"}).status_code == 403
    )
    assert client_for("leader").get(f"/projects/{city.pk}/orders/").status_code == 403
    assert client_for("leader").post("/projects/999999/instructions/new/", {"text": "x"}).status_code == 404
    assert not Instruction.objects.exists()
    # The office's page offers no instruction form, the leader's no urge.
    assert "送达牵头单位" not in client_for("weishan").get(f"/projects/{elderly.pk}/orders/").content.decode()
    html = client_for("leader").get(f"/projects/{elderly.pk}/orders/").content.decode()
    assert "送达牵头单位" in html and "发出催办" not in html


def test_an_empty_instruction_or_reply_is_refused(client_for, elderly):
    response = instruct(client_for("leader"), elderly, text="   ")
    assert response.status_code == 422 and "请填写批示内容。" in response.content.decode()
    instruct(client_for("leader"), elderly)
    item = Instruction.objects.get()
    response = client_for("weishan_minzheng").post(
        f"/supervision/instructions/{item.pk}/reply/", {"text": ""}
    )
    assert response.status_code == 422 and "请填写落实情况。" in response.content.decode()
    item.refresh_from_db()
    assert item.replied_at is None


def test_only_the_lead_unit_replies(client_for, elderly):
    instruct(client_for("leader"), elderly)
    item = Instruction.objects.get()
    url = f"/supervision/instructions/{item.pk}/reply/"
    assert client_for("minzheng").post(url, {"text": "x"}).status_code == 404  # not even found
    assert client_for("weishan").post(url, {"text": "x"}).status_code == 403  # the office sees, not replies
    assert client_for("outsider").post(url, {"text": "x"}).status_code == 404
    item.refresh_from_db()
    assert item.reply == ""
