"""Who sees which reports: the units of the project (lead or co) and the offices and leaders of its
region see every state; anyone else who can see the project sees only approved reports."""

from django.db.models import Q, QuerySet

from minsheng.core.roles import roles_of, under
from minsheng.plans.scoping import projects_for

from .models import Report, ReportState


def reports_for(user) -> QuerySet[Report]:
    roles = roles_of(user)
    reports = Report.objects.filter(project__in=projects_for(user))
    if roles.is_admin:
        return reports
    q = Q(state=ReportState.APPROVED) | under(roles.read_paths, "project__plan__region__path")
    if roles.unit_ids:
        q |= Q(project__unit_roles__unit__in=roles.unit_ids)
    return reports.filter(q).distinct()
