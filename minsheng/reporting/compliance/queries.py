"""Compliance from the database: who may look at a plan's figures, and the facts the tally needs (the
lead units and the received reports) for many plans in two queries."""

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404

from minsheng.core.roles import roles_of
from minsheng.plans.models import Plan, ProjectUnit, UnitRole
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.compliance.rules import Tally, tally, tally_counts
from minsheng.reporting.models import Report
from minsheng.reporting.reports.workflow import rules_for


def end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), calendar.SHANGHAI)


def facts(plans: list[Plan], kind: str, moment: datetime.datetime, unit_ids=None):
    """Per plan id: its lead (unit id, unit name, project id) rows and the received reports, in two
    queries for all the plans together (the plans come with their calendar)."""
    leads = _leads(plans, unit_ids)
    received: defaultdict[int, dict[tuple[int, str], datetime.datetime]] = defaultdict(dict)
    for plan_id, project_id, period, submitted in Report.objects.filter(
        project__plan__in=plans, kind=kind, submitted_at__isnull=False, submitted_at__lte=moment
    ).values_list("project__plan_id", "project_id", "period", "submitted_at"):
        if submitted is not None:  # never None: filtered on it
            received[plan_id][project_id, period] = submitted
    return leads, received


def _leads(plans, unit_ids=None) -> dict[int, list[tuple[int, str, int]]]:
    leads: defaultdict[int, list[tuple[int, str, int]]] = defaultdict(list)
    rows = ProjectUnit.objects.filter(project__plan__in=plans, role=UnitRole.LEAD)
    if unit_ids is not None:
        rows = rows.filter(unit__in=unit_ids)
    for plan_id, project_id, unit_id, unit_name in rows.values_list(
        "project__plan_id", "project_id", "unit_id", "unit__name"
    ):
        leads[plan_id].append((unit_id, unit_name, project_id))
    return leads


def counted_facts(plans: list[Plan], kind: str, moment: datetime.datetime):
    """Per plan id: its lead (unit id, unit name, project id) rows, and per project the reports of the
    periods due by `moment` received and received on time, counted by the database: two queries for
    any number of plans (one condition per reporting schedule, not per plan)."""
    schedules: dict[tuple, list[int]] = defaultdict(list)
    for plan in plans:
        rules = rules_for(plan)
        due = calendar.expected_periods(kind, plan.begins, plan.ends, moment, rules)
        if due:
            schedules[tuple((p.key, calendar.on_time_until(p, rules)) for p in due)].append(plan.pk)
    counted: defaultdict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    if schedules:
        due_here, on_time = Q(), Q()
        for schedule, plan_ids in schedules.items():
            due_here |= Q(project__plan__in=plan_ids, period__in=[key for key, _ in schedule])
            for key, until in schedule:
                on_time |= Q(project__plan__in=plan_ids, period=key, submitted_at__lte=until)
        rows = (
            Report.objects.filter(due_here, kind=kind, submitted_at__isnull=False, submitted_at__lte=moment)
            .values_list("project__plan_id", "project_id")
            .annotate(
                received=Count("period", distinct=True),
                on_time=Count("period", distinct=True, filter=on_time),
            )
            .order_by()
        )
        for plan_id, project_id, received, in_time in rows:
            counted[plan_id][project_id] = (received, in_time)
    return _leads(plans), counted


def plan_tally_counted(plan: Plan, leads, counted: dict, kind: str, moment) -> list:
    due = calendar.expected_periods(kind, plan.begins, plan.ends, moment, rules_for(plan))
    return tally_counts(leads, len(due), counted)


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
    """{plan id: [Tally]} of every plan, in the two queries of `counted_facts` (plans with their calendar)."""
    moment = end_of(as_of)
    leads, counted = counted_facts(plans, kind, moment)
    return {
        plan.pk: plan_tally_counted(plan, leads[plan.pk], counted[plan.pk], kind, moment) for plan in plans
    }
