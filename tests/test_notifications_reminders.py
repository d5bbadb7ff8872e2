"""Which reminders are due at a moment: the plain functions, no database."""

import datetime

import pytest

from minsheng.notifications import reminders as r
from minsheng.notifications.messages import Person, Robot, compose
from minsheng.reporting.calendar.rules import SHANGHAI, CalendarRules, parse_period

PLAN = r.PlanInfo(
    1, "济宁市2024年民生实事", 10, "published", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
)
LEADS = [
    r.Lead(1, 101, "1. 改造困难老年人家庭", 7, "市民政局"),
    r.Lead(1, 103, "3. 建设老年人食堂", 7, "市民政局"),
    r.Lead(1, 104, "4. 社区养老服务设施", 7, "市民政局"),
    r.Lead(1, 107, "7. 新增高中招生计划", 8, "市教育局"),
]
JULY = parse_period("2024-07")  # due 07-25 18:00, on time until 07-27 18:00, locks 08-04 18:00


def at(month, day, hour=12, minute=0, second=0):
    return datetime.datetime(2024, month, day, hour, minute, second, tzinfo=SHANGHAI)


def monthly(reminders):
    return [x for x in reminders if x.period.kind == "month"]


@pytest.mark.parametrize(
    ("moment", "stage"),
    [
        (at(7, 22, 17, 59, 59), None),  # more than 3 days before the due moment
        (at(7, 22, 18), r.REMIND),  # exactly 3 days before
        (at(7, 25, 17, 59, 59), r.REMIND),
        (at(7, 25, 18), r.URGE),  # exactly at the due moment: due now, and missing
        (at(7, 27, 17, 59, 59), r.URGE),
        (at(7, 27, 18), r.URGE_AGAIN),  # the grace days are over
        (at(8, 4, 17, 59, 59), r.URGE_AGAIN),
        (at(8, 4, 18), None),  # locked: nothing more to ask
        (at(9, 1), None),
    ],
)
def test_stage_of_a_monthly_report(moment, stage):
    assert r.stage_at(moment, JULY, CalendarRules(), lead_days=3) == stage


def test_weekly_lead_time_is_one_day():
    week = parse_period("2024-W30")  # due Friday 07-26 18:00
    assert r.stage_at(at(7, 25, 17, 59), week, CalendarRules(), 1) is None
    assert r.stage_at(at(7, 25, 18), week, CalendarRules(), 1) == r.REMIND


def test_a_plan_calendar_moves_the_stages():
    rules = CalendarRules(monthly_day=10, monthly_hour=12, grace_days=0, lock_days=5)
    assert r.stage_at(at(7, 7, 12), JULY, rules, 3) == r.REMIND
    assert r.stage_at(at(7, 10, 12), JULY, rules, 3) == r.URGE_AGAIN  # no grace: straight to the second urge
    assert r.stage_at(at(7, 15, 12), JULY, rules, 3) is None


def test_missing_reports_of_a_unit_are_one_reminder():
    due = monthly(r.due_reminders(at(7, 23), [PLAN], LEADS, submitted=set()))
    assert [(x.stage, x.unit, len(x.projects)) for x in due] == [
        ("remind", "市民政局", 3),
        ("remind", "市教育局", 1),
    ]
    assert due[0].key == "remind:p1:u7:2024-07"
    assert [label for _, label in due[0].projects] == [
        "1. 改造困难老年人家庭",
        "3. 建设老年人食堂",
        "4. 社区养老服务设施",
    ]


def test_a_submitted_report_is_not_reminded():
    due = monthly(r.due_reminders(at(7, 26), [PLAN], LEADS, submitted={(101, "2024-07"), (107, "2024-07")}))
    assert [(x.stage, x.unit, [p for p, _ in x.projects]) for x in due] == [("urge", "市民政局", [103, 104])]
    # Last month's report does not count for this month.
    assert (
        monthly(r.due_reminders(at(7, 26), [PLAN], LEADS, submitted={(107, "2024-06")}))[-1].unit
        == "市教育局"
    )


