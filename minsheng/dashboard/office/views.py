"""The office and leader dashboard (/dashboard/): the published plans of a region and below for a year,
as of a day — counts by colour, overall progress against 序时进度, by category, by region with drill-down
city → county → project, the month-end trend and reporting timeliness; a leader's own projects first.

Cost: a fixed number of queries, whatever the number of plans, projects or reports: the month-end
history (`office.history.plans_history`) and the reporting figures of every plan are cached under each
plan's stamp (`board_cache`), which anything they depend on moves, and the plans whose entries are
missing are read together, in the queries of one."""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from minsheng.core.htmx import is_htmx, vary_on_htmx
from minsheng.core.models import Region
from minsheng.core.roles import roles_of
from minsheng.dashboard import cache as board_cache
from minsheng.dashboard.office import rules as figures
from minsheng.dashboard.office import sections
from minsheng.dashboard.office.history import month_ends
from minsheng.dashboard.scope import DashboardScope, scope_of
from minsheng.plans.models import PUBLIC_STATES, Plan, Project, ProjectUnit, UnitRole
from minsheng.reporting.calendar import rules as calendar
from minsheng.supervision.status.rules import COLOURS


def _history(scope: DashboardScope) -> tuple[list[datetime.date], dict]:
    """The month ends up to the day (the last point is the day itself) and {day: {project: status}}."""
    first = min((p.begins for p in scope.plans), default=scope.as_of)
    days = month_ends(first, scope.as_of) or [scope.as_of]
    merged: dict = {day: {} for day in days}
    for history in board_cache.plans_history(scope.plans, days).values():
        for day, statuses in history.items():
            merged[day].update(statuses)
    return days, merged


def _items(scope: DashboardScope, statuses: dict) -> list[figures.Item]:
    leads = Prefetch(
        "unit_roles",
        queryset=ProjectUnit.objects.filter(role=UnitRole.LEAD)
        .select_related("unit")
        .order_by("order", "pk"),
        to_attr="leads",
    )
    projects = (
        Project.objects.filter(plan__in=scope.plan_ids)
        .select_related("category", "plan__region")
        .prefetch_related(leads)
        .order_by("plan__region__path", "plan_id", "order", "pk")
    )
    return [
        figures.Item(
            pk=p.pk,
            plan_id=p.plan_id,
            region_path=p.plan.region.path,
            region_name=p.plan.region.name,
            category=p.category.name if p.category else "",
            seq=p.seq,
            name=p.name,
            lead="、".join(r.unit.name for r in p.leads),
            url=p.get_absolute_url(),
            status=statuses[p.pk],
        )
        for p in projects
        if p.pk in statuses
    ]


def _region_options(scope: DashboardScope) -> list[Region]:
    """The regions the filter offers: those with published plans under the user's top region."""
    top = scope.breadcrumbs[0] if scope.breadcrumbs else scope.region
    found = Region.objects.filter(path__startswith=top.path, plans__state__in=PUBLIC_STATES).distinct()
    by_pk = {r.pk: r for r in [*scope.breadcrumbs, *found]}
    return sorted(by_pk.values(), key=lambda r: r.path)


def context(request, scope: DashboardScope) -> dict:
    days, history = _history(scope)
    items = _items(scope, history[scope.as_of])
    region = scope.region
    children = list(Region.objects.filter(parent=region).order_by("order", "pk"))

    def link(child: Region) -> str:
        return "?" + urlencode({"region": child.pk, "year": scope.year, "as_of": scope.as_of.isoformat()})

    whole = figures.summarise(i.status for i in items)
    regions = sections.region_section(items, region, children, link)
    has_children = len(regions.table.rows) > 1
    own = [i for i in items if i.region_path == region.path]
    mine = sorted(
        (i for i in items if i.pk in scope.my_project_ids),
        key=lambda i: (-COLOURS[i.status.colour].rank, -i.status.gap),  # red first
    )
    compliance = board_cache.plans_compliance(scope.plans, scope.as_of, calendar.MONTH)
    tallies = [t for plan in scope.plans for t in compliance[plan.pk]]
    timeliness, totals = sections.timeliness_section(tallies)
    trend = sections.trend_section(
        [(day, figures.summarise(history[day][i.pk] for i in items if i.pk in history[day])) for day in days]
    )
    return {
        "scope": scope,
        "as_of": scope.as_of,
        "is_leader": roles_of(request.user).person_id is not None,
        "mine": sections.project_table("我分管的项目", mine, len({i.plan_id for i in mine}) > 1)
        if mine
        else None,
        "whole": whole,
        "charts": [
            sections.colour_section(whole),
            sections.progress_section(whole),
            sections.category_section(items),
        ],
        "regions": regions,
        "has_children": has_children,
        "own": sections.project_table(f"{region.name}本级项目", own) if own else None,
        "trend": trend,
        "timeliness": timeliness,
        "totals": totals,
        "region_options": _region_options(scope),
    }


def _results_key(request, scope: DashboardScope) -> tuple:
    """What the results depend on: the scope, every plan's stamp, the user's own projects, and the plans
    under the user's top region (the region filter offers theirs, of every year)."""
    top = scope.breadcrumbs[0] if scope.breadcrumbs else scope.region
    under = Plan.objects.filter(region__path__startswith=top.path, state__in=PUBLIC_STATES).aggregate(
        n=Count("pk"), changed=Max("board_changed_at")
    )
    return (
        "dashboard",
        scope.region.pk,
        top.pk,
        scope.year,
        scope.as_of,
        tuple((p.pk, p.board_changed_at) for p in scope.plans),
        tuple(sorted(scope.my_project_ids)),
        roles_of(request.user).person_id is not None,
        under["n"],
        under["changed"],
    )


@login_required
def home(request):
    """The results are rendered once per scope and stamps, and cached: a warm dashboard is the scope's
    queries and one cache read, however large the province."""
    scope = scope_of(request.user, request.GET)
    results = board_cache.cached(
        _results_key(request, scope),
        lambda: render_to_string("dashboard/office/results.html", context(request, scope), request=request),
    )
    if is_htmx(request):
        return vary_on_htmx(HttpResponse(results))
    return vary_on_htmx(render(request, "dashboard/office/page.html", {"results": mark_safe(results)}))
