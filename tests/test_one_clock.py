"""One clock everywhere: on the demo clock (MINSHENG_TODAY) report versions, 批示, survey answers and
the audit trail are stamped on the same day as the reports, deadlines and statuses around them."""

import datetime

from django.test import override_settings
from django.utils import timezone

from minsheng.core.models import AuditEvent
from minsheng.participation.models import SurveyResponse
from minsheng.reporting.models import ReportVersion
from minsheng.reporting.reports import workflow
from minsheng.supervision.orders.instructions import instruct
from tests.conftest import project

DAY = datetime.date(2024, 7, 15)


def _day(moment) -> datetime.date:
    return timezone.localtime(moment).date()


@override_settings(MINSHENG_TODAY="2024-07-15")
def test_versions_instructions_surveys_and_audit_follow_the_demo_clock(users):
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    p = project("济宁市", 2024, "1")
    indicator = p.indicators.get()
    data = {"values": [{"indicator": indicator.pk, "value": "1200"}], "narrative": "已完成入户评估。"}
    report = workflow.save_report(p, "2024-07", data, users["minzheng"])
    workflow.submit(report, users["minzheng"])
    assert {_day(v.saved_at) for v in ReportVersion.objects.filter(report=report)} == {DAY}
    assert _day(report.updated_at) == DAY

    weishan = project("微山县", 2024, "1.1")
    leader = users["leader"]
    item = instruct(weishan, "请加快进度。", leader)
    assert _day(item.created_at) == DAY

    answer = SurveyResponse.objects.create(project=p, score=90, client="test")
    assert _day(answer.created_at) == DAY
    assert {_day(e.at) for e in AuditEvent.objects.filter(pk__gt=before)} == {DAY}


def test_without_the_demo_clock_stamps_are_the_real_time(users):
    answer = SurveyResponse.objects.create(project=project("济宁市", 2024, "1"), score=90, client="test")
    assert abs(answer.created_at - timezone.now()) < datetime.timedelta(minutes=5)
