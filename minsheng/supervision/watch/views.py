"""The watchlist page (/watchlist/): the published plans an office (or, read-only, a leader) watches —
those of its regions and below, by default of the year of the day looked at — with every project
ranked by risk (watchlist.py), filterable by region, category, lead unit, leader and colour, as of any
day. On top, the escalation ladder's proposals waiting for the office.

Cost: a fixed number of queries (the status of every plan in play is one set-wise read), however many
plans, projects and reports; plans with no project passing the filters are not even computed."""

import dataclasses
import datetime
from collections import Counter, defaultdict
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponse

from minsheng.core.clock import today
from minsheng.core.htmx import page_or_fragment
from minsheng.core.roles import roles_of, under
from minsheng.core.workyear import chosen_year
from minsheng.plans.models import PUBLIC_STATES, Category, Project, ProjectUnit, UnitRole
from minsheng.plans.scoping import changeable_plans, plans_for
from minsheng.supervision.access import may_open_watchlist
from minsheng.supervision.models import OrderState, Problem, ProblemState, SupervisionOrder
from minsheng.supervision.orders.escalation import rule_name
from minsheng.supervision.status.cached import cached, day_statuses
from minsheng.supervision.status.queries import dues_at
from minsheng.supervision.watch import rules as watchlist
from minsheng.supervision.watch.document import watchlist_docx
from minsheng.supervision.watch.filters import WatchlistFilters, year_shown

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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


@dataclasses.dataclass
class _Facts:
    """What the list filters and ranks on, read as plain rows for every project in scope."""

    projects: list[tuple]  # (pk, plan id, category id, order, due)
    leads: dict[int, set[int]]
    leaders: dict[int, set[int]]
    names: dict[str, dict[int, str]]  # units, leaders, categories by id


def _facts(plans, as_of: datetime.date) -> _Facts:
    """Five queries, whatever the number of plans and projects: no model instances. A project's due date
    is the one in force on the day (an extension granted by then moves it)."""
    rows = list(Project.objects.filter(plan__in=plans).values_list("pk", "plan_id", "category_id", "order"))
    dues = dues_at(plans, as_of)
    projects = [
        (pk, plan_id, category_id, order, dues[pk]) for pk, plan_id, category_id, order in rows if pk in dues
    ]
    facts = _Facts(
        projects, defaultdict(set), defaultdict(set), {"units": {}, "leaders": {}, "categories": {}}
    )
    for project_id, unit_id, name in ProjectUnit.objects.filter(
        project__plan__in=plans, role=UnitRole.LEAD
    ).values_list("project_id", "unit_id", "unit__name"):
        facts.leads[project_id].add(unit_id)
        facts.names["units"][unit_id] = name
    for project_id, person_id, name in Project.leaders.through.objects.filter(
        project__plan__in=plans
    ).values_list("project_id", "person_id", "person__name"):
        facts.leaders[project_id].add(person_id)
        facts.names["leaders"][person_id] = name
    facts.names["categories"] = dict(
        Category.objects.filter(plan__in=plans).values_list("pk", "name").order_by("plan", "order", "pk")
    )
    return facts


def _options(plans, facts: _Facts) -> dict:
    region_of = {p.pk: p.region for p in plans}
    category_plan = {c: plan_id for _, plan_id, c, _, _ in facts.projects if c}
    return {
        "regions": sorted({p.region_id: p.region for p in plans}.values(), key=lambda r: r.path),
        "categories": sorted(
            (
                (pk, (region_of[category_plan[pk]].name, name))
                for pk, name in facts.names["categories"].items()
                if pk in category_plan
            ),
            key=lambda c: (c[1][0], c[0]),
        ),
        "units": sorted(facts.names["units"].items(), key=lambda u: u[1]),
        "leaders": sorted(facts.names["leaders"].items(), key=lambda u: u[1]),
    }


