"""Reopening a locked period: the rule, `is_reopened` (which the report workflow asks), the office's
action (audited, one row per plan and period) and its page, open only to the plan's office."""

import datetime

import pytest

from minsheng.core.models import AuditEvent
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.reporting.models import PeriodReopening
from minsheng.reporting.reports.reopening import (
    ReopenError,
    check_reopening,
    close,
    current,
    is_reopened,
    locked_periods,
    reopen,
)
from tests.conftest import plan
from tests.forms import form_data

MOMENT = datetime.datetime(2024, 7, 15, 10, tzinfo=SHANGHAI)
YEAR = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_is_reopened_only_for_that_plan_kind_and_period_until_the_moment(db):
    p = plan("济宁市", 2024)
    may = calendar.parse_period("2024-05")
    assert not is_reopened(p, may, MOMENT)
    PeriodReopening.objects.create(plan=p, kind="month", period="2024-05", until=at(2024, 7, 20, 18))
    assert is_reopened(p, may, MOMENT) and is_reopened(p.pk, "2024-05", MOMENT)
    assert is_reopened(p, may, at(2024, 7, 20, 17, 59))
    assert not is_reopened(p, may, at(2024, 7, 20, 18))  # until is exclusive
    assert not is_reopened(p, "2024-04", MOMENT)
    assert not is_reopened(p, "2024-W22", MOMENT)
    assert not is_reopened(plan("微山县", 2024), may, MOMENT)


def test_check_accepts_a_locked_period_until_the_end_of_a_later_day():
    period, until = check_reopening("2024-05", datetime.date(2024, 7, 31), "部分县区系统故障", *YEAR, MOMENT)
    assert period.key == "2024-05" and until == at(2024, 7, 31, 23, 59, 59)
    week, _ = check_reopening(" 2024-W22 ", datetime.date(2024, 7, 16), "补报", *YEAR, MOMENT)
    assert week.kind == "week"


@pytest.mark.parametrize(
    "key, until, reason, message",
    [
        ("2024-07", datetime.date(2024, 7, 31), "原因", "尚未锁定"),
        ("2024-W28", datetime.date(2024, 7, 31), "原因", "尚未锁定"),
        ("2023-12", datetime.date(2024, 7, 31), "原因", "不在计划年度内"),
        ("五月", datetime.date(2024, 7, 31), "原因", "格式不对"),
        ("2024-05", datetime.date(2024, 7, 14), "原因", "须晚于今天"),
        ("2024-05", None, "原因", "请填写开放截止日期"),
        ("2024-05", datetime.date(2024, 12, 31), "原因", "最长 92 天"),
        ("2024-05", datetime.date(2024, 7, 31), "  ", "请填写开放补报的原因"),
    ],
)
def test_check_refuses_in_chinese(key, until, reason, message):
    with pytest.raises(ReopenError) as refused:
        check_reopening(key, until, reason, *YEAR, MOMENT)
    assert any(message in m for m in refused.value.messages)


def test_locked_periods_newest_first(db):
    keys = [p.key for p in locked_periods(plan("济宁市", 2024), MOMENT)]
    assert keys[:6] == ["2024-06", "2024-05", "2024-04", "2024-03", "2024-02", "2024-01"]
    assert keys[6] == "2024-W26" and keys[-1] == "2024-W01" and "2024-W27" not in keys


def test_reopen_creates_then_extends_one_row_audited(db, users):
    p = plan("济宁市", 2024)
    item = reopen(
        p, "2024-05", datetime.date(2024, 7, 20), "系统故障，部分单位未能提交", users["office"], MOMENT
    )
    assert (item.kind, item.period, item.until, item.created_by) == (
        "month",
        "2024-05",
        at(2024, 7, 20, 23, 59, 59),
        users["office"],
    )
    assert is_reopened(p, "2024-05", MOMENT)
    again = reopen(p, "2024-05", datetime.date(2024, 7, 31), "延长", users["office"], MOMENT)
    assert again.pk == item.pk and PeriodReopening.objects.count() == 1
    assert again.until == at(2024, 7, 31, 23, 59, 59) and again.reason == "延长"
    events = list(AuditEvent.objects.filter(action="reopen", model="plans.plan", object_id=str(p.pk)))
    assert len(events) == 2 and events[0].actor == users["office"]
    changes = [e.changes for e in sorted(events, key=lambda e: e.pk)]
    assert changes[0]["2024年5月月报补报"] == [None, "开放至 2024-07-20 23:59"]
    assert changes[1]["2024年5月月报补报"] == ["开放至 2024-07-20 23:59", "开放至 2024-07-31 23:59"]
    assert [r.period for r in current(p, MOMENT)] == ["2024-05"]


