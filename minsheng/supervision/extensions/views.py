"""Extension requests on the web: a project's requests with the lead unit's form and the office's
decision (/projects/<id>/extensions/), and the office's list of requests to decide
(/supervision/extensions/), those waiting past their time first."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from minsheng.core.clock import today
from minsheng.core.roles import roles_of, under
from minsheng.core.views import refused
from minsheng.plans.scoping import projects_for
from minsheng.supervision.access import may_open_project_orders
from minsheng.supervision.extensions import rules, workflow
from minsheng.supervision.extensions.models import Extension, ExtensionState

PAGE_SIZE = 50


class RequestForm(forms.Form):
    new_date = forms.DateField(
        label="申请延至", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["new_date"].error_messages |= {
            "required": "请填写申请延至的日期。",
            "invalid": "日期格式不对。",
        }
        self.fields["reason"].error_messages["required"] = "请填写延期理由。"


def _mark(extension: Extension) -> Extension:
    """With the day the office should decide by, and whether a waiting request is past it."""
    extension.decide_by = rules.decide_by(timezone.localtime(extension.requested_at).date())
    extension.late = extension.state == ExtensionState.REQUESTED and extension.decide_by < today()
    return extension


def _project(request, project_id: int):
    return get_object_or_404(
        projects_for(request.user).select_related("plan__region").prefetch_related("unit_roles__unit"),
        pk=project_id,
    )


def _page(request, project, status: int = 200, errors=(), form=None):
    if not may_open_project_orders(
        request.user, project
    ):  # as the 督办 page: its offices, leaders, lead units
        raise Http404
    may_request = workflow.lead_unit_of(request.user, project) is not None
    may_decide = workflow.may_decide(request.user, project)
    extensions = [_mark(e) for e in project.extensions.select_related("unit", "requested_by", "decided_by")]
    context = {
        "project": project,
        "plan": project.plan,
        "extensions": extensions,
        "original": workflow.base_due(project),
        "due": workflow.due_today(project),
        # one request waits at a time: no form while one does
        "form": form
        or (RequestForm() if may_request and not any(e.state == "requested" for e in extensions) else None),
        "may_decide": may_decide,
        "errors": list(errors),
        "decide_days": rules.DECIDE_DAYS,
    }
    return render(request, "supervision/extensions/project.html", context, status=status)


@login_required
def project_extensions(request, project_id: int):
    return _page(request, _project(request, project_id))


@login_required
@require_POST
def extension_request(request, project_id: int):
    project = _project(request, project_id)
    form = RequestForm(request.POST)
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        return _page(request, project, 422, errors, form)
    try:
        workflow.request_extension(
            project, form.cleaned_data["new_date"], form.cleaned_data["reason"], request.user
        )
    except workflow.ExtensionError as e:
        return refused(request, e, _page, project, form=form)
    messages.success(request, "延期申请已提交，请等待督查室决定。")
    return redirect("extensions:project", project.pk)


@login_required
@require_POST
def extension_decide(request, pk: int):
    extension = get_object_or_404(
        Extension.objects.filter(project__in=projects_for(request.user)).select_related("project__plan"),
        pk=pk,
    )
    grant = request.POST.get("decision") == "grant"
    try:
        workflow.decide(extension, grant, request.POST.get("note", ""), request.user)
    except workflow.ExtensionError as e:
        return refused(request, e, _page, _project(request, extension.project_id))
    messages.success(request, "已同意延期，自今日起按新期限计算。" if grant else "已答复不同意延期。")
    return redirect("extensions:project", extension.project_id)


@login_required
def extension_list(request):
    """The requests on the plans of the office's (or leader's) regions: waiting ones first, oldest first."""
    roles = roles_of(request.user)
    if not (roles.is_office or roles.leader_paths or roles.is_admin):
        raise PermissionDenied("延期申请清单仅对督查室和分管领导开放。")
    found = Extension.objects.select_related("project__plan__region", "unit")
    if not roles.is_admin:
        found = found.filter(under(roles.read_paths, "project__plan__region__path"))
    waiting = request.GET.get("state", "requested") != "all"
    if waiting:
        found = found.filter(state=ExtensionState.REQUESTED).order_by("requested_at", "pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [_mark(e) for e in page.object_list]
    return render(request, "supervision/extensions/list.html", {"page": page, "waiting": waiting})
