"""Acceptance as workflow functions: the lead unit applies with evidence, the office accepts (blue from
that day) or refuses with reasons; year-end reviews from December; audited, and a double click is one
decision."""

import datetime

import pytest

from minsheng.core.models import AuditEvent
from minsheng.reporting.calendar.rules import parse_period
from minsheng.reporting.models import Report
from minsheng.supervision.acceptance import workflow
from minsheng.supervision.models import Acceptance, YearEndReview
from minsheng.supervision.status.queries import plan_status
from tests.conftest import plan, project


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def report(p, period="2024-06", state="approved"):
    key = parse_period(period)
    return Report.objects.create(
        project=p, kind=key.kind, period=period, period_start=key.start, period_end=key.end, state=state
    )


def audit(obj, action=None):
    events = AuditEvent.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk))
    return events.filter(action=action) if action else events


def test_the_lead_unit_applies_with_evidence_and_a_report(users):
    p = project("济宁市", 2024, "1")
    evidence = report(p)
    acceptance, new = workflow.apply(p, users["minzheng"], "  已完成2000户改造，附验收台账  ", evidence.pk)
    assert new and acceptance.state == "applied" and acceptance.report == evidence
    assert acceptance.evidence == "已完成2000户改造，附验收台账"
    p.refresh_from_db()
    assert p.state == "applied"
    assert audit(p, "update").get().changes == {"状态": ["未启动", "申请验收"]}
    assert audit(acceptance, "apply").exists()
    again, new = workflow.apply(p, users["minzheng"], "再点一次")  # a double click
    assert again == acceptance and not new and Acceptance.objects.filter(project=p).count() == 1


@pytest.mark.parametrize(
    "who,evidence,pick,message",
    [
        ("jiaoyu", "完成", None, "只有牵头单位可以申请验收。"),
        ("office", "完成", None, "只有牵头单位可以申请验收。"),
        ("minzheng", "  ", None, "请填写完成情况及佐证材料说明。"),
        ("minzheng", "完成", "other", "所选佐证报告不是本项目已审核通过的报告。"),
        ("minzheng", "完成", "draft", "所选佐证报告不是本项目已审核通过的报告。"),
    ],
)
def test_applying_is_refused_clearly(users, who, evidence, pick, message):
    p = project("济宁市", 2024, "1")
    reports = {"other": report(project("济宁市", 2024, "3")), "draft": report(p, "2024-07", "draft")}
    with pytest.raises(workflow.AcceptanceError) as refused:
        workflow.apply(p, users[who], evidence, reports[pick].pk if pick else None)
    assert refused.value.messages == [message]
    p.refresh_from_db()
    assert p.state == "not_started" and not Acceptance.objects.filter(project=p).exists()


def test_an_accepted_project_cannot_apply_again(users):
    p = project("济宁市", 2024, "1")
    acceptance, _ = workflow.apply(p, users["minzheng"], "完成")
    workflow.decide(acceptance, users["office"], accept=True)
    with pytest.raises(workflow.AcceptanceError) as refused:
        workflow.apply(p, users["minzheng"], "又完成了")
    assert refused.value.messages == ["该项目已验收，不能申请验收。"]


def test_the_office_accepts_and_the_project_is_blue_from_that_day(users):
    p = project("济宁市", 2024, "1")
    acceptance, _ = workflow.apply(p, users["minzheng"], "完成")
    decided, new = workflow.decide(acceptance, users["office"], accept=True, decision="资料齐全，同意验收")
    assert new and decided.state == "accepted" and decided.decided_by == users["office"]
    assert decided.decision == "资料齐全，同意验收"
    p.refresh_from_db()
    assert p.state == "accepted"
    assert audit(p, "update").order_by("pk").last().changes == {"状态": ["申请验收", "已验收"]}
    assert audit(acceptance, "accept").count() == 1
    city = plan("济宁市", 2024)
    assert plan_status(city, datetime.date(2024, 7, 15))[p.pk].colour == "blue"
    assert plan_status(city, datetime.date(2024, 7, 14))[p.pk].colour != "blue"
    # a double click is one decision; the opposite decision afterwards is refused
    _, new = workflow.decide(acceptance, users["office"], accept=True)
    assert not new and audit(acceptance, "accept").count() == 1
    with pytest.raises(workflow.AcceptanceError) as refused:
        workflow.decide(acceptance, users["office"], accept=False, decision="改主意")
    assert refused.value.messages == ["该申请已处理（验收通过），请刷新页面。"]


