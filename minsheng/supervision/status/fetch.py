"""Reading the status engine's records for any set of plans in a fixed number of queries: seven, whether
the set holds one plan or a province's 180, 5,000 projects and a year of weekly reports.

Two ways to read the approved values:
- `as_of` given (one day's status): the database keeps, per indicator, the winning value of each period
  (the later approval of a period wins), the `RECENT` latest periods up to the day — what the forecast
  looks at — and the first period whose value met the target. Python receives a few rows per indicator,
  not one per report, and the rules give exactly what they give on every value.
- `as_of` None (a history over several days): every approved value, in the order `facts_at` reads them.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, FilteredRelation, Q

from minsheng.plans.models import Comparator, Indicator, Milestone, Plan, Project, TrajectoryPoint
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.models import Report, ReportState, ReportValue
from minsheng.supervision.models import Acceptance, AcceptanceState, ExtensionState
from minsheng.supervision.status.rules import RECENT


class IndicatorRow(NamedTuple):
    """What the status rules read of an indicator (its due date already falls back to the project's)."""

    pk: int
    baseline: Decimal
    target_value: Decimal
    due: datetime.date
    comparator: str
    weight: Decimal


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_MEETS = """CASE WHEN i.comparator = %s THEN rv.value <= i.target_value
              WHEN i.comparator = %s OR i.target_value >= i.baseline THEN rv.value >= i.target_value
              ELSE rv.value <= i.target_value END"""


def _latest_values_sql(plan_count: int) -> str:
    """Per indicator of the plans: the winning value of its `RECENT` latest periods up to a day, and of
    the first period that met the target (the rules' `meets`, written in SQL). One sort serves it all:
    the period's winner (PostgreSQL's DISTINCT ON, elsewhere a row number), the periods counted from the
    latest, and the first winner that met the target."""
    marks = ", ".join(["%s"] * plan_count)
    rows = f"""FROM {_table(ReportValue)} rv
  JOIN {_table(Report)} r ON r.id = rv.report_id
  JOIN {_table(Project)} p ON p.id = r.project_id
  JOIN {_table(Indicator)} i ON i.id = rv.indicator_id
  WHERE p.plan_id IN ({marks}) AND r.state = %s AND r.approved_at <= %s AND r.period_end <= %s
    AND rv.value IS NOT NULL"""
    if connection.vendor == "postgresql":
        winners = f"""
  SELECT DISTINCT ON (rv.indicator_id, r.period_end) rv.indicator_id AS indicator_id,
         r.period_end AS period_end, r.approved_at AS approved_at, rv.value AS value,
         CASE WHEN {_MEETS} THEN 1 ELSE 0 END AS met
  {rows}
  ORDER BY rv.indicator_id, r.period_end DESC, r.approved_at DESC, r.id DESC"""
    else:
        winners = f"""
  SELECT indicator_id, period_end, approved_at, value, met FROM (
    SELECT rv.indicator_id AS indicator_id, r.period_end AS period_end, r.approved_at AS approved_at,
           rv.value AS value, CASE WHEN {_MEETS} THEN 1 ELSE 0 END AS met,
           ROW_NUMBER() OVER (PARTITION BY rv.indicator_id, r.period_end
                              ORDER BY r.approved_at DESC, r.id DESC) AS nth
    {rows}) AS every_value WHERE nth = 1"""
    return f"""
WITH w AS ({winners}
), y AS (
  SELECT indicator_id, period_end, approved_at, value,
         ROW_NUMBER() OVER (PARTITION BY indicator_id ORDER BY period_end DESC) AS recency,
         MIN(CASE WHEN met = 1 THEN period_end END) OVER (PARTITION BY indicator_id) AS first_met
  FROM w
)
SELECT indicator_id, period_end, value FROM y
WHERE recency <= %s OR period_end = first_met"""


def _converters(*fields):
    """The conversions Django's compiler applies to these fields' columns (dates and decimals come from
    SQLite as text and floats)."""
    result = []
    for f in fields:
        col = f.get_col(f.model._meta.db_table)
        result.append(connection.ops.get_db_converters(col) + col.get_db_converters(connection))
    return result, [f.get_col(f.model._meta.db_table) for f in fields]


def latest_values(plan_ids: list[int], until: datetime.datetime, day: datetime.date) -> list[tuple]:
    """(indicator, period end, `until`, value) rows: a few per indicator, see the module's note."""
    if not plan_ids:
        return []
    fields = (Report._meta.get_field("period_end"), ReportValue._meta.get_field("value"))
    converters, cols = _converters(*fields)
    ops = connection.ops  # as the ORM passes them: SQLite compares datetimes as UTC text
    moment, last = ops.adapt_datetimefield_value(until), ops.adapt_datefield_value(day)
    params = [Comparator.AT_MOST, Comparator.AT_LEAST, *plan_ids, ReportState.APPROVED, moment, last, RECENT]
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(_latest_values_sql(len(plan_ids)), params)
        for indicator_id, *values in cursor.fetchall():
            for n, (convs, col) in enumerate(zip(converters, cols, strict=True)):
                for convert in convs:
                    values[n] = convert(values[n], col, connection)
            rows.append(
                (indicator_id, values[0], until, values[1])
            )  # one winner a period: its moment is not read
    return rows


def all_values(plan_ids: list[int], until: datetime.datetime) -> list[tuple]:
    return list(
        ReportValue.objects.filter(
            report__project__plan__in=plan_ids,
            report__state=ReportState.APPROVED,
            report__approved_at__lte=until,
            value__isnull=False,
        )
        .order_by("report__period_end", "report__approved_at", "report_id")
        .values_list("indicator_id", "report__period_end", "report__approved_at", "value")
    )


def due_periods(begins, ends, rules, moment: datetime.datetime) -> list:
    return [
        p
        for p in calendar.expected_periods(calendar.MONTH, begins, ends, moment, rules)
        if calendar.on_time_until(p, rules) < moment
    ]


def projects_of(plans: Iterable[Plan], day: datetime.date, only: Iterable[int] | None = None) -> list[tuple]:
    """(project id, plan id, due date before any extension, [(granted on, new date), …]) of every
    project of the plans (or of those of them in `only`), in id order, with the extensions granted on or
    before `day`: one query. The due date before any extension is the project's deadline, else its
    plan's last day; the one in force is `extensions.rules.due_on` of these (`status.queries.dues_at`)."""
    ends = {p.pk: p.ends for p in plans}
    projects = Project.objects.filter(plan__in=list(ends))
    if only is not None:
        projects = projects.filter(pk__in=list(only))
    granted = FilteredRelation(
        "extensions", condition=Q(extensions__state=ExtensionState.GRANTED, extensions__granted_on__lte=day)
    )
    rows = (
        projects.annotate(granted=granted)
        .order_by("pk")
        .values_list("pk", "plan_id", "deadline", "granted__granted_on", "granted__new_date")
    )
    result: list[tuple] = []
    for pk, plan_id, deadline, granted_on, new_date in rows:
        if not result or result[-1][0] != pk:
            result.append((pk, plan_id, deadline or ends[plan_id], []))
        if granted_on is not None:
            result[-1][3].append((granted_on, new_date))
    return result


def fetch_plans(plans: Iterable[Plan], until: datetime.datetime, as_of: datetime.date | None = None) -> dict:
    """{plan id: PlanRecords} of every plan, in at most seven queries (plans with `calendar` and
    `region` selected, or one more query per plan for its calendar)."""
    from minsheng.reporting.reports.workflow import rules_for
    from minsheng.supervision.status.queries import PlanRecords

    plans = list(plans)
    if not plans:
        return {}
    ids = [p.pk for p in plans]
    records = {p.pk: PlanRecords(p.begins, p.ends, rules_for(p), []) for p in plans}
    plan_of: dict[int, int] = {}
    day = until.astimezone(calendar.SHANGHAI).date()
    for pk, plan_id, due, granted in projects_of(plans, day):
        records[plan_id].projects.append((pk, due))
        if granted:
            records[plan_id].extensions[pk] = granted
        plan_of[pk] = plan_id
    indicator_plan: dict[int, int] = {}
    deadlines = {pk: due for r in records.values() for pk, due in r.projects}
    for pk, project_id, plan_id, due_date, baseline, target, comparator, weight in (
        Indicator.objects.filter(project__plan__in=ids)
        .order_by("project", "order", "pk")
        .values_list(
            "pk",
            "project_id",
            "project__plan_id",
            "due_date",
            "baseline",
            "target_value",
            "comparator",
            "weight",
        )
    ):
        row = IndicatorRow(pk, baseline, target, due_date or deadlines[project_id], comparator, weight)
        records[plan_id].indicators.setdefault(project_id, []).append(row)
        indicator_plan[pk] = plan_id
    for indicator_id, month_end, value in TrajectoryPoint.objects.filter(
        indicator__project__plan__in=ids
    ).values_list("indicator_id", "month_end", "value"):
        records[indicator_plan[indicator_id]].trajectory.setdefault(indicator_id, []).append(
            (month_end, value)
        )
    for row in latest_values(ids, until, as_of) if as_of else all_values(ids, until):
        records[indicator_plan[row[0]]].values.append(row)
    for project_id, due_date, done_date in Milestone.objects.filter(project__plan__in=ids).values_list(
        "project_id", "due_date", "done_date"
    ):
        records[plan_of[project_id]].milestones.setdefault(project_id, []).append((due_date, done_date))
    accepted = (
        Acceptance.objects.filter(
            project__plan__in=ids, state=AcceptanceState.ACCEPTED, decided_at__lte=until
        )
        .order_by("decided_at")
        .values_list("project_id", "decided_at")
    )
    for project_id, at in accepted:
        if at is not None:  # never None: filtered on it
            records[plan_of[project_id]].accepted.append((project_id, at))
    add_filed(records, ids, until, when=as_of is None)
    return records


def add_filed(records: dict, ids: list[int], until: datetime.datetime, when: bool = True) -> None:
    """The monthly reports submitted by `until` for the periods already due. With `when` (a history,
    read at many moments), every (project, period, moment) row, in one query. Without it (a status of
    one day, read only at `until`), the database counts each project's due periods received (under its
    plan's schedule), in one query, and `records.overdue` gets the reports missing."""
    due = {pk: due_periods(r.begins, r.ends, r.rules, until) for pk, r in records.items()}
    keys = sorted({p.key for periods in due.values() for p in periods})
    if not keys:
        return
    rows = Report.objects.filter(kind=calendar.MONTH, submitted_at__lte=until)
    if not when:
        schedules: dict[tuple, list[int]] = {}
        for pk, periods in due.items():
            records[pk].overdue = {project_id: len(periods) for project_id, _ in records[pk].projects}
            if periods:
                schedules.setdefault(tuple(sorted(p.key for p in periods)), []).append(pk)
        due_here = Q()  # each plan's projects, with the periods due under its schedule
        for schedule, plan_ids in schedules.items():
            due_here |= Q(project__plan__in=plan_ids, period__in=schedule)
        received = (
            rows.filter(due_here)
            .values_list("project__plan_id", "project_id")
            .annotate(n=Count("period", distinct=True))
            .order_by()
        )
        for plan_id, project_id, n in received:
            records[plan_id].overdue[project_id] -= n
        return
    for plan_id, project_id, period, at in rows.filter(project__plan__in=ids, period__in=keys).values_list(
        "project__plan_id", "project_id", "period", "submitted_at"
    ):
        if at is not None:  # never None: filtered on it
            records[plan_id].filed.append((project_id, period, at))
