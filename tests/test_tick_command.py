"""`minsheng tick` on the demo's 2024 plans with the demo clock moved around the July report's due
date (25 July 18:00, on time until 27 July 18:00, locked 4 August 18:00; the weekly ledger is due on
Fridays at 18:00). The days are chosen so that no stage changes during the day the test runs."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from minsheng.core.models import Region, Unit
from minsheng.notifications.models import Notification, RobotWebhook
from minsheng.reporting.models import Report
from tests.conftest import plan
from tests.test_tick_support import lead_projects, robot_server, submit  # noqa: F401 (fixture)

MONTH_KEY = "2024-07"


@pytest.fixture
def jining(users):
    """The Jining 2024 plan with 市民政局's reports for July not yet in, and its reporter on email."""
    p = plan("济宁市", 2024)
    projects = lead_projects(p, "市民政局")
    Report.objects.filter(project__in=projects).delete()  # whatever the demo made, start clean
    users["minzheng"].email = "minzheng@example.gov.cn"
    users["minzheng"].save()
    return p, projects


def tick(settings, day: str, *args) -> str:
    settings.MINSHENG_TODAY = day
    out = io.StringIO()
    call_command("tick", *args, stdout=out)
    return out.getvalue()


def monthly_mail():
    return [m for m in mail.outbox if "2024年7月月报" in m.subject]


def test_reminder_then_urge_then_second_urge_then_nothing(settings, jining, users):
    _, projects = jining
    submit(projects[0], MONTH_KEY)  # one of its reports is in

    summary = tick(settings, "2024-07-23")
    assert "需提醒" in summary and "新建通知" in summary
    [remind] = monthly_mail()
    assert remind.to == ["minzheng@example.gov.cn"]
    assert remind.subject == "【报送提醒】2024年7月月报将于7月25日18:00截止"
    # One message lists every missing report of the unit; the submitted one is not in it.
    assert f"以下 {len(projects) - 1} 个项目" in remind.body
    assert projects[0].name not in remind.body
    assert all(p.name[:20] in remind.body for p in projects[1:])
    assert "http://127.0.0.1:8000/my/" in remind.body  # settings.MINSHENG_SITE_URL
    # The weekly ledger of last week (W29, due 19 July) is past its grace days: a second urge.
    assert any(m.subject.startswith("【再次催报】2024年第29周") for m in mail.outbox)
    # In the app for the reporter and the approver, though the approver has no email.
    for name in ("minzheng", "minzheng_head"):
        titles = set(users[name].notifications.values_list("title", flat=True))
        assert remind.subject in titles

    tick(settings, "2024-07-24")  # the next day: still the reminder stage, nothing new
    assert len(monthly_mail()) == 1

    tick(settings, "2024-07-26")
    assert [m.subject for m in monthly_mail()][1:] == ["【催报】2024年7月月报已过截止时间，尚未提交"]
    tick(settings, "2024-07-30")
    assert [m.subject for m in monthly_mail()][2:] == ["【再次催报】2024年7月月报已超过宽限期，仍未提交"]
    tick(settings, "2024-08-06")  # the July period has locked
    assert len(monthly_mail()) == 3


def test_tick_twice_sends_nothing_the_second_time(settings, jining):
    tick(settings, "2024-07-23")
    rows, sent = Notification.objects.count(), len(mail.outbox)
    assert rows and sent
    summary = tick(settings, "2024-07-23")
    assert Notification.objects.count() == rows and len(mail.outbox) == sent
    assert "新建通知：站内 0 条，邮件 0 条，群机器人 0 条" in summary


def test_all_reports_in_means_no_reminder(settings, jining, users):
    _, projects = jining
    for p in projects:
        submit(p, MONTH_KEY)
    tick(settings, "2024-07-26")
    assert monthly_mail() == []
    assert not users["minzheng"].notifications.filter(title__contains="2024年7月月报").exists()


def test_a_plan_not_published_is_not_reminded(settings, jining):
    p, _ = jining
    p.state = "draft"
    p.save()
    tick(settings, "2024-07-23")
    assert monthly_mail() == []


def test_dry_run_lists_and_writes_nothing(settings, jining):
    out = tick(settings, "2024-07-23", "--dry-run")
    assert "[邮件] minzheng@example.gov.cn · 【报送提醒】2024年7月月报将于7月25日18:00截止" in out
    assert "[站内] minzheng_head · 【报送提醒】2024年7月月报" in out
    assert "试运行" in out
    assert Notification.objects.count() == 0 and mail.outbox == []
    preview = tick(settings, "2024-07-23", "--dry-run", "--at", "2024-07-25T18:00")
    assert "【催报】2024年7月月报已过截止时间" in preview
    with pytest.raises(CommandError, match="--dry-run"):
        tick(settings, "2024-07-23", "--at", "2024-07-25T18:00")


