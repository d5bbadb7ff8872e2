"""Feeding the status engine from the database: the facts of every project of a plan as of a day, from
the reports approved up to that day, in a fixed number of queries whatever the number of projects or
reports. `plan_status(plan, as_of)` → {project id: ProjectStatus}."""

import datetime
from collections import defaultdict

from django.conf import settings

from minsheng.core.clock import today
from minsheng.plans.models import Indicator, Milestone, Plan, PlanState, TrajectoryPoint
from minsheng.reporting import calendar
from minsheng.reporting.models import Report, ReportState, ReportValue

from .models import Acceptance, AcceptanceState
from .status import IndicatorFacts, ProjectFacts, ProjectStatus, Thresholds, project_status


def thresholds() -> Thresholds:
    return Thresholds(**getattr(settings, "MINSHENG_STATUS_THRESHOLDS", {}))


def default_as_of(plan: Plan) -> datetime.date:
    """Today, or for a plan that has ended (closed, or its year is over) its last day."""
    day = today()
    if plan.state == PlanState.CLOSED or day > plan.ends:
        return min(day, plan.ends)
    return day


def end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), calendar.SHANGHAI)


def overdue_reports(plan: Plan, moment: datetime.datetime) -> dict[int, int]:
    """Per project, the monthly reports past their grace days and not submitted by `moment`."""
    from minsheng.reporting.workflow import rules_for

    rules = rules_for(plan)
    due = [
        p
        for p in calendar.expected_periods(calendar.MONTH, plan.begins, plan.ends, moment, rules)
        if calendar.on_time_until(p, rules) < moment
    ]
    if not due:
        return {}
    filed = set(
        Report.objects.filter(
            project__plan=plan, kind=calendar.MONTH, submitted_at__lte=moment, period__in=[p.key for p in due]
        ).values_list("project_id", "period")
    )
    return {
        project_id: sum((project_id, p.key) not in filed for p in due)
        for project_id in plan.projects.values_list("pk", flat=True)
    }


def plan_facts(plan: Plan, as_of: datetime.date) -> dict[int, ProjectFacts]:
    moment = end_of(as_of)
    projects = list(plan.projects.only("pk", "deadline", "plan_id").order_by("pk"))
    trajectory = defaultdict(list)
    for indicator_id, month_end, value in TrajectoryPoint.objects.filter(
        indicator__project__plan=plan
    ).values_list("indicator_id", "month_end", "value"):
        trajectory[indicator_id].append((month_end, value))
    actuals = defaultdict(dict)
    for indicator_id, period_end, value in (
        ReportValue.objects.filter(
            report__project__plan=plan,
            report__state=ReportState.APPROVED,
            report__approved_at__lte=moment,
            value__isnull=False,
        )
        .order_by("report__period_end", "report__approved_at")
        .values_list("indicator_id", "report__period_end", "value")
    ):
        actuals[indicator_id][period_end] = value  # the later approval of the same day wins
    indicators = defaultdict(list)
    begins = plan.begins
    for i in (
        Indicator.objects.filter(project__plan=plan)
        .select_related("project__plan")
        .order_by("project", "order", "pk")
    ):
        indicators[i.project_id].append(
            IndicatorFacts(
                baseline=i.baseline,
                target=i.target_value,
                begins=begins,
                due=i.due,
                comparator=i.comparator,
                weight=i.weight,
                trajectory=tuple(trajectory[i.pk]),
                actuals=tuple(sorted(actuals[i.pk].items())),
            )
        )
    milestones = defaultdict(list)
    for project_id, due, done in Milestone.objects.filter(project__plan=plan).values_list(
        "project_id", "due_date", "done_date"
    ):
        milestones[project_id].append((due, done))
    accepted = {
        project_id: decided.astimezone(calendar.SHANGHAI).date()
        for project_id, decided in Acceptance.objects.filter(
            project__plan=plan, state=AcceptanceState.ACCEPTED, decided_at__lte=moment
        ).values_list("project_id", "decided_at")
    }
    overdue = overdue_reports(plan, moment)
    return {
        p.pk: ProjectFacts(
            begins=begins,
            due=p.deadline or plan.ends,
            indicators=tuple(indicators[p.pk]),
            milestones=tuple(milestones[p.pk]),
            accepted_on=accepted.get(p.pk),
            overdue_reports=overdue.get(p.pk, 0),
        )
        for p in projects
    }


def plan_status(plan: Plan, as_of: datetime.date | None = None) -> dict[int, ProjectStatus]:
    as_of = as_of or default_as_of(plan)
    limits = thresholds()
    return {pk: project_status(facts, as_of, limits) for pk, facts in plan_facts(plan, as_of).items()}
