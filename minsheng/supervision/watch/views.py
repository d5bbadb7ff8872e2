"""The watchlist page (/watchlist/): the published plans an office (or, read-only, a leader) watches —
those of its regions and below, by default of the year of the day looked at — with every project
ranked by risk (watchlist.py), filterable by region, category, lead unit, leader and colour, as of any
day. On top, the escalation ladder's proposals waiting for the office.

Cost: a fixed number of queries (the status of every plan in play is one set-wise read), however many
plans, projects and reports; plans with no project passing the filters are not even computed."""

import dataclasses
import datetime
from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch

from minsheng.core.clock import today
from minsheng.core.htmx import page_or_fragment
from minsheng.core.roles import roles_of, under
from minsheng.plans.models import PUBLIC_STATES, Project, ProjectUnit, UnitRole
from minsheng.plans.scoping import changeable_plans, plans_for
from minsheng.supervision.access import may_open_watchlist
from minsheng.supervision.models import OrderState, Problem, ProblemState, SupervisionOrder
from minsheng.supervision.orders.escalation import rule_name
from minsheng.supervision.status.queries import plans_status
from minsheng.supervision.watch import rules as watchlist
from minsheng.supervision.watch.filters import WatchlistFilters

PAGE_SIZE = 50  # rows a page: a province's 5,000 projects are ranked whole, shown 50 at a time


def _params(request):
    values, errors = WatchlistFilters.read(request.GET)
    as_of = values["as_of"] or today()
    return as_of, values["year"], WatchlistFilters.filters(values), errors


def watched_plans(user):
    """Published (or closed) plans of the user's regions and below; every plan for an administrator."""
    roles = roles_of(user)
    plans = plans_for(user).filter(state__in=PUBLIC_STATES)
    return plans if roles.is_admin else plans.filter(under(roles.read_paths, "region__path"))


def _options(projects) -> dict:
    regions, categories, units, leaders = {}, {}, {}, {}
    for p in projects:
        regions[p.plan.region_id] = p.plan.region
        if p.category_id:
            categories[p.category_id] = (p.plan.region.name, p.category.name)
        for r in p.leads:
            units[r.unit_id] = r.unit.name
        for person in p.leaders.all():
            leaders[person.pk] = person.name
    return {
        "regions": sorted(regions.values(), key=lambda r: r.path),
        "categories": sorted(categories.items(), key=lambda c: (c[1][0], c[0])),
        "units": sorted(units.items(), key=lambda u: u[1]),
        "leaders": sorted(leaders.items(), key=lambda u: u[1]),
    }


def _row(project, status, problems, orders) -> watchlist.Row:
    return watchlist.Row(
        project_id=project.pk,
        status=status,
        due=project.deadline or project.plan.ends,
        order=(project.plan.region.path, project.plan_id, project.order, project.pk),
        region_id=project.plan.region_id,
        category_id=project.category_id,
        unit_ids=frozenset(r.unit_id for r in project.leads),
        leader_ids=frozenset(p.pk for p in project.leaders.all()),
        open_problems=problems[project.pk],
        open_orders=orders[project.pk, "open"],
        proposals=orders[project.pk, "proposed"],
        item=project,
    )


def _counts(plans) -> tuple[Counter, Counter]:
    problems = Counter(
        dict(
            Problem.objects.filter(project__plan__in=plans)
            .exclude(state=ProblemState.VERIFIED)
            .values_list("project")
            .annotate(n=Count("pk"))
        )
    )
    orders = Counter()
    for project_id, state, n in (
        SupervisionOrder.objects.filter(
            project__plan__in=plans,
            state__in=[OrderState.PROPOSED, OrderState.ISSUED, OrderState.ANSWERED],
        )
        .values_list("project", "state")
        .annotate(n=Count("pk"))
    ):
        orders[project_id, "proposed" if state == OrderState.PROPOSED else "open"] += n
    return problems, orders


@login_required
def watchlist_page(request):
    if not may_open_watchlist(request.user):
        raise PermissionDenied("重点关注清单仅对督查室和分管领导开放。")
    as_of, year, filters, errors = _params(request)
    scope = watched_plans(request.user)
    years = sorted(set(scope.values_list("year", flat=True)), reverse=True)
    if year is None:
        year = as_of.year if as_of.year in years or not years else years[0]
    context = {
        "as_of": as_of,
        "year": year,
        "years": years,
        "filters": filters,
        "errors": errors,
        "colour_choices": watchlist.COLOUR_CHOICES,
    }
    if not errors:
        context |= _results(request.user, scope, year, as_of, filters)
        context["page"] = Paginator(context["rows"], PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
    return page_or_fragment(
        request,
        "supervision/watch/list.html",
        "supervision/watch/results.html",
        context,
        status=400 if errors else 200,
    )


def _results(user, scope, year: int, as_of: datetime.date, filters: watchlist.Filters) -> dict:
    plans = list(scope.filter(year=year).select_related("region", "calendar").order_by("region__path", "pk"))
    projects = list(
        Project.objects.filter(plan__in=plans)
        .select_related("plan__region", "category")
        .prefetch_related(
            Prefetch(
                "unit_roles",
                queryset=ProjectUnit.objects.filter(role=UnitRole.LEAD).select_related("unit"),
                to_attr="leads",
            ),
            "leaders",
        )
        .order_by("plan__region__path", "plan", "order", "pk")
    )
    # Everything but the colour is known before the status: compute only the plans still in play.
    blank = dataclasses.replace(filters, colour="")
    candidates = [p for p in projects if watchlist.matches(_row(p, None, Counter(), Counter()), blank)]
    in_play = [plan for plan in plans if plan.pk in {p.plan_id for p in candidates}]
    statuses = plans_status(in_play, as_of)
    problems, orders = _counts(in_play)
    rows = [_row(p, statuses[p.pk], problems, orders) for p in candidates if p.pk in statuses]
    shown = watchlist.select(rows, filters)
    may_change = set(changeable_plans(user).filter(pk__in=[p.pk for p in plans]).values_list("pk", flat=True))
    roles = roles_of(user)
    leader_of = {p.pk for p in plans if any(p.region.path.startswith(x) for x in roles.leader_paths)}
    shown_ids = [r.project_id for r in shown]
    proposals = list(
        SupervisionOrder.objects.filter(state=OrderState.PROPOSED, project__in=shown_ids)
        .select_related("project__plan__region", "unit")
        .order_by("project__plan__region__path", "project__order", "pk")
    )
    for order in proposals:
        order.rule = rule_name(order.trigger)
        order.may_decide = order.project.plan_id in may_change
    return {
        "rows": shown,
        "total": len(rows),
        "colour_counts": watchlist.colour_counts(rows),
        "options": _options(projects),
        "plans": plans,
        "may_change": may_change,
        "leader_of": leader_of,
        "proposals": proposals,
    }