def test_the_office_refuses_with_reasons_and_the_unit_applies_again(users):
    p = project("济宁市", 2024, "1")
    acceptance, _ = workflow.apply(p, users["minzheng"], "完成")
    with pytest.raises(workflow.AcceptanceError) as refused:
        workflow.decide(acceptance, users["office"], accept=False, decision=" ")
    assert refused.value.messages == ["不予验收时请填写理由。"]
    decided, _ = workflow.decide(acceptance, users["office"], accept=False, decision="仍有200户未完成")
    assert decided.state == "refused" and decided.decision == "仍有200户未完成"
    p.refresh_from_db()
    assert p.state == "in_progress"
    assert audit(acceptance, "refuse").get().changes["验收意见"] == [None, "仍有200户未完成"]
    second, new = workflow.apply(p, users["minzheng"], "已全部完成")
    assert new and second != acceptance


@pytest.mark.parametrize("who", ["weishan", "minzheng", "minzheng_head", "leader", "deputy"])
def test_only_the_plans_office_decides(users, who):
    p = project("济宁市", 2024, "1")
    acceptance, _ = workflow.apply(p, users["minzheng"], "完成")
    with pytest.raises(workflow.AcceptanceError) as refused:
        workflow.decide(acceptance, users[who], accept=True)
    assert refused.value.messages == ["只有本计划的督查室可以验收。"]
    acceptance.refresh_from_db()
    assert acceptance.state == "applied"


def test_the_county_office_decides_for_its_plan(users):
    p = project("微山县", 2024, "4.2")
    acceptance, _ = workflow.apply(p, users["weishan_minzheng"], "10处食堂均已运营")
    _, new = workflow.decide(acceptance, users["weishan"], accept=True)
    assert new


def test_year_end_rules():
    assert not workflow.year_end_open(2024, datetime.date(2024, 11, 30))
    assert workflow.year_end_open(2024, datetime.date(2024, 12, 1))
    assert workflow.year_end_open(2024, datetime.date(2025, 1, 10))  # still written after the year
    end = datetime.date(2024, 12, 31)
    assert workflow.review_errors(end, "原因", "计划", datetime.date(2025, 3, 31)) == []
    assert workflow.review_errors(end, "", " ", None) == [
        "请填写未完成原因。",
        "请填写整改计划。",
        "请填写新的完成时限。",
    ]
    assert workflow.review_errors(end, "原因", "计划", end) == [
        "新的完成时限应在计划年度结束（2024年12月31日）之后。"
    ]


def test_year_end_review_from_december(settings, users):
    p = project("济宁市", 2024, "1")
    later = datetime.date(2025, 3, 31)
    with pytest.raises(workflow.AcceptanceError) as refused:
        workflow.write_review(p, users["minzheng"], "原因", "计划", later, datetime.date(2024, 11, 30))
    assert refused.value.messages == ["年终未完成说明自 2024年12月01日 起填写。"]
    day = datetime.date(2024, 12, 1)
    assert workflow.needs_review(p, day) and not workflow.needs_review(p, datetime.date(2024, 11, 30))
    with pytest.raises(workflow.AcceptanceError):
        workflow.write_review(p, users["jiaoyu"], "原因", "计划", later, day)
    with pytest.raises(workflow.AcceptanceError) as refused:
        workflow.write_review(p, users["minzheng"], "原因", "计划", datetime.date(2024, 12, 20), day)
    assert refused.value.messages == ["新的完成时限应在计划年度结束（2024年12月31日）之后。"]
    review = workflow.write_review(p, users["minzheng"], "用地审批滞后", "一季度完成剩余300户", later, day)
    assert (review.explanation, review.new_date, review.written_by) == (
        "用地审批滞后",
        later,
        users["minzheng"],
    )
    assert audit(review, "create").exists()
    workflow.write_review(
        p, users["minzheng"], "用地审批滞后", "二季度完成剩余300户", datetime.date(2025, 6, 30), day
    )
    assert YearEndReview.objects.filter(project=p).count() == 1
    changes = audit(review, "update").get().changes
    assert (
        changes["整改计划"] == ["一季度完成剩余300户", "二季度完成剩余300户"] and "未完成原因" not in changes
    )


def test_an_accepted_project_needs_no_year_end_review(users):
    p = project("济宁市", 2024, "1")
    acceptance, _ = workflow.apply(p, users["minzheng"], "完成")
    workflow.decide(acceptance, users["office"], accept=True)
    p.refresh_from_db()
    day = datetime.date(2024, 12, 5)
    assert not workflow.needs_review(p, day)
    with pytest.raises(workflow.AcceptanceError) as refused:
        workflow.write_review(p, users["minzheng"], "原因", "计划", datetime.date(2025, 3, 1), day)
    assert refused.value.messages == ["该项目已验收，无需填写年终未完成说明。"]
