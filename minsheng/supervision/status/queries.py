"""Feeding the status engine from the database: the facts of every project of a plan as of a day, from
the reports approved up to that day, in a fixed number of queries whatever the number of projects or
reports. `plan_status(plan, as_of)` → {project id: ProjectStatus}.

`fetch_records(plan, until)` reads everything up to a moment once (each row with the moment it took
effect: approved, decided, submitted); `facts_at(records, moment)` keeps, in Python, what had
happened by an earlier moment, so the dashboard's month-by-month history costs one fetch."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from minsheng.core.clock import today
from minsheng.plans.models import Plan, PlanState
from minsheng.reporting.calendar import rules as calendar
from minsheng.supervision.extensions import rules as extension_rules
from minsheng.supervision.status import fetch
from minsheng.supervision.status.rules import (
    IndicatorFacts,
    ProjectFacts,
    ProjectStatus,
    Thresholds,
    project_status,
)


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


@dataclass
class PlanRecords:
    """A plan's rows up to a moment; `facts_at` reads them as of that moment or any earlier one."""

    begins: datetime.date
    ends: datetime.date
    rules: calendar.CalendarRules
    projects: list[tuple[int, datetime.date]]  # (project id, due date before any extension)
    indicators: dict[int, list] = field(default_factory=dict)  # per project, in order (IndicatorRow)
    # per indicator: (month end, planned value)
    trajectory: dict[int, list[tuple[datetime.date, Decimal]]] = field(default_factory=dict)
    values: list[tuple] = field(default_factory=list)  # (indicator, period end, approved at, value)
    # per project: (due, done)
    milestones: dict[int, list[tuple[datetime.date, datetime.date | None]]] = field(default_factory=dict)
    accepted: list[tuple[int, datetime.datetime]] = field(default_factory=list)  # (project, decided at)
    filed: list[tuple[int, str, datetime.datetime]] = field(default_factory=list)  # monthly reports
    # per project, the monthly reports missing at `until`, counted by the database (a one-day read)
    overdue: dict[int, int] | None = None
    # per project, the extensions granted by `until`: (granted on, new due date); the due date moves from
    # that day (`dues_at` reads the same rows)
    extensions: dict[int, list[tuple[datetime.date, datetime.date]]] = field(default_factory=dict)


def _due_periods(records: PlanRecords, moment: datetime.datetime) -> list:
    return fetch.due_periods(records.begins, records.ends, records.rules, moment)


def _overdue_at(records: PlanRecords, moment: datetime.datetime) -> dict[int, int]:
    if records.overdue is not None:  # counted for the one moment read
        return records.overdue
    due = _due_periods(records, moment)
    if not due:
        return {}
    filed = {(project_id, period) for project_id, period, at in records.filed if at <= moment}
    return {pk: sum((pk, p.key) not in filed for p in due) for pk, _ in records.projects}


def overdue_reports(plan: Plan, moment: datetime.datetime) -> dict[int, int]:
    """Per project, the monthly reports past their grace days and not submitted by `moment`."""
    from minsheng.reporting.reports.workflow import rules_for

    records = PlanRecords(plan.begins, plan.ends, rules_for(plan), [])
    if not _due_periods(records, moment):
        return {}
    # the due date is not read for the overdue count: the plan's end stands in
    records.projects = [(pk, plan.ends) for pk in plan.projects.values_list("pk", flat=True)]
    fetch.add_filed({plan.pk: records}, [plan.pk], moment)
    return _overdue_at(records, moment)


def _in_force(
    original: dict[int, datetime.date], extensions: dict[int, list], day: datetime.date
) -> dict[int, datetime.date]:
    return original | {
        pk: extension_rules.due_on(original[pk], granted, day) for pk, granted in extensions.items()
    }