@pytest.mark.parametrize("username", ["weishan", "minzheng", "leader", "deputy"])
def test_only_the_plans_office_may_reopen(db, users, username):
    with pytest.raises(ReopenError):
        reopen(plan("济宁市", 2024), "2024-05", datetime.date(2024, 7, 20), "原因", users[username], MOMENT)
    assert not PeriodReopening.objects.exists() and not AuditEvent.objects.filter(action="reopen").exists()


def test_a_refused_request_writes_nothing(db, users):
    with pytest.raises(ReopenError):
        reopen(plan("济宁市", 2024), "2024-07", datetime.date(2024, 7, 20), "原因", users["office"], MOMENT)
    assert not PeriodReopening.objects.exists() and not AuditEvent.objects.filter(action="reopen").exists()


def test_close_locks_the_period_again(db, users):
    p = plan("微山县", 2024)
    item = reopen(p, "2024-W20", datetime.date(2024, 7, 20), "补报台账", users["weishan"], MOMENT)
    close(item, users["weishan"], MOMENT)
    assert not is_reopened(p, "2024-W20", MOMENT) and list(current(p, MOMENT)) == []
    assert AuditEvent.objects.filter(action="close_reopening", object_id=str(p.pk)).count() == 1
    close(item, users["weishan"], MOMENT)  # closing twice is one close
    assert AuditEvent.objects.filter(action="close_reopening").count() == 1
    with pytest.raises(ReopenError):
        close(item, users["minzheng"], MOMENT)


def page(p=None):
    return f"/plans/{(p or plan('济宁市', 2024)).pk}/reopen/"


def test_the_office_reopens_from_the_page(client_for, db):
    office = client_for("office")
    response = office.get(page() + "?period=2024-04")
    html = response.content.decode()
    assert response.status_code == 200 and "当前开放的补报（0）" in html
    assert '<option value="2024-07"' not in html and '<option value="2024-06"' in html
    data = form_data(html)
    assert data["period"] == "2024-04"  # chosen from the compliance matrix's lock
    data.update({"until": "2024-07-25", "reason": "春节后系统切换，部分单位未能报送"})
    response = office.post(page(), data)
    assert response.status_code == 302 and response["Location"] == page()
    item = PeriodReopening.objects.get()
    assert (item.period, item.until.astimezone(SHANGHAI).date()) == ("2024-04", datetime.date(2024, 7, 25))
    listed = office.get(page()).content.decode()
    assert (
        "当前开放的补报（1）" in listed
        and "春节后系统切换" in listed
        and "已开放 2024-04 补报至 2024-07-25" in listed
    )


def test_errors_are_shown_and_nothing_is_written(client_for, db):
    office = client_for("office")
    data = form_data(office.get(page()).content.decode())
    data.update({"until": "2024-07-01", "reason": "原因"})
    response = office.post(page(), data)
    assert response.status_code == 422 and "须晚于今天" in response.content.decode()
    data.update({"until": "2024-07-20", "reason": ""})
    assert office.post(page(), data).status_code == 422
    data.update({"period": "2024-07", "reason": "原因"})  # not locked: not offered
    response = office.post(page(), data)
    assert response.status_code == 422 and "“2024-07”不是本计划已锁定的周期" in response.content.decode()
    assert not PeriodReopening.objects.exists()


def test_the_office_ends_a_reopening_from_the_page(client_for, db, users):
    p = plan("济宁市", 2024)
    item = reopen(p, "2024-03", datetime.date(2024, 7, 30), "补报", users["office"])
    office = client_for("office")
    assert f'name="close" value="{item.pk}"' in office.get(page()).content.decode()
    response = office.post(page(), {"close": item.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert not is_reopened(p, "2024-03", at(2024, 7, 15, 23, 59, 59))
    other = PeriodReopening.objects.create(
        plan=plan("微山县", 2024), kind="month", period="2024-03", until=at(2024, 7, 30)
    )
    assert office.post(page(), {"close": other.pk}).status_code == 404  # not this plan's


@pytest.mark.parametrize("username", ["weishan", "minzheng", "leader", "deputy", "outsider"])
def test_the_page_is_only_for_the_plans_office(client_for, db, username):
    assert client_for(username).get(page()).status_code == 404
    assert client_for(username).post(page(), {"period": "2024-05"}).status_code == 404
    assert not PeriodReopening.objects.exists()


def test_forged_plan_and_anonymous(client_for, db):
    assert client_for("office").get("/plans/999999/reopen/").status_code == 404
    assert client_for(None).get(page()).status_code == 302
    assert client_for("weishan").get(page(plan("微山县", 2024))).status_code == 200
    assert client_for("admin").get(page()).status_code == 200
