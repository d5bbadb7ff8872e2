"""Never the same reminder twice, even with two tick processes running at once: two ticks start
together in two threads (each with its own database connection, data committed), and every email
and robot message goes out exactly once. Runs on SQLite and on PostgreSQL.

The test builds its own world (it does not rely on the demo: a transactional test empties the
database when it ends, and pytest-django runs such tests last)."""

import datetime
import io
import threading
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from minsheng.core.models import Membership, Region, Unit
from minsheng.notifications.models import Notification, RobotWebhook
from minsheng.plans.models import Plan, Project, ProjectUnit
from tests.test_tick_support import robot_server  # noqa: F401 (fixture)


def build_world(robot_server):  # noqa: F811
    region, _ = Region.objects.get_or_create(name="并发测试市", parent=None, defaults={"kind": "city"})
    plan = Plan.objects.create(region=region, year=2024, title="并发测试市2024年民生实事", state="published")
    for n in (1, 2):
        unit = Unit.objects.create(name=f"测试局{n}", region=region)
        for seq in range(1, 4):
            project = Project.objects.create(
                plan=plan, seq=f"{n}{seq}", order=n * 10 + seq, name=f"测试项目{n}-{seq}"
            )
            ProjectUnit.objects.create(project=project, unit=unit, role="lead")
        for k, role in enumerate(["reporter", "reporter", "approver"]):
            user = get_user_model().objects.create_user(f"race{n}{k}", email=f"race{n}{k}@example.gov.cn")
            Membership.objects.create(user=user, role=role, unit=unit)
        RobotWebhook.objects.create(name=f"测试局{n}群", kind="wecom", url=robot_server.url(), unit=unit)
    RobotWebhook.objects.create(
        name="督查室群",
        kind="dingtalk",
        url=robot_server.url("/robot/send?access_token=t"),
        secret="SECx",
        region=region,
    )
    return plan


def two_ticks_at_once():
    barrier, errors = threading.Barrier(2), []

    def run():
        try:
            barrier.wait(timeout=10)
            call_command("tick", stdout=io.StringIO())
        except Exception as e:  # noqa: BLE001 — reported by the assertion below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_send_each_message_once(settings, robot_server):  # noqa: F811
    build_world(robot_server)
    robot_server.delay = 0.02  # keep both ticks busy sending at the same time
    for day in ("2024-07-23", "2024-07-26", "2024-07-30"):  # reminder, urge, second urge
        settings.MINSHENG_TODAY = day
        two_ticks_at_once()

    emails = Counter((tuple(m.to), m.subject) for m in mail.outbox)
    assert emails and max(emails.values()) == 1
    stored = Notification.objects.filter(channel="email")
    assert len(mail.outbox) == stored.count() == stored.filter(state="sent").count()
    monthly = {s for (to, s) in emails if to == ("race10@example.gov.cn",) and "2024年7月月报" in s}
    assert monthly == {
        "【报送提醒】2024年7月月报将于7月25日18:00截止",
        "【催报】2024年7月月报已过截止时间，尚未提交",
        "【再次催报】2024年7月月报已超过宽限期，仍未提交",
    }

    posts = Counter((h["path"], h["json"]["text"]["content"]) for h in robot_server.hits)
    assert posts and max(posts.values()) == 1
    robot_rows = Notification.objects.filter(channel="robot")
    assert len(robot_server.hits) == robot_rows.count() == robot_rows.filter(state="sent").count()
    assert any(path == "/robot/send" for path, _ in posts)  # the office's summary went out too

    app = Counter(Notification.objects.filter(channel="app").values_list("key", "recipient_id"))
    assert max(app.values()) == 1

    settings.MINSHENG_TODAY = "2024-07-30"
    sent, hits = len(mail.outbox), len(robot_server.hits)
    two_ticks_at_once()  # again: nothing new
    assert (len(mail.outbox), len(robot_server.hits)) == (sent, hits)


@pytest.mark.django_db(transaction=True)
def test_two_ticks_share_the_retries_of_a_failed_robot(settings, robot_server):  # noqa: F811
    build_world(robot_server)
    settings.MINSHENG_TODAY = "2024-07-23"
    robot_server.answer = {"errcode": 45009, "errmsg": "api freq out of limit"}
    call_command("tick", stdout=io.StringIO())
    failed = Notification.objects.filter(channel="robot", state="pending", attempts=1).count()
    assert failed and len(robot_server.hits) == failed

    robot_server.answer, robot_server.hits = {"errcode": 0, "errmsg": "ok"}, []
    robot_server.delay = 0.02
    two_ticks_at_once()
    assert len(robot_server.hits) == failed  # each retried once, by one of the two
    assert Notification.objects.filter(channel="robot", state="sent", attempts=2).count() == failed
    assert {timezone.localdate(r.sent_at) for r in Notification.objects.filter(channel="robot")} == {
        datetime.date(2024, 7, 23)
    }
