"""What a leader's quarterly topic-meeting pack (季度专题会议材料) gathers, for the leader's projects of
the quarter's year: each project's status on the day (the quarter's last day, or today while it runs)
and its colours at the quarter's month ends, the units' own explanations, the problems still open, the
督办单 and 批示 of the quarter, the extensions asked, and the decisions of earlier meetings. A fixed
number of queries whatever the number of projects."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from minsheng.core.clock import today
from minsheng.core.models import Person
from minsheng.core.roles import roles_of
from minsheng.plans.models import PUBLIC_STATES, Project, ProjectUnit, UnitRole
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.models import Report, ReportState
from minsheng.supervision.extensions.models import Extension
from minsheng.supervision.meetings import rules
from minsheng.supervision.meetings.models import DecisionState, MeetingDecision
from minsheng.supervision.models import Instruction, Problem, ProblemState, SupervisionOrder
from minsheng.supervision.status import month_ends
from minsheng.supervision.status.colour_history import MonthColour, colour_history
from minsheng.supervision.status.queries import end_of, plans_status_by_plan


@dataclass
class PackProject:
    project: Project
    lead: str
    status: object  # ProjectStatus on the pack's day
    colours: list[MonthColour]
    explanation: str = ""
    problems: list = field(default_factory=list)
    orders: list = field(default_factory=list)
    instructions: list = field(default_factory=list)
    extensions: list = field(default_factory=list)


@dataclass
class Pack:
    leader: Person
    year: int
    quarter: int
    as_of: datetime.date
    projects: list[PackProject]
    earlier: list[MeetingDecision]  # decisions of earlier meetings, open or done since

    @property
    def label(self) -> str:
        return rules.label(self.year, self.quarter)


def leaders_for(user):
    """The leaders whose packs the user may make: an office's (and an administrator's) leaders of its
    regions and below who lead projects; a leader, themself."""
    roles = roles_of(user)
    people = Person.objects.filter(projects__isnull=False).distinct().select_related("region")
    if roles.is_admin:
        return people
    if roles.office_paths:
        q = Q()
        for path in roles.office_paths:
            q |= Q(region__path__startswith=path)
        return people.filter(q | Q(pk=roles.person_id) if roles.person_id else q)
    return people.filter(pk=roles.person_id) if roles.person_id else people.none()


def gather(leader: Person, year: int, quarter: int) -> Pack:
    first, last = rules.bounds(year, quarter)
    as_of = min(last, today())
    since, until = end_of(first - datetime.timedelta(days=1)), end_of(as_of)
    projects = list(
        Project.objects.filter(leaders=leader, plan__year=year, plan__state__in=PUBLIC_STATES)
        .select_related("plan__region", "plan__calendar")
        .order_by("plan__region__path", "plan_id", "order", "pk")
    )
    plans = list({p.plan_id: p.plan for p in projects}.values())
    ids = [p.pk for p in projects]
    statuses: dict = {}
    for of_plan in plans_status_by_plan(plans, as_of).values():
        statuses |= of_plan
    past = [d for d in rules.month_ends(year, quarter) if d < as_of]
    history: dict = defaultdict(dict)
    for by_day in month_ends.plans_history(plans, past).values():
        for day, of_day in by_day.items():
            for pk, status in of_day.items():
                history[pk][day] = status
    leads: dict = defaultdict(list)
    for project_id, name in (
        ProjectUnit.objects.filter(project__in=ids, role=UnitRole.LEAD)
        .order_by("project", "order", "pk")
        .values_list("project_id", "unit__name")
    ):
        leads[project_id].append(name)
    explanations = dict(
        Report.objects.filter(
            project__in=ids, kind=calendar.MONTH, state=ReportState.APPROVED, approved_at__lte=until
        )
        .exclude(lag_reason="")
        .order_by("project_id", "period_end", "approved_at")
        .values_list("project_id", "lag_reason")
    )  # the latest of each project wins
    found = {}
    for p in projects:
        status = statuses.get(p.pk)
        found[p.pk] = PackProject(
            project=p,
            lead="、".join(leads[p.pk]),
            status=status,
            colours=colour_history([*history[p.pk].items(), (as_of, status)]) if status else [],
            explanation=explanations.get(p.pk, ""),
        )
    for problem in (
        Problem.objects.filter(project__in=ids).exclude(state=ProblemState.VERIFIED).order_by("pk")
    ):
        found[problem.project_id].problems.append(problem)
    orders = SupervisionOrder.objects.filter(project__in=ids, issued_at__gt=since, issued_at__lte=until)
    for order in orders.select_related("unit").order_by("issued_at", "pk"):
        found[order.project_id].orders.append(order)
    instructions = Instruction.objects.filter(project__in=ids, created_at__gt=since, created_at__lte=until)
    for item in instructions.select_related("leader").order_by("created_at", "pk"):
        found[item.project_id].instructions.append(item)
    extensions = Extension.objects.filter(project__in=ids, requested_at__gt=since, requested_at__lte=until)
    for extension in extensions.order_by("requested_at", "pk"):
        found[extension.project_id].extensions.append(extension)
    earlier = list(
        MeetingDecision.objects.filter(leader=leader)
        .filter(Q(year__lt=year) | Q(year=year, quarter__lt=quarter))
        .filter(Q(state=DecisionState.OPEN) | Q(done_at__gt=since))
        .select_related("project", "unit")
    )
    return Pack(leader, year, quarter, as_of, list(found.values()), earlier)
