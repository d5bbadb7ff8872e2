"""Fetching the ten-day dispatch from the database: what changed in a window of days for the plans of a
dashboard scope (dispatch.py holds the rules).

Cost: the status engine twice per plan (the day before the window and its last day) plus seven
queries, however many reports, problems, notices and projects there are.

The problems and 督办单 counted overdue are read in their present state: a problem rectified since
the day looked at is no longer listed for that day."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from minsheng.dashboard.dispatch import rules as dispatch
from minsheng.plans.models import Project, ProjectUnit, UnitRole
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.models import Report, ReportKind
from minsheng.supervision.models import OrderKind, OrderState, Problem, SupervisionOrder
from minsheng.supervision.problems.rules import CLOSED
from minsheng.supervision.status.queries import plan_status


@dataclass
class Dispatch:
    window: dispatch.Window
    counts: dict = field(default_factory=dict)  # {(kind, "submitted"|"approved"): n}
    submitted: list = field(default_factory=list)  # monthly reports first submitted in the window
    approved: list = field(default_factory=list)  # monthly reports approved in the window
    changes: list = field(default_factory=list)  # (dispatch.Change, project)
    problems: list = field(default_factory=list)  # Problem created in the window
    late_projects: list = field(default_factory=list)  # (project, overdue monthly reports)
    late_problems: list = field(default_factory=list)
    late_orders: list = field(default_factory=list)

    @property
    def worsened(self) -> list:
        return [(c, p) for c, p in self.changes if c.worsened]

    @property
    def improved(self) -> list:
        return [(c, p) for c, p in self.changes if not c.worsened]

    @property
    def overdue_count(self) -> int:
        return len(self.late_projects) + len(self.late_problems) + len(self.late_orders)

    @property
    def count_rows(self) -> list[tuple[str, int, int]]:
        """(kind label, first submitted, approved) per kind, monthly first."""
        return [
            (
                str(kind.label),
                self.counts.get((kind.value, "submitted"), 0),
                self.counts.get((kind.value, "approved"), 0),
            )
            for kind in (ReportKind.MONTH, ReportKind.WEEK)
        ]

    @property
    def summary(self) -> str:
        return dispatch.summary(
            self.counts.get((ReportKind.MONTH.value, "submitted"), 0),
            len(self.worsened),
            len(self.problems),
            self.overdue_count,
        )


def moments(window: dispatch.Window) -> tuple[datetime.datetime, datetime.datetime]:
    """The window as [start, end) in Asia/Shanghai."""
    start = datetime.datetime.combine(window.start, datetime.time.min, calendar.SHANGHAI)
    end = datetime.datetime.combine(
        window.end + datetime.timedelta(days=1), datetime.time.min, calendar.SHANGHAI
    )
    return start, end


def _projects(ids) -> dict[int, Project]:
    leads = ProjectUnit.objects.filter(role=UnitRole.LEAD).select_related("unit").order_by("order", "pk")
    projects = (
        Project.objects.filter(pk__in=set(ids))
        .select_related("plan__region")
        .prefetch_related(Prefetch("unit_roles", queryset=leads, to_attr="leads"))
    )
    found: dict[int, Project] = {}
    for p in projects:
        p.lead_names = "、".join(r.unit.name for r in p.leads)  # type: ignore[attr-defined]  # for the page
        found[p.pk] = p
    return found


def _order(project: Project) -> tuple:
    return (project.plan.region.path, project.plan_id, project.order, project.pk)


def _colours(plans, window: dispatch.Window, only) -> tuple[dict, dict, list]:
    """The colours the day before the window and on its last day, and the projects with overdue
    monthly reports on that day: the status engine twice per plan."""
    before: dict[int, str] = {}
    after: dict[int, str] = {}
    late: list[tuple[int, int]] = []
    for plan in plans:
        before |= {k: s.colour for k, s in plan_status(plan, window.before).items()}
        statuses = plan_status(plan, window.end)
        after |= {k: s.colour for k, s in statuses.items()}
        late += [(k, s.overdue_reports) for k, s in statuses.items() if s.overdue_reports]
    if only is not None:
        after = {k: v for k, v in after.items() if k in only}
        late = [(k, n) for k, n in late if k in only]
    return before, after, late


def _counts(scope: Q, in_window: dict) -> dict:
    aggregates = {
        f"{kind}_{what}": Count("pk", filter=Q(kind=kind) & q)
        for kind in ReportKind.values
        for what, q in in_window.items()
    }
    totals = Report.objects.filter(scope, in_window["submitted"] | in_window["approved"]).aggregate(
        **aggregates
    )
    return {tuple(key.split("_")): n for key, n in totals.items()}


def fetch_dispatch(plans, window: dispatch.Window, only: set[int] | None = None) -> Dispatch:
    """The dispatch of `plans` (Plan objects) over `window`; `only`: restrict to these project ids."""
    result = Dispatch(window)
    if not plans:
        return result
    start, end = moments(window)
    scope = Q(project__plan__in=[p.pk for p in plans])
    if only is not None:
        scope &= Q(project__in=only)
    in_window = {
        "submitted": Q(submitted_at__gte=start, submitted_at__lt=end),
        "approved": Q(approved_at__gte=start, approved_at__lt=end),
    }
    result.counts = _counts(scope, in_window)
    reports = list(
        Report.objects.filter(scope, in_window["submitted"] | in_window["approved"], kind=ReportKind.MONTH)
        .only("pk", "project_id", "kind", "period", "state", "submitted_at", "approved_at")
        .order_by("submitted_at", "pk")
    )
    result.problems = list(
        Problem.objects.filter(scope, created_at__gte=start, created_at__lt=end)
        .select_related("responsible_unit")
        .order_by("created_at", "pk")
    )
    result.late_problems = list(
        Problem.objects.filter(scope, deadline__lt=window.end, created_at__lt=end)
        .exclude(state__in=CLOSED)
        .select_related("responsible_unit")
        .order_by("deadline", "pk")
    )
    result.late_orders = list(
        SupervisionOrder.objects.filter(
            scope, kind=OrderKind.ORDER, state=OrderState.ISSUED, respond_by__lt=window.end, issued_at__lt=end
        )
        .select_related("unit")
        .order_by("respond_by", "pk")
    )
    before, after, late = _colours(plans, window, only)
    changed = [c.project_id for c in dispatch.colour_changes(before, after)]

    items = [*reports, *result.problems, *result.late_problems, *result.late_orders]
    projects = _projects({x.project_id for x in items} | set(changed) | {k for k, _ in late})
    for item in items:
        item.item = projects[item.project_id]
    for problem in result.late_problems:
        problem.late_days = (window.end - problem.deadline).days
    for order in result.late_orders:
        order.late_days = (window.end - order.respond_by).days
    result.submitted = [r for r in reports if r.submitted_at and start <= r.submitted_at < end]
    approved = [r for r in reports if r.approved_at and start <= r.approved_at < end]
    result.approved = sorted(approved, key=lambda r: (r.approved_at, r.pk))
    # The same colour jump keeps the plans' order (region, plan, the project's place in the list).
    changed.sort(key=lambda pk: _order(projects[pk]))
    ordered = dispatch.colour_changes(before, {pk: after[pk] for pk in changed})
    result.changes = [(c, projects[c.project_id]) for c in ordered]
    result.late_projects = sorted(((projects[k], n) for k, n in late), key=lambda pn: (-pn[1], _order(pn[0])))
    return result
