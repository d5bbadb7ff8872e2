"""A problem reported by the public on a project (from its 民生码): submitted without login under a
receipt, moderated by the project's office — accepted, it becomes an item of the problem list (one of
the three lists) with the public as its source; not accepted, it says why. Each step audited."""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from minsheng.core.announce import tell
from minsheng.core.audit import log_action
from minsheng.core.clock import now, today
from minsheng.core.errors import DomainError
from minsheng.core.roles import roles_of, under
from minsheng.participation import abuse
from minsheng.participation.models import ProblemReport, ReportState
from minsheng.participation.public_forms import clean_phone, clean_text, create_with_receipt
from minsheng.plans.models import PUBLIC_STATES, Project
from minsheng.plans.scoping import can_change_plan
from minsheng.supervision.models import ProblemSource
from minsheng.supervision.orders.messages import STAGE_ORDER, office_users, unit_users
from minsheng.supervision.problems.workflow import create_problem

PER_HOUR = 5  # reports a client may send in an hour
RECTIFY_DAYS = 15  # the time to rectify an accepted report, as the office's form would default it


class AlreadyDecided(DomainError):
    status = 409
    default_message = "该反映已由他人处理。"


class ReportError(DomainError):
    default_message = "反映的问题未能提交。"


def rate_limited(client: str) -> str | None:
    if abuse.too_many("problem-report", ProblemReport.objects.all(), client, PER_HOUR):
        return "提交次数过多，请一小时后再试。"
    return None


def reportable(project: Project) -> bool:
    return project.plan.state in PUBLIC_STATES


def submit(project: Project, description: str, phone: str, client: str) -> ProblemReport:
    if not reportable(project):
        raise ReportError("该项目尚未公开，不能反映问题。", status=404)
    description = clean_text(description, "反映的问题", 5, 500)
    phone = clean_phone(phone)

    def announce(report: ProblemReport) -> None:
        log_action(report, "create", None, {"反映的问题": [None, description]})
        tell(
            office_users(project),
            f"pr{report.pk}:new",
            STAGE_ORDER,
            f"【群众反映】{project.seq}. {project.name[:30]}",
            f"{description}\n请核实后列入问题清单，或写明理由不予采纳。",
            reverse("problem_reports:queue") + f"#report-{report.pk}",
        )

    return create_with_receipt(
        ProblemReport, announce, project=project, description=description, phone=phone, client=client
    )


def reports_for(user) -> QuerySet[ProblemReport]:
    """The reports on projects of the office's regions (an administrator: all)."""
    roles = roles_of(user)
    if roles.is_admin:
        return ProblemReport.objects.all()
    if not roles.office_paths:
        return ProblemReport.objects.none()
    return ProblemReport.objects.filter(under(roles.office_paths, "project__plan__region__path"))


def moderate(report: ProblemReport, accept: bool, reply: str, user) -> ProblemReport:
    if not can_change_plan(user, report.project.plan):
        raise ReportError("只有本计划的督查室可以核实群众反映的问题。", status=403)
    reply = (reply or "").strip()
    if len(reply) > 500:
        raise ReportError("答复最多 500 字。")
    if not accept and not reply:
        raise ReportError("不予采纳时请写明理由，反映人凭回执码可见。")
    with transaction.atomic():
        state = ReportState.ACCEPTED if accept else ReportState.REJECTED
        claimed = ProblemReport.objects.filter(pk=report.pk, state=ReportState.PENDING).update(
            state=state, reply=reply, moderated_by=user, moderated_at=now()
        )
        if not claimed:
            report.refresh_from_db()
            raise AlreadyDecided(f"该反映已由他人处理：{report.get_state_display()}。")
        problem = None
        if accept:
            problem = create_problem(
                report.project.plan,
                user,
                {
                    "project": report.project,
                    "source": ProblemSource.PUBLIC,
                    "description": report.description,
                    "deadline": today() + datetime.timedelta(days=RECTIFY_DAYS),
                },
            )
            ProblemReport.objects.filter(pk=report.pk).update(problem=problem)
            if problem.responsible_unit_id:
                tell(
                    unit_users([problem.responsible_unit_id]),
                    f"pr{report.pk}:accept",
                    STAGE_ORDER,
                    f"【群众反映问题】{report.project.seq}. {report.project.name[:30]}",
                    f"{report.description}\n已列入问题清单，请于{problem.deadline:%Y-%m-%d}前整改并报送整改情况。",
                    reverse("problems:detail", args=[problem.pk]),
                )
        report.refresh_from_db()
        log_action(
            report,
            "accept" if accept else "reject",
            user,
            {
                "状态": [str(ReportState.PENDING.label), str(report.get_state_display())],
                "答复": [None, reply or None],
            },
        )
    return report
