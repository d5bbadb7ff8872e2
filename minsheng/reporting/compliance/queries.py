"""Compliance from the database: who may look at a plan's figures, and the facts the tally needs (the
lead units and the received reports) for many plans in two queries."""

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minsheng.core.roles import roles_of
from minsheng.plans.models import Plan, ProjectUnit, UnitRole
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.compliance.rules import Tally, tally
from minsheng.reporting.models import Report
from minsheng.reporting.reports.workflow import rules_for


def end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), calendar.SHANGHAI)


def facts(plans: list[Plan], kind: str, moment: datetime.datetime, unit_ids=None):
    """Per plan id: its lead (unit id, unit name, project id) rows and the received reports, in two
    queries for all the plans together (the plans come with their calendar)."""
    leads: defaultdict[int, list[tuple[int, str, int]]] = defaultdict(list)
    rows = ProjectUnit.objects.filter(project__plan__in=plans, role=UnitRole.LEAD)
    if unit_ids is not None:
        rows = rows.filter(unit__in=unit_ids)
    for plan_id, project_id, unit_id, unit_name in rows.values_list(
        "project__plan_id", "project_id", "unit_id", "unit__name"
    ):
        leads[plan_id].append((unit_id, unit_name, project_id))
    received: defaultdict[int, dict[tuple[int, str], datetime.datetime]] = defaultdict(dict)
    for plan_id, project_id, period, submitted in Report.objects.filter(
        project__plan__in=plans, kind=kind, submitted_at__isnull=False, submitted_at__lte=moment
    ).values_list("project__plan_id", "project_id", "period", "submitted_at"):
        if submitted is not None:  # never None: filtered on it
            received[plan_id][project_id, period] = submitted
    return leads, received


def plan_tally(plan: Plan, leads, received, kind: str, moment) -> list:
    rules = rules_for(plan)
    due = calendar.expected_periods(kind, plan.begins, plan.ends, moment, rules)
    expected = [(name, project, p) for _, name, project in leads for p in due]
    return tally(expected, received, rules)


def compliance_viewer(user, plan: Plan | None = None) -> str:
    """Who is looking: "all" for offices, leaders and administrators, "unit" for a unit's users;
    anyone else is refused (403). For a plan, "all" only for the administrator and the offices and
    leaders of its region or above, "unit" only for a unit working on one of its projects; other
    offices, leaders and units get 404 (the Weishan office does not read the city's units' figures)."""
    roles = roles_of(user)
    if not (roles.is_office or roles.leader_paths or roles.unit_ids):
        raise PermissionDenied("完成率与及时率仅对督查室、分管领导和承办单位开放。")
    if plan is None:
        return "all" if roles.is_office or roles.leader_paths else "unit"
    if roles.is_admin or plan.region.path.startswith(roles.read_paths):
        return "all"
    if roles.unit_ids and ProjectUnit.objects.filter(project__plan=plan, unit__in=roles.unit_ids).exists():
        return "unit"
    raise Http404


def plan_compliance(plan: Plan, as_of: datetime.date, kind: str = calendar.MONTH) -> list[Tally]:
    return plans_compliance([plan], as_of, kind)[plan.pk]


def plans_compliance(plans: list[Plan], as_of: datetime.date, kind: str = calendar.MONTH) -> dict:
    """{plan id: [Tally]} of every plan, in the two queries of `facts` (plans with their calendar)."""
    moment = end_of(as_of)
    leads, received = facts(plans, kind, moment)
    return {plan.pk: plan_tally(plan, leads[plan.pk], received[plan.pk], kind, moment) for plan in plans}