def dues_at(
    plans: Iterable[Plan], day: datetime.date, only: Iterable[int] | None = None
) -> dict[int, datetime.date]:
    """{project id: due date in force on `day`} of every project of the plans (or of those of them in
    `only`): its deadline, else its plan's last day, moved by the latest extension granted on or before
    that day — the status engine's `ProjectFacts.due`, in one query whatever the number of projects."""
    rows = fetch.projects_of(plans, day, only)
    return _in_force(
        {pk: due for pk, _, due, _ in rows}, {pk: granted for pk, _, _, granted in rows if granted}, day
    )


def fetch_records(plan: Plan, until: datetime.datetime) -> PlanRecords:
    """Everything that bears on the plan's status up to `until`, in at most seven queries."""
    return fetch.fetch_plans([plan], until)[plan.pk]


def actuals_at(records: PlanRecords, moment: datetime.datetime) -> dict[int, tuple]:
    """Per indicator, the ((period end, value), …) approved by `moment`, in period order."""
    actuals: defaultdict[int, dict[datetime.date, Decimal]] = defaultdict(dict)
    for indicator_id, period_end, approved_at, value in records.values:
        if approved_at <= moment:
            actuals[indicator_id][period_end] = value  # the later approval of the same day wins
    return {pk: tuple(sorted(values.items())) for pk, values in actuals.items()}


def facts_at(
    records: PlanRecords, moment: datetime.datetime, actuals: dict[int, tuple] | None = None
) -> dict[int, ProjectFacts]:
    """The facts of every project as of `moment` (not after the fetch's `until`); no queries. The
    approved values are read from the records unless `actuals` (as `actuals_at` gives them) is passed."""
    if actuals is None:
        actuals = actuals_at(records, moment)
    accepted = {
        project_id: decided.astimezone(calendar.SHANGHAI).date()
        for project_id, decided in records.accepted
        if decided <= moment
    }
    overdue = _overdue_at(records, moment)
    begins = records.begins
    day = moment.astimezone(calendar.SHANGHAI).date()
    original = dict(records.projects)
    dues = _in_force(original, records.extensions, day)

    def indicator_facts(i, project_id: int) -> IndicatorFacts:
        # An indicator due with its project (its own date, or none) follows the project's extension.
        due = dues[project_id] if i.due == original[project_id] else i.due
        return IndicatorFacts(
            baseline=i.baseline,
            target=i.target_value,
            begins=begins,
            due=due,
            comparator=i.comparator,
            weight=i.weight,
            trajectory=tuple(records.trajectory.get(i.pk, ())),
            actuals=actuals.get(i.pk, ()),
        )

    return {
        pk: ProjectFacts(
            begins=begins,
            due=dues[pk],
            indicators=tuple(indicator_facts(i, pk) for i in records.indicators.get(pk, ())),
            milestones=tuple(records.milestones.get(pk, ())),
            accepted_on=accepted.get(pk),
            overdue_reports=overdue.get(pk, 0),
        )
        for pk, due in records.projects
    }


def plans_status_by_plan(plans, as_of: datetime.date) -> dict[int, dict[int, ProjectStatus]]:
    """{plan id: {project id: ProjectStatus}} of every plan as of one day, in seven queries whatever the
    number of plans, projects or reports (the database keeps a few values per indicator)."""
    moment, limits = end_of(as_of), thresholds()
    return {
        plan_id: {pk: project_status(facts, as_of, limits) for pk, facts in facts_at(records, moment).items()}
        for plan_id, records in fetch.fetch_plans(plans, moment, as_of).items()
    }


def plans_status(plans, as_of: datetime.date) -> dict[int, ProjectStatus]:
    """{project id: ProjectStatus} of every project of the plans as of one day (`plans_status_by_plan`)."""
    result: dict[int, ProjectStatus] = {}
    for statuses in plans_status_by_plan(plans, as_of).values():
        result |= statuses
    return result


def plan_facts(plan: Plan, as_of: datetime.date) -> dict[int, ProjectFacts]:
    moment = end_of(as_of)
    return facts_at(fetch.fetch_plans([plan], moment, as_of)[plan.pk], moment)


def plan_status(plan: Plan, as_of: datetime.date | None = None) -> dict[int, ProjectStatus]:
    as_of = as_of or default_as_of(plan)
    return plans_status([plan], as_of)
