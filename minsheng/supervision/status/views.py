"""The lead unit (or the plan's office) decomposes a project's indicators month by month; the five
colours as a stylesheet."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from minsheng.core.audit import log_action
from minsheng.plans.models import TrajectoryPoint
from minsheng.plans.scoping import can_change_plan, leads_project, projects_for
from minsheng.supervision.status.rules import colours_css
from minsheng.supervision.status.trajectory import check_trajectory, month_ends

COLOURS_CSS = colours_css()
COLOURS_ETAG = hashlib.sha256(COLOURS_CSS.encode()).hexdigest()[:16]


@require_safe
@cache_control(public=True, max_age=3600)
@condition(etag_func=lambda request: COLOURS_ETAG)
def colours(request):
    """The five status colours as CSS variables, linked from base.html: COLOURS is their one source, and
    site.css, the public board, the watchlist and the bulletin read var(--colour-red) from here."""
    return HttpResponse(COLOURS_CSS, content_type="text/css; charset=utf-8")


@login_required
def trajectory_edit(request, project_id: int):
    project = get_object_or_404(projects_for(request.user).select_related("plan__region"), pk=project_id)
    if not (leads_project(request.user, project) or can_change_plan(request.user, project.plan)):
        raise Http404
    indicators = list(project.indicators.prefetch_related("trajectory"))
    rows, errors, parsed = [], [], {}
    for indicator in indicators:
        ends = month_ends(project.plan.begins, indicator.due)
        saved = {p.month_end: p.value for p in indicator.trajectory.all()}
        if request.method == "POST":
            entered = {end: request.POST.get(f"t-{indicator.pk}-{end:%Y%m}", "") for end in ends}
            values, problems = check_trajectory(
                entered, indicator.baseline, indicator.target_value, indicator.due
            )
            parsed[indicator.pk] = values
            errors += [f"{indicator.text[:20]}：{p}" for p in problems]
            cells = [(end, entered[end]) for end in ends]
        else:
            cells = [(end, f"{saved[end].normalize():f}" if end in saved else "") for end in ends]
        rows.append({"indicator": indicator, "cells": cells})
    if request.method == "POST" and not errors:
        with transaction.atomic():
            for indicator in indicators:
                before = {p.month_end.isoformat(): str(p.value) for p in indicator.trajectory.all()}
                after = {end.isoformat(): str(value) for end, value in parsed[indicator.pk].items()}
                if before == after:
                    continue
                indicator.trajectory.all().delete()
                TrajectoryPoint.objects.bulk_create(
                    TrajectoryPoint(indicator=indicator, month_end=end, value=value)
                    for end, value in parsed[indicator.pk].items()
                )
                log_action(
                    indicator, "update", request.user, {"月度计划进度": [before or None, after or None]}
                )
        messages.success(request, "月度计划进度已保存；序时进度将按此计算。")
        return redirect(project.get_absolute_url())
    context = {"project": project, "rows": rows, "errors": errors}
    return render(request, "supervision/status/trajectory.html", context, status=422 if errors else 200)
