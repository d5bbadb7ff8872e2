"""Acceptance (验收交账) and the year-end review, as workflow functions the pages and tests call.

- The lead unit applies with its evidence (and may name one of its approved reports): the project
  becomes 申请验收 (applied).
- The plan's supervision office accepts — 已验收, and the status engine shows blue from the day of
  the decision — or refuses with its reasons, and the project goes back to 推进中.
- From December of the plan's year, every project not accepted needs a year-end review written by its
  lead unit: why it is unfinished, the recovery plan and a new completion date after the plan's end.

Every step is audited; the state changes are conditional updates, so a double click is one decision."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from minsheng.core import limits
from minsheng.core.audit import diff, log_action, snapshot
from minsheng.core.clock import now
from minsheng.core.errors import DomainError
from minsheng.plans import board
from minsheng.plans.models import Plan, Project, ProjectState
from minsheng.plans.scoping import can_change_plan, leads_project
from minsheng.reporting.models import Report, ReportState
from minsheng.supervision.models import Acceptance, AcceptanceState, YearEndReview

APPLICABLE = (ProjectState.NOT_STARTED, ProjectState.IN_PROGRESS, ProjectState.UNFINISHED)


def _label(state: str) -> str:
    return str(ProjectState(state).label)


class AcceptanceError(DomainError):
    """Refused; `messages` are for the user, in Chinese."""

    default_message = "验收操作未能完成。"


# ── plain rules ─────────────────────────────────────────────────────────────────────────────────────


def year_end_opens(plan_year: int) -> datetime.date:
    return datetime.date(plan_year, 12, 1)


def year_end_open(plan_year: int, day: datetime.date) -> bool:
    """Year-end reviews are written from 1 December of the plan's year on."""
    return day >= year_end_opens(plan_year)


def review_errors(plan_ends: datetime.date, explanation: str, recovery_plan: str, new_date) -> list[str]:
    errors = []
    if not (explanation or "").strip():
        errors.append("请填写未完成原因。")
    if not (recovery_plan or "").strip():
        errors.append("请填写整改计划。")
    errors += limits.errors_of(
        {"未完成原因": (explanation, limits.LONG), "整改计划": (recovery_plan, limits.LONG)}
    )
    if new_date is None:
        errors.append("请填写新的完成时限。")
    elif new_date <= plan_ends:
        errors.append(f"新的完成时限应在计划年度结束（{plan_ends:%Y年%m月%d日}）之后。")
    return errors


# ── workflow ────────────────────────────────────────────────────────────────────────────────────────


def can_apply(user, project: Project) -> bool:
    return leads_project(user, project)


def can_decide(user, project: Project) -> bool:
    return can_change_plan(user, project.plan)


def evidence_reports(project: Project) -> QuerySet[Report]:
    return Report.objects.filter(project=project, state=ReportState.APPROVED).order_by("-period_end", "kind")


def _set_state(project: Project, new: str, user) -> None:
    old = Project.objects.filter(pk=project.pk).values_list("state", flat=True).get()
    if old != new:
        Project.objects.filter(pk=project.pk).update(state=new)
        log_action(project, "update", user, {"状态": [_label(old), _label(new)]}, via="web")
    project.state = new


