"""Who sees which reports (DESIGN.md, "Security"): a report's narrative, problems and funds are the
working papers of the units that write them and of those who supervise them, never everyone's.

- the administrator sees every report;
- a supervision office and a leader of a region see every report of that region's plans and below,
  in every state;
- a leader also sees the reports of the projects they are in charge of, wherever they are;
- a unit (reporter or approver) sees the reports of the projects it leads or co-works on, in every
  state — and nothing of another unit's projects, approved or not;
- a deputy follows the plans their people's congress voted: approved reports of their region's plans;
- the public and signed-in users with no role see no report at all: what the public may know of
  progress is on the public board.
"""

from django.db.models import Q, QuerySet

from minsheng.core.roles import roles_of, under
from minsheng.plans.scoping import projects_for

from .models import Report, ReportState


def reports_for(user) -> QuerySet[Report]:
    roles = roles_of(user)
    reports = Report.objects.filter(project__in=projects_for(user))
    if roles.is_admin:
        return reports
    clauses = []
    if roles.read_paths:
        clauses.append(under(roles.read_paths, "project__plan__region__path"))
    if roles.unit_ids:
        clauses.append(Q(project__unit_roles__unit__in=roles.unit_ids))
    if roles.person_id:
        clauses.append(Q(project__leaders=roles.person_id))
    if roles.deputy_paths:
        clauses.append(Q(state=ReportState.APPROVED, project__plan__region__path__in=roles.deputy_paths))
    if not clauses:
        return Report.objects.none()
    q = clauses[0]
    for clause in clauses[1:]:
        q |= clause
    return reports.filter(q).distinct()
