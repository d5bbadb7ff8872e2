"""Which plans and regions a dashboard user sees: the drill level (a region), the year and the day.

`dashboard_scope(user, region_id, year, as_of)` (or `scope_of(user, query)`) reads the raw GET values
through a form (dashboard.filters): an unreadable year or day falls back to the default, a region that
is not an id or is outside the user's read scope is a 404, and a user who is not an office, a leader, a
deputy or an administrator gets a 403. Without a year or a day, the year is the working year chosen in
the header when there are plans of it here (the office dashboard passes it; the ten-day dispatch does
not), else the current one, or when no plan here has it, the latest year before it that has plans. At
most seven queries whatever the data."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minsheng.core.clock import today
from minsheng.core.models import Region, RegionKind
from minsheng.core.roles import roles_of
from minsheng.core.workyear import year_to_open
from minsheng.dashboard.filters import DashboardFilters
from minsheng.plans.models import PUBLIC_STATES, Plan, Project
from minsheng.plans.scoping import plans_for


@dataclass
class DashboardScope:
    region: Region
    year: int
    as_of: datetime.date
    plans: list[Plan] = field(default_factory=list)
    breadcrumbs: list[Region] = field(default_factory=list)
    my_project_ids: set[int] = field(default_factory=set)
    years: list[int] = field(default_factory=list)  # the years with published plans here, latest first

    @property
    def plan_ids(self) -> list[int]:
        return [p.pk for p in self.plans]


def scope_paths(user) -> tuple[str, ...] | None:
    """The region paths a dashboard user reads (None: everywhere); PermissionDenied for others."""
    roles = roles_of(user)
    if roles.is_admin:
        return None
    paths = roles.office_paths + roles.leader_paths + roles.deputy_paths
    if not paths:
        raise PermissionDenied("看板仅向督查室、分管领导和人大代表开放")
    return paths


def _top_regions(paths) -> list[Region]:
    if paths is None:
        roots = Region.objects.filter(parent=None)
        return sorted(roots, key=lambda r: (r.name != "济宁市", r.kind != RegionKind.CITY, r.order, r.pk))
    tops = sorted(set(paths), key=lambda p: (p.count("/"), p))
    tops = [p for p in tops if not any(p != q and p.startswith(q) for q in tops)]
    ids = [int(p.strip("/").split("/")[-1]) for p in tops]
    found = {r.pk: r for r in Region.objects.filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def dashboard_scope(user, region_id=None, year=None, as_of=None) -> DashboardScope:
    return scope_of(user, {"region": region_id, "year": year, "as_of": as_of})


def scope_of(user, query, work_year: int | None = None) -> DashboardScope:
    """The scope a query string (?region=&year=&as_of=) asks for. A day names its year; with neither,
    the working year chosen in the header (`work_year`, core.workyear) when there are plans of it here."""
    paths = scope_paths(user)
    tops = _top_regions(paths)
    if not tops:
        raise Http404("没有可查看的区划")
    form = DashboardFilters(query)
    asked = form.values()
    if "region" in form.errors:
        raise Http404(form.errors["region"][0])
    if asked["region"]:
        try:
            region = Region.objects.get(pk=asked["region"])
        except Region.DoesNotExist as exc:
            raise Http404("没有这个区划") from exc
        top = next((t for t in tops if region.path.startswith(t.path)), None)
        if top is None and paths is not None:  # an administrator's breadcrumbs start at the root
            raise Http404("没有这个区划")
    else:
        region = top = tops[0]

    visible = plans_for(user).filter(state__in=PUBLIC_STATES, region__path__startswith=region.path)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    day = asked["as_of"]
    current = today()
    fallback = current.year
    if years and fallback not in years:  # no plans this year: the latest year before it
        fallback = next((y for y in years if y < fallback), years[-1])
    year = year_to_open(asked["year"] or (day.year if day else None), work_year, years, fallback)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    day = min(max(day or current, first), last)

    ancestor_ids = [int(i) for i in region.path.strip("/").split("/")]
    lineage = {r.pk: r for r in Region.objects.filter(pk__in=ancestor_ids)}
    breadcrumbs = [
        lineage[i]
        for i in ancestor_ids
        if i in lineage and (top is None or lineage[i].path.startswith(top.path))
    ]

    plans = list(
        visible.filter(year=year).select_related("region", "calendar").order_by("region__path", "pk")
    )
    person_id = roles_of(user).person_id
    mine = set()
    if person_id and plans:
        mine = set(
            Project.objects.filter(plan__in=[p.pk for p in plans], leaders=person_id).values_list(
                "pk", flat=True
            )
        )
    return DashboardScope(region, year, day, plans, breadcrumbs, mine, years)
