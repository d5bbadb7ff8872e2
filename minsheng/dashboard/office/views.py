"""The office and leader dashboard (/dashboard/): the published plans of a region and below for a year,
as of a day — counts by colour, overall progress against 序时进度, by category, by region with drill-down
city → county → project, the month-end trend and reporting timeliness; a leader's own projects first.

Cost: a fixed number of queries, whatever the number of plans, projects or reports: the month-end
history (`office.history.plans_history`) and the reporting figures of every plan are cached under each
plan's stamp (`board_cache`), which anything they depend on moves, and the plans whose entries are
missing are read together, in the queries of one."""

import dataclasses
import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from minsheng.core.clock import today
from minsheng.core.htmx import is_htmx, vary_on_htmx
from minsheng.core.models import Region
from minsheng.core.roles import roles_of
from minsheng.core.workyear import chosen_year
from minsheng.dashboard import cache as board_cache
from minsheng.dashboard.office import rules as figures
from minsheng.dashboard.office import sections
from minsheng.dashboard.office.history import month_ends
from minsheng.dashboard.scope import DashboardScope, scope_of
from minsheng.plans.models import PUBLIC_STATES, Plan, Project, ProjectUnit, UnitRole
from minsheng.reporting.calendar import rules as calendar
from minsheng.supervision.status.colour_history import caught_up_between
from minsheng.supervision.status.rules import COLOURS


def _statuses(scope: DashboardScope) -> dict:
    """{project id: status} of every project in scope on the day looked at."""
    merged: dict = {}
    for history in board_cache.plans_history(scope.plans, [scope.as_of]).values():
        merged.update(history[scope.as_of])
    return merged


def _trend(scope: DashboardScope, statuses: dict) -> list[tuple[datetime.date, figures.Summary]]:
    """The month ends up to the day (the last point is the day itself), each summed over the scope with
    the projects made up since the month end before (补齐): the past counted by the database from the
    month-end table, the day looked at from `statuses`."""
    first = min((p.begins for p in scope.plans), default=scope.as_of)
    days = month_ends(first, scope.as_of) or [scope.as_of]
    tallies = board_cache.plans_trend(scope.plans, days)
    trend = []
    for n, day in enumerate(days):
        if day == scope.as_of:
            before: dict = {}  # each project at the month end before: made up since (补齐)?
            for history in board_cache.plans_history(scope.plans, days[n - 1 : n]).values():
                before.update(history[days[n - 1]])
            made_up = sum(caught_up_between(before.get(pk), s) for pk, s in statuses.items())
            trend.append((day, dataclasses.replace(figures.summarise(statuses.values()), caught_up=made_up)))
        elif day < today():
            trend.append((day, figures.from_tallies(t.get(day, {}) for t in tallies.values())))
        else:  # a month end after today, before a day looked at ahead
            merged = [
                s for of_plan in board_cache.day_statuses(scope.plans, day).values() for s in of_plan.values()
            ]
            trend.append((day, figures.summarise(merged)))
    return trend


def _items(scope: DashboardScope, statuses: dict) -> list[figures.Item]:
    """Every project in scope as plain rows (two queries, no model instances: a province has 5,000)."""
    leads: dict[int, list[str]] = defaultdict(list)
    for project_id, name in (
        ProjectUnit.objects.filter(project__plan__in=scope.plan_ids, role=UnitRole.LEAD)
        .order_by("project", "order", "pk")
        .values_list("project_id", "unit__name")
    ):
        leads[project_id].append(name)
    projects = (
        Project.objects.filter(plan__in=scope.plan_ids)
        .order_by("plan__region__path", "plan_id", "order", "pk")
        .values_list(
            "pk", "plan_id", "plan__region__path", "plan__region__name", "category__name", "seq", "name"
        )
    )
    url = reverse("plans:project", args=[0]).removesuffix("0/")  # the project page, id appended
    return [
        figures.Item(
            pk=pk,
            plan_id=plan_id,
            region_path=path,
            region_name=region,
            category=category or "",
            seq=seq,
            name=name,
            lead="、".join(leads[pk]),
            url=f"{url}{pk}/",
            status=statuses[pk],
        )
        for pk, plan_id, path, region, category, seq, name in projects
        if pk in statuses
    ]


def _region_options(scope: DashboardScope) -> list[Region]:
    """The regions the filter offers: those with published plans under the user's top region."""
    top = scope.breadcrumbs[0] if scope.breadcrumbs else scope.region
    found = Region.objects.filter(path__startswith=top.path, plans__state__in=PUBLIC_STATES).distinct()
    by_pk = {r.pk: r for r in [*scope.breadcrumbs, *found]}
    return sorted(by_pk.values(), key=lambda r: r.path)


def context(request, scope: DashboardScope) -> dict:
    statuses = _statuses(scope)
    items = _items(scope, statuses)
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
    trend = sections.trend_section(_trend(scope, statuses))
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
    scope = scope_of(request.user, request.GET, work_year=chosen_year(request))
    results = board_cache.cached(
        _results_key(request, scope),
        lambda: render_to_string("dashboard/office/results.html", context(request, scope), request=request),
    )
    if is_htmx(request):
        return vary_on_htmx(HttpResponse(results))
    return vary_on_htmx(render(request, "dashboard/office/page.html", {"results": mark_safe(results)}))
