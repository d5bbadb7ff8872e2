"""Read-only pages: plan list, plan detail, project detail, a unit's "my projects"."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from minsheng.core import hooks
from minsheng.core.audit import events_for
from minsheng.core.dates import OutOfRange, parse_day
from minsheng.core.htmx import page_or_fragment
from minsheng.core.models import Region
from minsheng.core.roles import roles_of
from minsheng.plans import scoping
from minsheng.plans.filters import PlanListFilters
from minsheng.plans.models import PUBLIC_STATES, Allocation, Plan, PlanState, Project, UnitRole
from minsheng.plans.queries import with_units

PAGE_SIZE = 30


def plan_list(request: HttpRequest) -> HttpResponse:
    plans = scoping.plans_for(request.user).select_related("region").annotate(project_count=Count("projects"))
    f = PlanListFilters.of(request.GET)
    if q := f["q"]:
        plans = plans.filter(
            Q(title__icontains=q) | Q(region__name__icontains=q) | Q(doc_number__icontains=q)
        )
    if f["region"]:
        plans = plans.filter(region__path__contains=f"/{f['region']}/")
    if f["year"]:
        plans = plans.filter(year=f["year"])
    page = Paginator(plans.order_by("-year", "region__path", "pk"), PAGE_SIZE).get_page(f["page"])
    context = {
        "page": page,
        "q": q,
        "region": request.GET.get("region", ""),  # as typed, for the select and the page links
        "year": request.GET.get("year", ""),
        "regions": Region.objects.filter(kind__in=["city", "district", "county", "county_city", "zone"]),
        "years": scoping.plans_for(request.user).order_by("-year").values_list("year", flat=True).distinct(),
        "states": PlanState,
    }
    return page_or_fragment(request, "plans/plan_list.html", "plans/_plan_results.html", context)


def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(scoping.plans_for(request.user).select_related("region"), pk=plan_id)
    projects = list(with_units(plan.projects.order_by("order")))
    groups: list[tuple[object, list[Project]]] = []
    for project in projects:
        if not groups or groups[-1][0] != project.category:
            groups.append((project.category, []))
        groups[-1][1].append(project)
    as_of, statuses = _statuses(request, plan)
    for project in projects:
        project.status = statuses.get(project.pk)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "as_of": as_of,
            "show_status": bool(statuses),
            "groups": groups,
            "project_count": len(projects),
            "indicator_count": sum(len(p.indicators.all()) for p in projects),
            "can_change": scoping.can_change_plan(request.user, plan),
            "events": _events(request.user, plan, limit=20),
        },
    )


def _statuses(request, plan) -> tuple[object, dict]:
    """Each project's colour as of ?as_of= (default today, or the last day of an ended plan), for
    signed-in users of a published plan; the public board comes with the dashboards. The colours are
    supervision's: it answers the "plans.statuses" hook (core.hooks)."""
    if not request.user.is_authenticated or plan.state == PlanState.DRAFT:
        return None, {}
    try:
        as_of = parse_day(request.GET.get("as_of"))
    except OutOfRange:
        as_of = None
    return hooks.first("plans.statuses", plan, as_of, default=(None, {}))


def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(with_units(scoping.projects_for(request.user)), pk=project_id)
    visible = scoping.projects_for(request.user).select_related("plan__region")
    indicators = list(project.indicators.all())
    roles = list(project.unit_roles.all())
    return render(
        request,
        "plans/project_detail.html",
        {
            "project": project,
            "plan": project.plan,
            "indicators": indicators,
            "lead_roles": [r for r in roles if r.role == UnitRole.LEAD],
            "co_roles": [r for r in roles if r.role == UnitRole.CO],
            "milestones": project.milestones.all(),
            "parent": visible.filter(pk=project.parent_id).first() if project.parent_id else None,
            "children": visible.filter(parent=project),
            "lineage": visible.filter(lineage=project).order_by("plan__year"),
            "can_change": scoping.can_change_plan(request.user, project.plan),
            "can_report": scoping.leads_project(request.user, project),
            "can_contribute": bool(
                roles_of(request.user).unit_ids & {r.unit_id for r in roles if r.role == UnitRole.CO}
            ),
            "reports": _recent_reports(request.user, project) if request.user.is_authenticated else [],
            "has_allocations": Allocation.objects.filter(indicator__project=project).exists(),
            "events": _events(request.user, project, *indicators, limit=30),
            "colours": _colours(project),
            # (due today, original) once an extension was granted: supervision answers the hook
            "extended": hooks.first("plans.extended_due", project, default=None),
            # the quarterly topic meetings' decisions on the project: signed-in users only
            "decisions": hooks.first("plans.meeting_decisions", project, default=[])
            if request.user.is_authenticated
            else [],
        },
    )


def _colours(project):
    """The project's colour at each month end, months made up later marked 补齐 (supervision answers the
    "plans.colour_history" hook); none for a plan not yet published."""
    if project.plan.state not in PUBLIC_STATES:
        return []
    return hooks.first("plans.colour_history", project, default=[])


def _events(user, *objects, limit: int):
    """The audit history names the people who changed things: signed-in users only, never the public."""
    return events_for(*objects)[:limit] if user.is_authenticated else []


def _recent_reports(user, project):
    """The project's latest reports the user may read: reporting answers the "plans.recent_reports" hook."""
    return hooks.first("plans.recent_reports", user, project, default=[])


@login_required
def my_projects(request: HttpRequest) -> HttpResponse:
    projects = with_units(scoping.my_projects(request.user)).order_by(
        "-plan__year", "plan__region__path", "order"
    )
    by_plan: dict[Plan, list[Project]] = {}
    for project in projects:
        by_plan.setdefault(project.plan, []).append(project)
    return render(request, "plans/my_projects.html", {"by_plan": by_plan, "count": len(projects)})