def apply(project: Project, user, evidence: str, report_id: int | None = None) -> tuple[Acceptance, bool]:
    """The lead unit applies; (the application, whether it is new). Applying twice is one application."""
    if not can_apply(user, project):
        raise AcceptanceError("只有牵头单位可以申请验收。")
    evidence = (evidence or "").strip()
    if not evidence:
        raise AcceptanceError("请填写完成情况及佐证材料说明。")
    if too_long := limits.text_error(evidence, "完成情况及佐证"):
        raise AcceptanceError(too_long)
    report = None
    if report_id:
        report = evidence_reports(project).filter(pk=report_id).first()
        if report is None:
            raise AcceptanceError("所选佐证报告不是本项目已审核通过的报告。")
    with transaction.atomic():
        claimed = Project.objects.filter(pk=project.pk, state__in=APPLICABLE).update(
            state=ProjectState.APPLIED
        )
        if not claimed:
            project.refresh_from_db(fields=["state"])
            pending = project.acceptances.filter(state=AcceptanceState.APPLIED).first()
            if project.state == ProjectState.APPLIED and pending:
                return pending, False
            raise AcceptanceError(f"该项目{_label(project.state)}，不能申请验收。")
        old = project.state
        project.state = ProjectState.APPLIED
        acceptance = Acceptance.objects.create(
            project=project, evidence=evidence, report=report, applied_by=user, applied_at=now()
        )
        log_action(project, "update", user, {"状态": [_label(old), _label(project.state)]})
        changes = {"完成情况及佐证": [None, evidence]}
        if report:
            changes["佐证报告"] = [None, str(report)]
        log_action(acceptance, "apply", user, changes, via="web")
    return acceptance, True


def decide(acceptance: Acceptance, user, accept: bool, decision: str = "") -> tuple[Acceptance, bool]:
    """The office accepts or refuses (reasons required); (the application, whether this decided it).
    A second click of the same decision changes nothing."""
    project = acceptance.project
    if not can_decide(user, project):
        raise AcceptanceError("只有本计划的督查室可以验收。")
    decision = (decision or "").strip()
    if too_long := limits.text_error(decision, "验收意见"):
        raise AcceptanceError(too_long)
    if not accept and not decision:
        raise AcceptanceError("不予验收时请填写理由。")
    outcome = AcceptanceState.ACCEPTED if accept else AcceptanceState.REFUSED
    with transaction.atomic():
        claimed = Acceptance.objects.filter(pk=acceptance.pk, state=AcceptanceState.APPLIED).update(
            state=outcome, decision=decision, decided_by=user, decided_at=now()
        )
        acceptance.refresh_from_db()
        if not claimed:
            if acceptance.state == outcome:
                return acceptance, False
            raise AcceptanceError(f"该申请已处理（{acceptance.get_state_display()}），请刷新页面。")
        _set_state(project, ProjectState.ACCEPTED if accept else ProjectState.IN_PROGRESS, user)
        changes = {"状态": ["已申请", acceptance.get_state_display()]}
        if decision:
            changes["验收意见"] = [None, decision]
        log_action(acceptance, "accept" if accept else "refuse", user, changes, via="web")
        board.touch(project.plan_id, past=False)  # decided now: earlier days are as they were
    return acceptance, True


def needs_review(project: Project, day: datetime.date) -> bool:
    return year_end_open(project.plan.year, day) and project.state != ProjectState.ACCEPTED


def write_review(
    project: Project, user, explanation: str, recovery_plan: str, new_date: datetime.date | None, day
) -> YearEndReview:
    """The lead unit writes (or revises) the year-end review of a project that is not accepted."""
    if not can_apply(user, project):
        raise AcceptanceError("只有牵头单位可以填写年终未完成说明。")
    plan: Plan = project.plan
    if not year_end_open(plan.year, day):
        raise AcceptanceError(f"年终未完成说明自 {year_end_opens(plan.year):%Y年%m月%d日} 起填写。")
    if project.state == ProjectState.ACCEPTED:
        raise AcceptanceError("该项目已验收，无需填写年终未完成说明。")
    errors = review_errors(plan.ends, explanation, recovery_plan, new_date)
    if errors:
        raise AcceptanceError(*errors)
    try:
        with transaction.atomic():
            review = YearEndReview.objects.select_for_update().filter(project=project).first()
            before = snapshot(review) if review else {}
            if review is None:
                review = YearEndReview(project=project)
            review.explanation, review.recovery_plan = explanation.strip(), recovery_plan.strip()
            review.new_date, review.written_by = new_date, user
            review.save()
            changes = diff(before, snapshot(review))
            if changes:
                log_action(review, "update" if before else "create", user, changes, via="web")
    except IntegrityError:  # two first saves at once: the other one won
        raise AcceptanceError("该说明刚被他人保存，请刷新页面后在其基础上修改。") from None
    return review
