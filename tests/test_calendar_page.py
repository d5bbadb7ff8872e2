"""The office sets a plan's reporting calendar through the form as rendered; the rules follow it."""

from django.test import override_settings

from minsheng.core.models import AuditEvent
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.models import ReportingCalendar
from minsheng.reporting.reports import workflow
from tests.conftest import plan, project
from tests.forms import form_data


def test_office_sets_the_calendar_and_reports_follow_it(client_for, users):
    p = plan("济宁市", 2024)
    office = client_for("office")
    url = f"/plans/{p.pk}/calendar/"
    data = form_data(office.get(url).content.decode())
    assert data["monthly_day"] == "25" and data["weekly_weekday"] == "4"  # the defaults
    data.update({"monthly_day": "20", "grace_days": "3", "lock_days": "5"})
    assert office.post(url, data).status_code == 302
    row = ReportingCalendar.objects.get(plan=p)
    assert (row.monthly_day, row.grace_days, row.lock_days) == (20, 3, 5)
    assert AuditEvent.objects.filter(object_id=str(row.pk), action="create").exists()
    rules = workflow.rules_for(p)
    june = calendar.parse_period("2024-06")
    assert calendar.due_at(june, rules).day == 20
    # June locked on 25 June 18:00 with these settings: a June report on 1 July is refused.
    with override_settings(MINSHENG_TODAY="2024-07-01"):
        item = project("济宁市", 2024, "1")
        try:
            workflow.save_report(item, "2024-06", {"values": []}, users["minzheng"])
            raise AssertionError("a locked period took a report")
        except workflow.ReportError as e:
            assert "锁定" in e.messages[0]


def test_bad_calendar_values_are_explained(client_for):
    p = plan("济宁市", 2024)
    office = client_for("office")
    url = f"/plans/{p.pk}/calendar/"
    data = form_data(office.get(url).content.decode())
    data.update({"monthly_day": "31", "grace_days": "5", "lock_days": "2", "weekly_hour": "-1"})
    response = office.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "1 到 28" in html and "锁定天数不能少于宽限天数" in html
    assert not ReportingCalendar.objects.filter(plan=p).exists()


def test_only_the_office_of_the_plan_may_change_it(client_for):
    p = plan("济宁市", 2024)
    for user in ("weishan", "minzheng", "leader", "outsider"):
        assert client_for(user).get(f"/plans/{p.pk}/calendar/").status_code == 404, user
    assert client_for(None).get(f"/plans/{p.pk}/calendar/").status_code == 302


def test_a_reopened_period_takes_reports_until_the_reopening_ends(users):
    import datetime

    from minsheng.reporting.models import PeriodReopening

    item = project("济宁市", 2024, "1")
    data = {"values": [{"indicator": item.indicators.get().pk, "value": "800"}], "lag_reason": "汛期施工受阻"}
    PeriodReopening.objects.create(
        plan=item.plan,
        kind="month",
        period="2024-05",
        until=datetime.datetime(2024, 7, 20, 23, 59, tzinfo=calendar.SHANGHAI),
        created_by=users["office"],
    )
    with override_settings(MINSHENG_TODAY="2024-07-15"):  # May locked on 4 June
        report = workflow.save_report(item, "2024-05", data, users["minzheng"])
        assert report.period == "2024-05" and report.state == "draft"
    with override_settings(MINSHENG_TODAY="2024-07-21"):
        try:
            workflow.save_report(item, "2024-05", data, users["minzheng"], expected_version=report.version)
            raise AssertionError("the reopening had ended")
        except workflow.ReportError as e:
            assert "锁定" in e.messages[0]
