"""One scoping function per model: what a user may see and what a user may change.

Every page and API endpoint fetches plans, projects and indicators through these querysets,
so an object outside the user's scope is simply not found (404), and nothing leaks.

- the public (and anyone) sees published and closed plans;
- a supervision office sees every plan of its region and below, drafts included, and may change them;
- a leader reads the plans of the region it serves, drafts included;
- a unit's reporter or approver sees published plans, and "my projects" lists its unit's projects.
"""

from django.db.models import Q, QuerySet

from minsheng.core.roles import roles_of, under
from minsheng.plans.models import PUBLIC_STATES, Indicator, Plan, Project


def _plan_filter(user, prefix: str = "") -> Q | None:
    roles = roles_of(user)
    if roles.is_admin:
        return None
    return Q(**{f"{prefix}state__in": PUBLIC_STATES}) | under(roles.read_paths, f"{prefix}region__path")


def _change_filter(user, prefix: str = "") -> Q | None:
    roles = roles_of(user)
    if roles.is_admin:
        return None
    return under(roles.office_paths, f"{prefix}region__path")


def _apply(qs: QuerySet, q: Q | None) -> QuerySet:
    return qs if q is None else qs.filter(q)


def plans_for(user) -> QuerySet[Plan]:
    return _apply(Plan.objects.all(), _plan_filter(user))


def projects_for(user) -> QuerySet[Project]:
    return _apply(Project.objects.all(), _plan_filter(user, "plan__"))


def indicators_for(user) -> QuerySet[Indicator]:
    return _apply(Indicator.objects.all(), _plan_filter(user, "project__plan__"))


def changeable_plans(user) -> QuerySet[Plan]:
    return _apply(Plan.objects.all(), _change_filter(user))


def changeable_projects(user) -> QuerySet[Project]:
    return _apply(Project.objects.all(), _change_filter(user, "plan__"))


def changeable_indicators(user) -> QuerySet[Indicator]:
    return _apply(Indicator.objects.all(), _change_filter(user, "project__plan__"))


def my_projects(user) -> QuerySet[Project]:
    """The projects a user works on: as a unit (lead or co) or as the leader in charge."""
    roles = roles_of(user)
    q = Q(pk__in=[])
    if roles.unit_ids:
        q |= Q(unit_roles__unit__in=roles.unit_ids)
    if roles.person_id:
        q |= Q(leaders=roles.person_id)
    return projects_for(user).filter(q).distinct()


def leads_project(user, project: Project) -> bool:
    """Whether the user reports for one of the project's lead units."""
    lead_units = {r.unit_id for r in project.unit_roles.all() if r.role == "lead"}
    return bool(roles_of(user).unit_ids & lead_units)


def can_change_plan(user, plan: Plan) -> bool:
    return changeable_plans(user).filter(pk=plan.pk).exists()


def public_projects() -> QuerySet[Project]:
    """Projects of published and closed plans: what the public board and the public survey may show."""
    return Project.objects.filter(plan__state__in=PUBLIC_STATES)
