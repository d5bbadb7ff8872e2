"""The public's problem reports: the form on a project (no login, from its 民生码 or public page), the
receipt, following it by the receipt; and the office's queue to accept or not."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from minsheng.core.roles import roles_of
from minsheng.participation.abuse import HONEYPOT, STARTED, client_of, spam_reason, start_token
from minsheng.participation.models import ProblemReport, ReportState
from minsheng.participation.problem_reports import workflow
from minsheng.participation.public_forms import PHONE_HELP, InvalidInput, normalise_receipt
from minsheng.plans.models import PUBLIC_STATES, Project

SESSION_KEY = "problem_report_receipt"
HINTS = {
    ReportState.PENDING: "督查室将核实您反映的问题。",
    ReportState.ACCEPTED: "由责任单位限期整改，督查室核验后销号。",
    ReportState.REJECTED: "经核实未予采纳，原因见答复。",
}


def _project(project_id: int) -> Project:
    return get_object_or_404(
        Project.objects.select_related("plan__region").filter(plan__state__in=PUBLIC_STATES), pk=project_id
    )


def _form(request, project, status=200, refusal="", typed=None):
    context = {
        "project": project,
        "typed": typed or {},
        "honeypot": HONEYPOT,
        "started_name": STARTED,
        "started": start_token(),
        "phone_help": PHONE_HELP,
        "refusal": refusal,
    }
    return render(request, "participation/problem_reports/new.html", context, status=status)


def new(request, project_id: int):
    project = _project(project_id)
    if request.method != "POST":
        return _form(request, project)
    typed = {"description": request.POST.get("description", ""), "phone": request.POST.get("phone", "")}
    client = client_of(request)
    if limited := workflow.rate_limited(client):
        return _form(request, project, 429, limited, typed)
    if spam := spam_reason(request.POST, typed["description"]):
        return _form(request, project, 400, spam, typed)
    try:
        report = workflow.submit(project, typed["description"], typed["phone"], client)
    except (InvalidInput, workflow.ReportError) as e:
        return _form(request, project, e.status, e.message, typed)
    request.session[SESSION_KEY] = report.receipt
    return redirect("problem_reports:done", project.pk)


def done(request, project_id: int):
    """The receipt, shown once (it leaves the session on this first view)."""
    project = _project(project_id)
    receipt = request.session.pop(SESSION_KEY, None)
    response = render(
        request, "participation/problem_reports/done.html", {"project": project, "receipt": receipt}
    )
    response["Cache-Control"] = "no-store"
    return response


def lookup(request):
    """Ask for a receipt (the citizen typed it from the slip)."""
    typed = request.GET.get("receipt", "").strip()
    error = ""
    if typed:
        code = normalise_receipt(typed)
        if code and ProblemReport.objects.filter(receipt=code).exists():
            return redirect("problem_reports:track", code)
        error = "没有找到该回执码：回执码为10位字母和数字（不含 0、O、1、I），请核对后重新输入。"
    status = 404 if error else 200
    return render(
        request, "participation/problem_reports/lookup.html", {"typed": typed, "error": error}, status=status
    )


def track(request, receipt: str):
    code = normalise_receipt(receipt)
    report = get_object_or_404(
        ProblemReport.objects.select_related("project__plan__region", "problem"), receipt=code
    )
    return render(
        request, "participation/problem_reports/track.html", {"report": report, "hint": HINTS[report.state]}
    )


@login_required
def queue(request):
    if not roles_of(request.user).is_office:
        raise PermissionDenied("群众反映问题的核实仅对督查室开放。")
    waiting = request.GET.get("state", "pending") != "all"
    found = workflow.reports_for(request.user).select_related(
        "project__plan__region", "problem", "moderated_by"
    )
    if waiting:
        found = found.filter(state=ReportState.PENDING)
    page = Paginator(found.order_by("created_at" if waiting else "-created_at", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "participation/problem_reports/queue.html", {"page": page, "waiting": waiting})


@login_required
@require_POST
def moderate(request, pk: int):
    report = get_object_or_404(workflow.reports_for(request.user).select_related("project__plan"), pk=pk)
    try:
        workflow.moderate(
            report, request.POST.get("decision") == "accept", request.POST.get("reply", ""), request.user
        )
    except (workflow.ReportError, workflow.AlreadyDecided) as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            "已列入问题清单。" if report.state == ReportState.ACCEPTED else "已答复反映人：未予采纳。",
        )
    return redirect("problem_reports:queue")
