"""Acceptance pages: a project's applications and year-end review (the lead unit applies and writes,
the office decides), and the plan's page for the office — pending applications, decisions, and from
December the projects whose year-end review is missing.

Who sees: the plan's offices and leaders (region and above), the project's own units; others 404."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from minsheng.core.clock import today
from minsheng.core.dates import parse_id
from minsheng.plans.models import Project, ProjectState, ProjectUnit, UnitRole
from minsheng.plans.scoping import can_change_plan, plans_for, projects_for
from minsheng.supervision.acceptance import workflow
from minsheng.supervision.access import may_open_acceptance, may_open_plan_acceptance
from minsheng.supervision.models import Acceptance, AcceptanceState


def _project(request, project_id: int) -> Project:
    project = get_object_or_404(
        projects_for(request.user)
        .select_related("plan__region")
        .prefetch_related(Prefetch("unit_roles", queryset=ProjectUnit.objects.select_related("unit"))),
        pk=project_id,
    )
    if not may_open_acceptance(request.user, project):
        raise Http404
    return project


def _project_context(request, project: Project, **extra) -> dict:
    day = today()
    user = request.user
    acceptances = list(
        project.acceptances.select_related("applied_by", "decided_by", "report").order_by(
            "-applied_at", "-pk"
        )
    )
    pending = next((a for a in acceptances if a.state == AcceptanceState.APPLIED), None)
    can_apply = workflow.can_apply(user, project) and project.state in workflow.APPLICABLE
    review_open = workflow.needs_review(project, day)
    return {
        "project": project,
        "plan": project.plan,
        "lead_units": [r.unit for r in project.unit_roles.all() if r.role == UnitRole.LEAD],
        "acceptances": acceptances,
        "pending": pending,
        "can_apply": can_apply,
        "reports": list(workflow.evidence_reports(project)[:24]) if can_apply else [],
        "can_decide": pending is not None and workflow.can_decide(user, project),
        "review": getattr(project, "year_end", None),
        "review_open": review_open,
        "review_opens": workflow.year_end_opens(project.plan.year),
        "can_review": review_open and workflow.can_apply(user, project),
        **extra,
    }


@login_required
def project_acceptance(request, project_id: int):
    project = _project(request, project_id)
    if request.method == "POST":
        report_id = request.POST.get("report", "")
        try:
            _, new = workflow.apply(
                project,
                request.user,
                request.POST.get("evidence", ""),
                parse_id(report_id),
            )
        except workflow.AcceptanceError as e:
            context = _project_context(request, project, errors=e.messages, posted=request.POST)
            return render(request, "supervision/acceptance/project.html", context, status=422)
        messages.success(
            request, "已提交验收申请，等待督查室验收。" if new else "验收申请已提交过，正在等待督查室验收。"
        )
        return redirect("acceptance:project", project.pk)
    return render(request, "supervision/acceptance/project.html", _project_context(request, project))


@login_required
@require_POST
def year_end(request, project_id: int):
    project = _project(request, project_id)
    raw = request.POST.get("new_date", "").strip()
    try:
        try:
            new_date = datetime.date.fromisoformat(raw) if raw else None
        except ValueError:
            raise workflow.AcceptanceError(f"新的完成时限“{raw}”不是有效日期（如 2025-06-30）。") from None
        workflow.write_review(
            project,
            request.user,
            request.POST.get("explanation", ""),
            request.POST.get("recovery_plan", ""),
            new_date,
            today(),
        )
    except workflow.AcceptanceError as e:
        context = _project_context(request, project, review_errors=e.messages, posted=request.POST)
        return render(request, "supervision/acceptance/project.html", context, status=422)
    messages.success(request, "年终未完成说明已保存。")
    return redirect("acceptance:project", project.pk)


@login_required
@require_POST
def decide(request, acceptance_id: int):
    acceptance = get_object_or_404(
        Acceptance.objects.filter(project__in=projects_for(request.user)).select_related("project__plan"),
        pk=acceptance_id,
    )
    if not may_open_acceptance(request.user, acceptance.project):
        raise Http404
    accept = request.POST.get("decision") == "accept"
    try:
        _, new = workflow.decide(acceptance, request.user, accept, request.POST.get("decision_text", ""))
    except workflow.AcceptanceError as e:
        messages.error(request, "；".join(e.messages))
    else:
        name = acceptance.project.name[:30]
        if not new:
            messages.info(request, f"“{name}”的验收申请已经处理过（{acceptance.get_state_display()}）。")
        elif accept:
            messages.success(request, f"“{name}”验收通过。")
        else:
            messages.success(request, f"“{name}”不予验收，已退回牵头单位继续推进。")
    if request.POST.get("back") == "plan":
        return redirect("acceptance:plan", acceptance.project.plan_id)
    return redirect("acceptance:project", acceptance.project_id)


@login_required
def plan_acceptance(request, plan_id: int):
    plan = get_object_or_404(plans_for(request.user).select_related("region"), pk=plan_id)
    if not may_open_plan_acceptance(request.user, plan):
        raise Http404
    day = today()
    acceptances = Acceptance.objects.filter(project__plan=plan).select_related(
        "project", "applied_by", "decided_by", "report"
    )
    lead_roles = Prefetch(
        "unit_roles", queryset=ProjectUnit.objects.filter(role=UnitRole.LEAD).select_related("unit")
    )
    projects = list(plan.projects.select_related("year_end").prefetch_related(lead_roles).order_by("order"))
    review_open = workflow.year_end_open(plan.year, day)
    unaccepted = [p for p in projects if p.state != ProjectState.ACCEPTED]
    for p in unaccepted:
        p.review = getattr(p, "year_end", None)
    context = {
        "plan": plan,
        "pending": acceptances.filter(state=AcceptanceState.APPLIED).order_by("applied_at", "pk"),
        "decided": acceptances.exclude(state=AcceptanceState.APPLIED).order_by("-decided_at", "-pk")[:30],
        "can_decide": can_change_plan(request.user, plan),
        "counts": [
            (label, n)
            for value, label in ProjectState.choices
            if (n := sum(p.state == value for p in projects))
        ],
        "review_open": review_open,
        "review_opens": workflow.year_end_opens(plan.year),
        "unaccepted": unaccepted if review_open else [],
        "missing": sum(p.review is None for p in unaccepted) if review_open else 0,
    }
    return render(request, "supervision/acceptance/plan.html", context)
