"""Bulk approval from the inbox: the reports ticked in the rendered form are approved one by one (each
audited, each in line); one the user may not approve is named and left as it was."""

import datetime

import pytest

from minsheng.core.audit import events_for
from minsheng.reporting.calendar.rules import SHANGHAI, parse_period
from minsheng.reporting.models import Report
from tests.conftest import project
from tests.forms import form_data


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def submitted(p, period, awaiting="office"):
    key = parse_period(period)
    return Report.objects.create(
        project=p,
        kind=key.kind,
        period=period,
        period_start=key.start,
        period_end=key.end,
        state="submitted",
        awaiting=awaiting,
        submitted_at=datetime.datetime(2024, 7, 1, 9, tzinfo=SHANGHAI),
    )


def test_the_office_approves_the_ticked_reports(client_for):
    canteens, homes = project("济宁市", 2024, "3"), project("济宁市", 2024, "1")
    june, may, untouched = (
        submitted(canteens, "2024-06"),
        submitted(homes, "2024-06"),
        submitted(homes, "2024-05"),
    )
    office = client_for("office")
    html = office.get("/reports/").content.decode()
    start = html.index('action="/reports/approve/"')
    form = form_data(html[html.rindex("<form", 0, start) : html.index("</form>", start) + 7])
    assert f'value="{june.pk}"' in html and "批量审核通过所选报告" in html
    data = {k: v for k, v in form.items() if k != "report"} | {"report": [str(june.pk), str(may.pk)]}
    answer = office.post("/reports/approve/", data, follow=True)
    assert "已审核通过 2 份报告。" in answer.content.decode()
    for report in (june, may):
        report.refresh_from_db()
        assert report.state == "approved" and events_for(report).first().action == "approve"
    untouched.refresh_from_db()
    assert untouched.state == "submitted"


def test_a_report_not_the_users_to_approve_is_named_and_left(client_for):
    waiting = submitted(project("济宁市", 2024, "3"), "2024-06", awaiting="unit")  # the unit approves first
    answer = client_for("office").post("/reports/approve/", {"report": [str(waiting.pk)]}, follow=True)
    assert "您不是该报告当前的审核人。" in answer.content.decode()
    waiting.refresh_from_db()
    assert waiting.state == "submitted" and waiting.awaiting == "unit"
    empty = client_for("office").post("/reports/approve/", {}, follow=True)
    assert "请先勾选要审核通过的报告。" in empty.content.decode()
    outsider = client_for("weishan").post("/reports/approve/", {"report": [str(waiting.pk)]}, follow=True)
    assert "已审核通过" not in outsider.content.decode()  # not in the county office's reports at all
