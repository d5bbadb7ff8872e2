"""Who sees which reports: the units of the project (lead or co) and the offices and leaders of its
region see every state; other users with a role (another unit, a deputy) see only approved reports of
projects they can see. The public and signed-in users with no role see no report at all: what the
public may know of progress is on the public board, never a report's narrative, problems or comments."""

from django.db.models import Q, QuerySet

from minsheng.core.roles import roles_of, under
from minsheng.plans.scoping import projects_for

from .models import Report, ReportState


def reports_for(user) -> QuerySet[Report]:
    roles = roles_of(user)
    reports = Report.objects.filter(project__in=projects_for(user))
    if roles.is_admin:
        return reports
    if not (roles.read_paths or roles.deputy_paths or roles.unit_ids):
        return Report.objects.none()
    q = Q(state=ReportState.APPROVED) | under(roles.read_paths, "project__plan__region__path")
    if roles.unit_ids:
        q |= Q(project__unit_roles__unit__in=roles.unit_ids)
    return reports.filter(q).distinct()