def test_exactly_at_due_time_the_reminder_becomes_an_urge():
    before = monthly(r.due_reminders(at(7, 25, 17, 59, 59), [PLAN], LEADS, set()))
    after = monthly(r.due_reminders(at(7, 25, 18), [PLAN], LEADS, set()))
    assert {x.stage for x in before} == {"remind"} and {x.stage for x in after} == {"urge"}
    assert before[0].key != after[0].key  # a new message, not the reminder again


def test_nothing_after_the_lock_and_nothing_for_a_plan_not_published():
    assert monthly(r.due_reminders(at(8, 5), [PLAN], LEADS, set())) == []
    for state in ("draft", "closed"):
        plan = r.PlanInfo(1, "x", 10, state, PLAN.begins, PLAN.ends)
        assert r.due_reminders(at(7, 23), [plan], LEADS, set()) == []


def test_periods_outside_the_plan_year_are_not_expected():
    def moment(month, day):
        return datetime.datetime(2025, month, day, 12, tzinfo=SHANGHAI)

    assert r.due_reminders(moment(1, 23), [PLAN], LEADS, set()) == []
    # The ISO week that straddles the new year (2024-12-30 to 2025-01-05) still belongs to the plan.
    assert {x.period.key for x in r.due_reminders(moment(1, 7), [PLAN], LEADS, set())} == {"2025-W01"}


def test_period_keys_cover_the_open_periods():
    assert r.period_keys(at(7, 23), [PLAN]) == {"2024-07", "2024-W29"}
    assert r.period_keys(at(7, 30), [PLAN]) == {"2024-07", "2024-W30"}


def test_a_unit_with_no_users_gets_only_its_robot():
    due = monthly(r.due_reminders(at(7, 23), [PLAN], LEADS, set()))
    people = {7: [Person(1, "a@example.gov.cn"), Person(2, "")]}  # 市教育局 (8) has nobody
    out = compose(due, people, {8: [Robot(5, "市教育局工作群")]}, {}, "https://ms.example")
    by_unit = {(o.channel, o.recipient_id, o.robot_id) for o in out if o.key.endswith(":u8:2024-07")}
    assert by_unit == {("robot", None, 5)}
    mine = [(o.channel, o.recipient_id) for o in out if ":u7:" in o.key]
    assert sorted(mine) == [("app", 1), ("app", 2), ("email", 1)]  # email only to who has an address
    email = next(o for o in out if o.channel == "email")
    assert email.address == "a@example.gov.cn" and "https://ms.example/my/" in email.body
    assert compose(due, {}, {}, {}, "") == []  # nobody to tell


def test_urges_are_summarised_for_the_office_robot():
    due = monthly(r.due_reminders(at(7, 26), [PLAN], LEADS, set()))
    out = compose(due, {}, {}, {10: [Robot(9, "督查室群")]}, "https://ms.example")
    assert [(o.key, o.robot_id) for o in out] == [("urge:p1:office:2024-07", 9)]
    assert "市民政局：3 个项目" in out[0].body and "市教育局：1 个项目" in out[0].body
    assert out[0].title.startswith("【催报汇总】济宁市2024年民生实事 2024年7月月报：2 个单位未报送")
    # Reminders before the due date do not go to the office.
    assert (
        compose(monthly(r.due_reminders(at(7, 23), [PLAN], LEADS, set())), {}, {}, {10: [Robot(9, "x")]}, "")
        == []
    )


def test_message_text():
    [remind] = [x for x in monthly(r.due_reminders(at(7, 23), [PLAN], LEADS, set())) if x.unit_id == 8]
    out = compose([remind], {8: [Person(3)]}, {}, {}, "")
    assert out[0].title == "【报送提醒】2024年7月月报将于7月25日18:00截止"
    assert (
        "截止时间 2024-07-25 18:00，2024-07-27 18:00 前提交视为按时，2024-08-04 18:00 后锁定" in out[0].body
    )
    assert out[0].link == "/projects/107/report/2024-07/"  # one project: straight to its report form
