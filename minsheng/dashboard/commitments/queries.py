"""The data of the commitment page: a project's lineage across years, its parent and its county parts,
each with the public facts of its result (progress, colour, standing as of its plan's default day).

Everything goes through `projects_for(user)`, so a project the user may not see is never shown. Cost:
the lineage edges among visible projects in one query, every project involved in three (projects, lead
units, indicators), then the status engine and the published satisfaction once per distinct plan
involved (7 + 2 queries a plan) — bounded by the number of plans in the chain, not by the number of
projects in them.

Only public facts leave here: never status reasons, report narratives, problems or people."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import reverse

from minsheng.dashboard import cache as board_cache
from minsheng.dashboard.commitments import rules as cross
from minsheng.dashboard.public.rules import year_over_colour
from minsheng.participation.evaluations.queries import ProjectSatisfaction, plan_satisfaction
from minsheng.plans.models import Allocation, Indicator, Plan, PlanState, Project, ProjectUnit, UnitRole
from minsheng.plans.scoping import projects_for
from minsheng.supervision.status.queries import default_as_of
from minsheng.supervision.status.rules import COLOURS


@dataclass
class Row:
    """One project as the commitment page shows it."""

    project: Project
    url: str
    commitment_url: str
    targets: list[str]
    lead_units: list[str]
    colour: str | None
    colour_label: str
    progress: str
    standing: str
    as_of: datetime.date | None
    current: bool = False
    satisfaction: ProjectSatisfaction | None = None  # published results only (a draft plan: none)

    @property
    def plan(self) -> Plan:
        return self.project.plan

    @property
    def region(self) -> str:
        return self.project.plan.region.name


@dataclass
class CommitmentPage:
    project: Project
    chain: list[Row]
    parent: Row | None
    children: list[Row]
    groups: list[tuple[str, list[Row]]] = field(default_factory=list)
    summary: str = ""
    span: cross.YearSpan | None = None
    has_allocations: bool = False


def lineage_ids(user, project: Project) -> list[int]:
    """The lineage closure of `project` among the projects `user` may see: one query for the edges."""
    visible = projects_for(user).values("pk")
    edges = Project.lineage.through.objects.filter(
        from_project__in=visible, to_project__in=visible
    ).values_list("from_project_id", "to_project_id")
    return cross.lineage_closure(project.pk, edges)


def _involved(user, project: Project, chain_ids: list[int]) -> dict[int, Project]:
    q = Q(pk__in=chain_ids) | Q(parent_id=project.pk)
    if project.parent_id:
        q |= Q(pk=project.parent_id)
    projects = (
        projects_for(user)
        .filter(q)
        .select_related("plan__region")
        .prefetch_related(
            Prefetch(
                "unit_roles",
                queryset=ProjectUnit.objects.filter(role=UnitRole.LEAD).select_related("unit"),
                to_attr="lead_roles",
            ),
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"), to_attr="targets"),
        )
    )
    return {p.pk: p for p in projects}


def _statuses(projects) -> dict[int, tuple[datetime.date, object]]:
    """Each project's status as of its plan's default day (a past year: its last day). Draft plans get
    none. The status engine runs once per distinct plan (7 queries each)."""
    plans = {p.plan_id: p.plan for p in projects if p.plan.state != PlanState.DRAFT}
    result = {}
    for plan in plans.values():
        as_of = default_as_of(plan)
        statuses = board_cache.public_status(plan, as_of)
        result.update({pk: (as_of, s) for pk, s in statuses.items()})
    return result


def _satisfaction(projects) -> dict[int, ProjectSatisfaction]:
    """The published satisfaction of each project (the deputies' verdict, the public's mean): two
    queries per distinct plan involved, like the status engine bounded by the plans of the chain."""
    by_plan: dict[int, list[int]] = {}
    for p in projects:
        if p.plan.state != PlanState.DRAFT:
            by_plan.setdefault(p.plan_id, []).append(p.pk)
    result: dict[int, ProjectSatisfaction] = {}
    for plan_id, ids in by_plan.items():
        found = plan_satisfaction(plan_id, ids)
        result.update({pk: found.of(pk) for pk in ids})
    return result


def _row(project: Project, statuses: dict, signed_in: bool, current: int, satisfaction: dict) -> Row:
    as_of, status = statuses.get(project.pk, (None, None))
    year_over = bool(as_of and as_of >= project.plan.ends)
    colour = (year_over_colour(status) if year_over else status.colour) if status else None
    return Row(
        project=project,
        url=project.get_absolute_url() if signed_in else reverse("public:project", args=[project.pk]),
        commitment_url=reverse("commitments:detail", args=[project.pk]),
        targets=[i.text for i in project.targets],  # type: ignore[attr-defined]  # Prefetch to_attr in _involved
        lead_units=[r.unit.name for r in project.lead_roles],  # type: ignore[attr-defined]  # likewise
        colour=colour,
        colour_label=COLOURS[colour].label if colour else "",
        progress=cross.percent(status.progress if status else None),
        standing=cross.standing(colour, bool(status and status.finished), year_over),
        as_of=as_of,
        current=project.pk == current,
        satisfaction=satisfaction.get(project.pk),
    )


def _order(p: Project):
    return (p.plan.year, p.plan.region.path, p.plan_id, p.order, p.pk)


def commitment_page(user, project: Project) -> CommitmentPage:
    signed_in = bool(user and user.is_authenticated)
    chain_ids = lineage_ids(user, project)
    involved = _involved(user, project, chain_ids)
    statuses = _statuses(involved.values())
    satisfaction = _satisfaction(involved.values())

    def row(p: Project) -> Row:
        return _row(p, statuses, signed_in, project.pk, satisfaction)

    chain = [row(p) for p in sorted((involved[i] for i in chain_ids if i in involved), key=_order)]
    parent = involved.get(project.parent_id) if project.parent_id else None
    children = [
        row(p) for p in sorted((p for p in involved.values() if p.parent_id == project.pk), key=_order)
    ]
    page = CommitmentPage(
        project=project,
        chain=chain,
        parent=row(parent) if parent else None,
        children=children,
        groups=cross.group_by(children, lambda r: r.region),
        summary=cross.parts_summary([(r.region, r.standing) for r in children]),
        span=cross.year_span(r.plan.year for r in chain),
    )
    if signed_in:
        page.has_allocations = Allocation.objects.filter(indicator__project=project).exists()
    return page
