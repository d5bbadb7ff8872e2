"""The co-unit's page: record its share of a project's progress for a period."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from minsheng.core.clock import today
from minsheng.core.models import Unit
from minsheng.plans.scoping import projects_for
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.contributions import workflow as contributions
from minsheng.reporting.models import Contribution
from minsheng.reporting.reports import workflow


@login_required
def contribute(request, project_id: int, period: str | None = None):
    project = get_object_or_404(projects_for(request.user).select_related("plan__region"), pk=project_id)
    unit_ids = contributions.contributing_units(request.user, project)
    if not unit_ids:
        raise Http404
    try:
        key = calendar.parse_period(period or calendar.period_of(calendar.MONTH, today()).key)
    except calendar.PeriodError:
        raise Http404 from None
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("name"))
    unit = next((u for u in units if str(u.pk) == request.POST.get("unit", "")), units[0])
    indicators = list(project.indicators.all())
    errors = []
    if request.method == "POST":
        data = {
            "narrative": request.POST.get("narrative", ""),
            "values": [{"indicator": i.pk, "value": request.POST.get(f"v-{i.pk}", "")} for i in indicators],
        }
        try:
            contributions.save_contribution(project, key.key, unit.pk, data, request.user)
            messages.success(request, f"{unit.name}{key.label}协办情况已报送，牵头单位填报时可见。")
            return redirect("contributions:form_period", project.pk, key.key)
        except workflow.ReportError as e:
            errors = e.messages
    mine = {
        c.indicator_id: c
        for c in Contribution.objects.filter(project=project, unit=unit, kind=key.kind, period=key.key)
    }
    rows = [
        {
            "indicator": i,
            "value": request.POST.get(f"v-{i.pk}") if errors else getattr(mine.get(i.pk), "value", None),
        }
        for i in indicators
    ]
    general = mine.get(None)
    context = {
        "project": project,
        "period": key,
        "unit": unit,
        "units": units,
        "rows": rows,
        "narrative": request.POST.get("narrative") if errors else (general.narrative if general else ""),
        "taken_over": bool(general and general.taken_over),
        "errors": errors,
        "saved": general,
    }
    return render(request, "reporting/contributions/form.html", context, status=422 if errors else 200)
