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
from minsheng.plans.models import Project
from minsheng.plans.scoping import projects_for
from minsheng.reporting.models import Report, ReportState


def _clauses(roles, prefix: str, approved_only: Q | None) -> list[Q]:
    """Who reads what, as filters on reports (prefix "project__") or on projects (prefix "")."""
    clauses = []
    if roles.read_paths:
        clauses.append(under(roles.read_paths, f"{prefix}plan__region__path"))
    if roles.unit_ids:
        clauses.append(Q(**{f"{prefix}unit_roles__unit__in": roles.unit_ids}))
    if roles.person_id:
        clauses.append(Q(**{f"{prefix}leaders": roles.person_id}))
    if roles.deputy_paths:
        deputies = Q(**{f"{prefix}plan__region__path__in": roles.deputy_paths})
        clauses.append(deputies & approved_only if approved_only is not None else deputies)
    return clauses


def _any(clauses: list[Q]) -> Q:
    q = clauses[0]
    for clause in clauses[1:]:
        q |= clause
    return q


def reports_for(user) -> QuerySet[Report]:
    roles = roles_of(user)
    reports = Report.objects.filter(project__in=projects_for(user))
    if roles.is_admin:
        return reports
    clauses = _clauses(roles, "project__", Q(state=ReportState.APPROVED))
    return reports.filter(_any(clauses)).distinct() if clauses else Report.objects.none()


def report_projects(user) -> QuerySet[Project]:
    """The projects some of whose reports the user may read: the ledger lists only these, so that no
    one is told a project "has not reported" when it is only that they may not read its reports."""
    roles = roles_of(user)
    projects = projects_for(user)
    if roles.is_admin:
        return projects
    clauses = _clauses(roles, "", None)
    return projects.filter(_any(clauses)).distinct() if clauses else projects.none()
