"""What the public board reads from the database, in a fixed number of queries whatever the number of
projects, reports or photos. Only published and closed plans, only approved reports, only photos the
office marked public; nothing here reads problems, comments, narratives or the reasons of a colour."""

import datetime
from dataclasses import dataclass, fields

from django.db.models import Count, Max, Prefetch, Q, Sum

from minsheng.dashboard.public.rules import PublicRow, Target, make_row
from minsheng.participation.evaluations.queries import ProjectSatisfaction, plan_satisfaction
from minsheng.plans.models import PUBLIC_STATES, Indicator, Plan, Project, ProjectUnit, UnitRole
from minsheng.plans.scoping import public_projects
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.reporting.models import Attachment, AttachmentKind, Report, ReportState, ReportValue
from minsheng.supervision.status.queries import end_of, plan_status

SEARCH_LIMIT = 50


def public_plans():
    return Plan.objects.filter(state__in=PUBLIC_STATES).select_related("region")


def public_photos():
    """Photos the office marked public, of approved reports of public plans, with a thumbnail."""
    return Attachment.objects.filter(
        is_public=True,
        kind=AttachmentKind.PHOTO,
        report__state=ReportState.APPROVED,
        report__project__plan__state__in=PUBLIC_STATES,
    ).exclude(thumbnail="")


def home_stamp() -> tuple:
    """One query: what changes when any public plan's board changes, a plan is published or removed."""
    found = Plan.objects.filter(state__in=PUBLIC_STATES).aggregate(
        changed=Max("board_changed_at"), count=Count("pk"), ids=Sum("pk")
    )
    return (found["changed"], found["count"], found["ids"])


def local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return moment.astimezone(SHANGHAI).date() if moment else None


def plan_info(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "title": plan.title,
        "region": plan.region.name,
        "year": plan.year,
        "issuer": plan.issuer,
        "doc_number": plan.doc_number,
        "issued_date": plan.issued_date.isoformat() if plan.issued_date else None,
        "approved_by": plan.approved_by,
        "state": plan.get_state_display(),
    }


def home_plans() -> list[dict]:
    plans = public_plans().annotate(project_count=Count("projects")).order_by("-year", "region__path", "pk")
    return [
        {**plan_info(p), "region_id": p.region_id, "project_count": p.project_count, "is_demo": p.is_demo}
        for p in plans
    ]


def _lead_roles():
    return Prefetch(
        "unit_roles",
        queryset=ProjectUnit.objects.select_related("unit").order_by("order", "pk"),
    )


def search_projects(q: str) -> list[dict]:
    """Projects of public plans whose name, content or unit matches, at most SEARCH_LIMIT."""
    found = (
        public_projects()
        .filter(
            Q(name__icontains=q)
            | Q(content__icontains=q)
            | Q(summary__icontains=q)
            | Q(unit_roles__unit__name__icontains=q)
        )
        .distinct()
        .select_related("plan__region")
        .prefetch_related(_lead_roles())
        .order_by("-plan__year", "plan__region__path", "order", "pk")[:SEARCH_LIMIT]
    )
    return [
        {
            "pk": p.pk,
            "seq": p.seq,
            "name": p.name,
            "plan": f"{p.plan.region.name} {p.plan.year}年",
            "lead_units": [r.unit.name for r in p.unit_roles.all() if r.role == UnitRole.LEAD],
        }
        for p in found
    ]


@dataclass(frozen=True)
class BoardRow(PublicRow):
    """A public row with the project's published satisfaction results (deputies' verdict, survey)."""

    satisfaction: ProjectSatisfaction | None = None


def with_satisfaction(row: PublicRow, satisfaction: ProjectSatisfaction) -> BoardRow:
    return BoardRow(**{f.name: getattr(row, f.name) for f in fields(row)}, satisfaction=satisfaction)


@dataclass(frozen=True)
class PlanBoard:
    plan: dict
    as_of: datetime.date
    rows: tuple[PublicRow, ...]
    year_over: bool = False  # `as_of` is the plan's last day or after it: its cards say what became of it

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(r.category for r in self.rows if r.category))


def plan_board(plan: Plan, as_of: datetime.date) -> PlanBoard:
    """Every project of the plan as the public sees it on `as_of` (about 15 queries), with the
    published satisfaction results."""
    projects = (
        plan.projects.select_related("category")
        .prefetch_related(
            _lead_roles(), Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))
        )
        .order_by("order", "pk")
    )
    statuses = plan_status(plan, as_of)
    approved = Report.objects.filter(
        project__plan=plan, state=ReportState.APPROVED, approved_at__lte=end_of(as_of)
    )
    last = dict(approved.values("project").annotate(last=Max("approved_at")).values_list("project", "last"))
    actuals = {}
    for indicator_id, value in (
        ReportValue.objects.filter(report__in=approved, value__isnull=False)
        .order_by("report__period_end", "report__approved_at", "pk")
        .values_list("indicator_id", "value")
    ):
        actuals[indicator_id] = value  # the latest period (and approval) wins
    year_over = as_of >= plan.ends
    rows = []
    for p in projects:
        roles = list(p.unit_roles.all())
        facts = {
            "pk": p.pk,
            "seq": p.seq,
            "category": p.category.name if p.category else "",
            "name": p.name,
            "content": p.content,
            "lead_units": [r.unit.name for r in roles if r.role == UnitRole.LEAD],
            "co_units": [r.unit.name for r in roles if r.role == UnitRole.CO],
            "deadline": p.deadline,
        }
        targets = [
            Target(i.text, i.target_value, i.unit, i.comparator, actuals.get(i.pk))
            for i in p.indicators.all()
        ]
        rows.append(make_row(facts, statuses.get(p.pk), targets, local_day(last.get(p.pk)), year_over))
    found = plan_satisfaction(plan.pk, [r.pk for r in rows])  # published results only, two queries
    rows = [with_satisfaction(r, found.of(r.pk)) for r in rows]
    info = {**plan_info(plan), "satisfaction": found.public_summary()}
    return PlanBoard(info, as_of, tuple(rows), year_over)


def project_extras(project: Project) -> dict:
    """What the project page adds to the project's row: milestones, public photos, and whether the
    commitment page has something to show (a parent, children or other years in public plans)."""
    milestones = [
        {"title": m.title, "due": m.due_date, "done": m.done_date}
        for m in project.milestones.order_by("due_date")
    ]
    photos = [
        {"pk": a.pk, "caption": a.caption, "taken": local_day(a.taken_at)}
        for a in public_photos().filter(report__project=project).order_by("-taken_at", "-pk")
    ]
    relatives = public_projects().filter(
        Q(parent=project) | Q(lineage=project) | Q(pk=project.parent_id or 0)
    )
    return {"milestones": milestones, "photos": photos, "has_commitment": relatives.exists()}