def test_robots_of_the_unit_and_of_the_office(settings, jining, robot_server):  # noqa: F811
    p, projects = jining
    unit = Unit.objects.get(name="市民政局", region__name="济宁市")
    RobotWebhook.objects.create(name="市民政局工作群", kind="wecom", url=robot_server.url(), unit=unit)
    office = RobotWebhook.objects.create(
        name="市督查室群",
        kind="dingtalk",
        url=robot_server.url("/robot/send?access_token=office"),
        secret="SECoffice",
        region=Region.objects.get(name="济宁市", parent=None),
    )
    tick(settings, "2024-07-26")
    unit_texts = robot_server.contents("/cgi-bin/webhook/send")
    [urge] = [t for t in unit_texts if "2024年7月月报" in t]
    assert urge.startswith("【催报】2024年7月月报已过截止时间，尚未提交\n市民政局：")
    office_hits = [h for h in robot_server.hits if h["path"] == "/robot/send"]
    assert {"timestamp", "sign", "access_token"} <= set(office_hits[0]["query"])
    [summary] = [
        h["json"]["text"]["content"] for h in office_hits if "2024年7月月报" in h["json"]["text"]["content"]
    ]
    assert summary.startswith("【催报汇总】济宁市2024年民生实事 2024年7月月报")
    assert f"市民政局：{len(projects)} 个项目" in summary
    assert office.notifications.filter(state="sent").count() == len(office_hits)

    hits = len(robot_server.hits)
    tick(settings, "2024-07-26")
    assert len(robot_server.hits) == hits  # a robot that took the message never gets it again


def test_a_robot_error_is_recorded_and_retried_next_tick(settings, jining, robot_server):  # noqa: F811
    unit = Unit.objects.get(name="市民政局", region__name="济宁市")
    robot = RobotWebhook.objects.create(
        name="市民政局工作群", kind="wecom", url=robot_server.url(), unit=unit
    )
    robot_server.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    out = tick(settings, "2024-07-23")
    assert "发送失败：市民政局工作群：机器人返回错误 93000：invalid webhook url" in out
    rows = list(robot.notifications.all())
    assert rows and all(r.state == "pending" and r.attempts == 1 and "93000" in r.error for r in rows)
    first = len(robot_server.hits)

    robot_server.answer = {"errcode": 0, "errmsg": "ok"}
    tick(settings, "2024-07-23")
    assert len(robot_server.hits) == 2 * first
    assert all(
        r.state == "sent" and r.attempts == 2 and r.error == "" and r.sent_at
        for r in robot.notifications.all()
    )
    tick(settings, "2024-07-23")
    assert len(robot_server.hits) == 2 * first


def test_a_failing_robot_gives_up_after_max_attempts(settings, jining, robot_server):  # noqa: F811
    unit = Unit.objects.get(name="市民政局", region__name="济宁市")
    robot = RobotWebhook.objects.create(name="群", kind="wecom", url=robot_server.url(), unit=unit)
    robot_server.status, robot_server.answer = 502, {}
    for _ in range(6):
        tick(settings, "2024-07-23")
    assert {(r.state, r.attempts) for r in robot.notifications.all()} == {("failed", 5)}


def test_a_stale_sending_row_is_claimed_again_a_fresh_one_is_not(settings, jining):
    import datetime

    from django.utils import timezone

    tick(settings, "2024-07-23")
    [row] = Notification.objects.filter(channel="email", title__contains="2024年7月月报")
    Notification.objects.filter(pk=row.pk).update(
        state="sending", sent_at=None, claimed_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    mail.outbox.clear()
    tick(settings, "2024-07-23")
    assert mail.outbox == []  # another tick may be sending it right now
    Notification.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - datetime.timedelta(minutes=11))
    tick(settings, "2024-07-23")
    assert [m.subject for m in mail.outbox] == [row.title]  # its tick died: sent by this one
    row.refresh_from_db()
    assert row.state == "sent" and row.sent_at


def test_an_smtp_failure_is_retried(settings, jining):
    settings.EMAIL_BACKEND = "tests.test_tick_command.BrokenMail"
    tick(settings, "2024-07-23")
    rows = Notification.objects.filter(channel="email")
    assert rows and all(r.state == "pending" and "SMTP 不可用" in r.error for r in rows)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tick(settings, "2024-07-23")
    assert all(r.state == "sent" for r in rows.all()) and len(mail.outbox) == rows.count()


class BrokenMail:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP 不可用")

    def close(self):
        pass


def test_tick_over_all_published_plans_costs_a_handful_of_queries(
    settings, jining, users, django_assert_max_num_queries
):
    """The demo's five published plans (~140 projects): the reminders cost 9 queries — plans, lead
    units, reports, people, robots, stored keys, the insert (with its savepoint), the outbox — plus 2
    per email or robot post (claim, result), whatever the number of projects; the escalation ladder
    adds the status engine's 7 queries per published plan and checkpoint, also whatever the number of
    projects or reports; the heartbeats (the tick's own, the job that proves the worker) and the
    citizens' follows add a few more, whatever the number of follows."""
    from minsheng.plans.models import Plan

    users["minzheng"].email = ""
    users["minzheng"].save()
    settings.MINSHENG_TODAY = "2024-07-23"
    published = Plan.objects.filter(state="published").count()
    with django_assert_max_num_queries(10 + 8 * published + 6 + 6):
        call_command("tick", stdout=io.StringIO())
    assert Notification.objects.filter(channel="app").count() > 5
