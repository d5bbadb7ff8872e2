"""Changes by the supervision office: plan, project and indicator forms, each audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from minsheng.core.audit import diff, log_action, snapshot
from minsheng.plans import scoping
from minsheng.plans.forms import IndicatorForm, PlanForm, ProjectForm
from minsheng.plans.models import Indicator


def _save_audited(request, form, action: str, before: dict | None):
    with transaction.atomic():
        obj = form.save()
        changes = diff(before or {}, snapshot(obj))
        log_action(obj, action, request.user, changes, via="web")
    return obj


def edit_audited(request, obj, form_class, title: str, back, *, create: bool = False):
    before = None if create else snapshot(obj)
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST":
        if form.is_valid():
            if create or form.has_changed():
                _save_audited(request, form, "create" if create else "update", before)
                messages.success(request, f"{title}已保存。")
            return redirect(back)
        messages.error(request, "请按提示修改后再保存。")
    return render(request, "plans/edit.html", {"form": form, "title": title, "back": back, "obj": obj})


@login_required
def plan_edit(request, plan_id: int):
    plan = get_object_or_404(scoping.changeable_plans(request.user), pk=plan_id)
    return edit_audited(request, plan, PlanForm, "计划信息", plan.get_absolute_url())


@login_required
def project_edit(request, project_id: int):
    project = get_object_or_404(
        scoping.changeable_projects(request.user).select_related("plan"), pk=project_id
    )
    return edit_audited(request, project, ProjectForm, "项目信息", project.get_absolute_url())


@login_required
def indicator_edit(request, indicator_id: int):
    indicator = get_object_or_404(
        scoping.changeable_indicators(request.user).select_related("project__plan"), pk=indicator_id
    )
    return edit_audited(request, indicator, IndicatorForm, "指标", indicator.project.get_absolute_url())


@login_required
def indicator_create(request, project_id: int):
    project = get_object_or_404(
        scoping.changeable_projects(request.user).select_related("plan"), pk=project_id
    )
    indicator = Indicator(project=project, order=project.indicators.count())
    return edit_audited(request, indicator, IndicatorForm, "新指标", project.get_absolute_url(), create=True)