def _row(project: tuple, plans: dict, facts: _Facts, status, problems, orders) -> watchlist.Row:
    pk, plan_id, category_id, order, due = project
    plan = plans[plan_id]
    return watchlist.Row(
        project_id=pk,
        status=status,
        due=due,
        order=(plan.region.path, plan_id, order, pk),
        region_id=plan.region_id,
        category_id=category_id,
        unit_ids=frozenset(facts.leads[pk]),
        leader_ids=frozenset(facts.leaders[pk]),
        open_problems=problems[pk],
        open_orders=orders[pk, "open"],
        proposals=orders[pk, "proposed"],
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
    year = year_shown(year, chosen_year(request), years, as_of)
    context = {
        "as_of": as_of,
        "year": year,
        "years": years,
        "filters": filters,
        "errors": errors,
        "colour_choices": watchlist.COLOUR_CHOICES,
    }
    if not errors and request.GET.get("format") == "docx":
        return _docx(request, scope, year, as_of, filters)
    if not errors:
        context |= _results(request.user, scope, year, as_of, filters)
        page = Paginator(context["ranked"], PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = _page_rows(list(page.object_list), context)
        context["page"] = page
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


def _ranking(plans, as_of: datetime.date, filters: watchlist.Filters, problems, orders) -> dict:
    """The projects passing the filters, most at risk first (their ids), the colour counts and the
    filters' options: the costly part of the page, cached under the plans' stamps (`_results`)."""
    by_pk = {p.pk: p for p in plans}
    facts = _facts(plans, as_of)
    # Everything but the colour is known before the status: compute only the plans still in play.
    blank = dataclasses.replace(filters, colour="")
    none: Counter = Counter()
    candidates = [
        p for p in facts.projects if watchlist.matches(_row(p, by_pk, facts, None, none, none), blank)
    ]
    in_play = [plan for plan in plans if plan.pk in {p[1] for p in candidates}]
    statuses = {}  # each plan's entry shared with the board and the dashboards, warmed after changes
    for of_plan in day_statuses(in_play, as_of).values():
        statuses |= of_plan
    rows = [_row(p, by_pk, facts, statuses[p[0]], problems, orders) for p in candidates if p[0] in statuses]
    options = _options(plans, facts)
    options["regions"] = [{"pk": r.pk, "name": r.name} for r in options["regions"]]
    ranked = watchlist.select(rows, filters)
    return {
        "ranked": [r.project_id for r in ranked],
        "dues": {r.project_id: r.due for r in ranked},
        "total": len(rows),
        "colour_counts": watchlist.colour_counts(rows),
        "options": options,
    }


def _page_rows(ids: list[int], context: dict) -> list[watchlist.Row]:
    """The rows of one page with their projects and statuses, as the page shows them (a few queries)."""
    items = Project.objects.filter(pk__in=ids).select_related("plan__region")
    items = items.prefetch_related(
        Prefetch(
            "unit_roles",
            queryset=ProjectUnit.objects.filter(role=UnitRole.LEAD).select_related("unit"),
            to_attr="leads",
        ),
        "leaders",
    )
    by_pk = {p.pk: p for p in items}
    plans = {p.plan_id: p.plan for p in by_pk.values()}
    dues = context["dues"]  # in force on the day, read with the ranking
    statuses: dict = {}
    for of_plan in day_statuses(list(plans.values()), context["as_of"]).values():
        statuses |= of_plan
    problems, orders = context["counts"]
    return [
        watchlist.Row(
            project_id=pk,
            status=statuses[pk],
            due=dues[pk],
            order=(item.plan.region.path, item.plan_id, item.order, pk),
            region_id=item.plan.region_id,
            category_id=item.category_id,
            unit_ids=frozenset(u.unit_id for u in item.leads),
            leader_ids=frozenset(person.pk for person in item.leaders.all()),
            open_problems=problems[pk],
            open_orders=orders[pk, "open"],
            proposals=orders[pk, "proposed"],
            item=item,
        )
        for pk, item in ((pk, by_pk.get(pk)) for pk in ids)
        if item is not None and pk in statuses
    ]


def _results(user, scope, year: int, as_of: datetime.date, filters: watchlist.Filters) -> dict:
    plans = list(scope.filter(year=year).select_related("region", "calendar").order_by("region__path", "pk"))
    problems, orders = _counts(plans)
    stamps = tuple((p.pk, p.board_changed_at) for p in plans)
    counted = tuple(sorted(problems.items())), tuple(sorted(orders.items()))
    ranking = cached(
        ("watchlist", 2, stamps, as_of, dataclasses.astuple(filters), counted),  # 2: with "dues"
        lambda: _ranking(plans, as_of, filters, problems, orders),
    )
    may_change = set(changeable_plans(user).filter(pk__in=[p.pk for p in plans]).values_list("pk", flat=True))
    roles = roles_of(user)
    leader_of = {p.pk for p in plans if any(p.region.path.startswith(x) for x in roles.leader_paths)}
    shown = set(ranking["ranked"])
    proposals = [
        order
        for order in SupervisionOrder.objects.filter(state=OrderState.PROPOSED, project__plan__in=plans)
        .select_related("project__plan__region", "unit")
        .order_by("project__plan__region__path", "project__order", "pk")
        if order.project_id in shown
    ]
    for order in proposals:
        order.rule = rule_name(order.trigger)
        order.may_decide = order.project.plan_id in may_change
    return ranking | {
        "rows": ranking["ranked"],
        "counts": (problems, orders),
        "plans": plans,
        "may_change": may_change,
        "leader_of": leader_of,
        "proposals": proposals,
    }


def _docx(request, scope, year: int, as_of: datetime.date, filters: watchlist.Filters) -> HttpResponse:
    """The whole filtered list (up to 1,000 projects) as Word."""
    context = _results(request.user, scope, year, as_of, filters) | {"as_of": as_of}
    items = _page_rows(context["ranked"][:1000], context)
    title = f"{year}年重点民生实事重点关注项目清单"
    response = HttpResponse(
        watchlist_docx(items, as_of, title, _filters_text(filters, context)), content_type=DOCX
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title)}.docx"
    return response


def _filters_text(filters: watchlist.Filters, context: dict) -> str:
    """The filters applied, in words (地区 微山县、颜色 红), for the exported document's subtitle."""
    options = context["options"]
    named = [
        ("地区", filters.region_id, {r["pk"]: r["name"] for r in options["regions"]}),
        ("类别", filters.category_id, {pk: names[1] for pk, names in options["categories"]}),
        ("牵头单位", filters.unit_id, dict(options["units"])),
        ("分管领导", filters.leader_id, dict(options["leaders"])),
        ("颜色", filters.colour or None, dict(watchlist.COLOUR_CHOICES)),
    ]
    return "、".join(
        f"{label} {names.get(value, value)}" for label, value, names in named if value is not None
    )
