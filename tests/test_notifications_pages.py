"""The bell with the unread count in the header, the notification list, marking read, and the robot
admin (audited without its secrets)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import AuditEvent, Region, Unit
from minsheng.notifications.models import Notification, RobotWebhook
from tests.forms import form_data
from tests.test_tick_support import robot_server  # noqa: F401 (fixture)


def notify(user, n: int = 1, link: str = "/my/", read: bool = False, prefix: str = "通知"):
    import datetime

    from django.utils import timezone

    start = timezone.now()
    return [
        Notification.objects.create(
            key=f"test:{user.pk}:{prefix}:{i}",
            stage="remind",
            channel="app",
            recipient=user,
            title=f"{prefix}{i}",
            body=f"正文{i}\n第二行",
            link=link,
            state="sent",
            created=start + datetime.timedelta(minutes=i),
            read_at=start if read else None,
        )
        for i in range(n)
    ]


def test_the_bell_shows_the_unread_count(client_for, users):
    notify(users["minzheng"], 3)
    notify(users["minzheng"], 2, read=True, prefix="已读")
    html = client_for("minzheng").get("/").content.decode()
    assert 'aria-label="3 条未读通知"' in html and '<span class="bell-count">3</span>' in html
    quiet = client_for("jiaoyu").get("/").content.decode()
    assert 'aria-label="0 条未读通知"' in quiet and "bell-count" not in quiet
    assert "条未读通知" not in client_for(None).get("/").content.decode()


def test_the_bell_costs_one_query(client_for, users):
    notify(users["minzheng"], 30)
    client = client_for("minzheng")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert len([q for q in queries if "notifications_notification" in q["sql"]]) == 1


def test_the_list_is_mine_newest_first_unread_highlighted(client_for, users):
    notify(users["minzheng"], 3)
    notify(users["minzheng"], 1, read=True, prefix="旧")
    notify(users["jiaoyu"], 1, prefix="别人的")
    html = client_for("minzheng").get("/notifications/").content.decode()
    assert html.index("通知2") < html.index("通知1") < html.index("通知0")
    assert "别人的" not in html
    assert html.count('class="notification unread"') == 3 and html.count('class="notification"') == 1
    assert "全部标为已读" in html and "正文0<br>第二行" in html


def test_the_list_is_paginated_at_constant_cost(client_for, users):
    client = client_for("minzheng")
    notify(users["minzheng"], 5)
    with CaptureQueriesContext(connection) as few:
        client.get("/notifications/")
    notify(users["minzheng"], 40, prefix="更多")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/notifications/").content.decode()
    assert len(many) == len(few) <= 8
    assert page.count('class="notification unread"') == 20 and "第 1 / 3 页" in page
    last = client.get("/notifications/?page=3").content.decode()
    assert last.count('class="notification unread"') == 5


def test_open_marks_read_and_follows_the_link(client_for, users):
    [n] = notify(users["minzheng"], link="/projects/1/report/2024-07/")
    response = client_for("minzheng").get(f"/notifications/{n.pk}/")
    assert response.status_code == 302 and response["Location"] == "/projects/1/report/2024-07/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_a_link_to_another_site_is_not_followed(client_for, users):
    [n] = notify(users["minzheng"], link="https://evil.example/")
    response = client_for("minzheng").get(f"/notifications/{n.pk}/")
    assert response["Location"] == "/notifications/"


def test_a_forged_id_is_404_and_changes_nothing(client_for, users):
    [other] = notify(users["jiaoyu"])
    client = client_for("minzheng")
    assert client.get(f"/notifications/{other.pk}/").status_code == 404
    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
    client.post("/notifications/read-all/")
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_one_read_as_rendered_and_with_htmx(client_for, users):
    first, second = notify(users["minzheng"], 2)
    client = client_for("minzheng")
    html = client.get("/notifications/").content.decode()
    assert f'action="/notifications/{first.pk}/read/"' in html
    response = client.post(f"/notifications/{first.pk}/read/", {"page": "1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=1"
    fragment = client.post(
        f"/notifications/{second.pk}/read/", headers={"HX-Request": "true"}
    ).content.decode()
    assert (
        fragment.startswith(f'<li id="notification-{second.pk}" class="notification">')
        and "标为已读" not in fragment
    )
    assert (
        'id="bell" hx-swap-oob="true"' in fragment and 'aria-label="0 条未读通知"' in fragment
    )  # the bell too
    assert Notification.objects.filter(pk__in=[first.pk, second.pk], read_at__isnull=True).count() == 0


def test_mark_all_read(client_for, users):
    notify(users["minzheng"], 4)
    client = client_for("minzheng")
    data = form_data(client.get("/notifications/").content.decode())
    assert client.get("/notifications/read-all/").status_code == 405
    assert client.post("/notifications/read-all/", {"page": data["page"]}).status_code == 302
    assert not users["minzheng"].notifications.filter(read_at__isnull=True).exists()
    assert 'aria-label="0 条未读通知"' in client.get("/notifications/").content.decode()


def test_anonymous_is_sent_to_login(client_for):
    response = client_for(None).get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_robot_added_in_the_admin_is_audited_without_its_secrets(client_for):
    client = client_for("admin")
    region = Region.objects.get(name="济宁市", parent=None)
    data = form_data(client.get("/admin/notifications/robotwebhook/add/").content.decode())
    data |= {
        "name": "市督查室群",
        "kind": "dingtalk",
        "url": "https://oapi.dingtalk.com/robot/send?access_token=TOPSECRETTOKEN",
        "secret": "SECtopsecret",
        "region": str(region.pk),
        "is_active": "on",
        "_save": "保存",
    }
    response = client.post("/admin/notifications/robotwebhook/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    robot = RobotWebhook.objects.get(name="市督查室群")
    event = AuditEvent.objects.get(model="notifications.robotwebhook", object_id=str(robot.pk))
    assert event.action == "create" and event.via == "admin"
    assert "TOPSECRETTOKEN" not in str(event.changes) and "SECtopsecret" not in str(event.changes)
    assert event.changes["Webhook 地址"][1].startswith("https://oapi.dingtalk.com/robot/send?…（指纹 ")

    url = f"/admin/notifications/robotwebhook/{robot.pk}/change/"
    data = form_data(client.get(url).content.decode()) | {"secret": "SECnewsecret", "_save": "保存"}
    assert client.post(url, data).status_code == 302
    change = AuditEvent.objects.filter(model="notifications.robotwebhook", action="update").get()
    assert list(change.changes) == ["加签密钥"] and "SECnewsecret" not in str(change.changes)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"unit": "both"}, "请选择单位或区划之一"),
        ({"kind": "wecom", "secret": "SECx"}, "只有钉钉机器人使用加签密钥"),
        ({"url": "file:///etc/passwd"}, "有效的 URL"),
    ],
)
def test_the_robot_form_refuses_bad_settings(client_for, fields, message):
    client = client_for("admin")
    region = Region.objects.get(name="济宁市", parent=None)
    unit = Unit.objects.get(name="市民政局", region=region)
    data = form_data(client.get("/admin/notifications/robotwebhook/add/").content.decode())
    data |= {
        "name": "群",
        "kind": "dingtalk",
        "url": "https://oapi.dingtalk.com/robot/send?access_token=t",
        "region": str(region.pk),
        "_save": "保存",
    }
    if fields.pop("unit", None):
        data["unit"] = str(unit.pk)
    data |= fields
    response = client.post("/admin/notifications/robotwebhook/add/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not RobotWebhook.objects.exists()


def test_send_a_test_message_from_the_admin(client_for, robot_server):  # noqa: F811
    unit = Unit.objects.get(name="市民政局", region__name="济宁市")
    robot = RobotWebhook.objects.create(
        name="市民政局工作群", kind="wecom", url=robot_server.url(), unit=unit
    )
    response = client_for("admin").post(
        "/admin/notifications/robotwebhook/",
        {"action": "send_test", "_selected_action": [robot.pk]},
        follow=True,
    )
    assert "测试消息已发送" in response.content.decode()
    assert robot_server.contents() == ["【测试】民生实事督办平台：市民政局工作群配置成功。"]
