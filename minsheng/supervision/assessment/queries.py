"""The facts of a year that score the units (assessment.rules), read from the database as of a day, in
a fixed number of queries whatever the number of plans, projects and reports:

- each lead unit's monthly reports and weekly ledgers due by the day: filed on time, late (迟报, from
  the day filed) or not yet (未报, from the day the deadline with its grace passed); a project accepted
  owes nothing for periods starting after its acceptance;
- each return of a report (退回), against the project's lead units;
- each deadline of a 督办单 missed: every rise of the sheet (audited by the tick) and the deadline in
  force on the day, answered late or not answered;
- each project accepted before its due date (提前完成);
- the points the office recorded, not withdrawn.

The assessing region is the region whose office scores: its plans and those below it, of the year."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from minsheng.core.dates import chinese_date
from minsheng.core.models import AuditEvent, Region, Unit, UnitKind
from minsheng.plans.models import Plan, PlanState, ProjectUnit, UnitRole
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.compliance.queries import end_of
from minsheng.reporting.models import Report, ReportVersion
from minsheng.reporting.reports.workflow import rules_for
from minsheng.supervision.assessment import rules
from minsheng.supervision.assessment.models import AssessmentEntry, AssessmentScheme
from minsheng.supervision.models import (
    Acceptance,
    AcceptanceState,
    OrderKind,
    OrderState,
    SupervisionOrder,
)
from minsheng.supervision.orders import grades
from minsheng.supervision.status.queries import dues_at

GRADE_BY_LABEL = {g.label: g.key for g in grades.GRADES.values()}


def scheme_for(region: Region, year: int) -> tuple[rules.Scheme, AssessmentScheme | None]:
    """The scheme in force for a region's year: its own, else its nearest ancestor's, else the
    defaults; with the stored row it came from (None for the defaults)."""
    ancestors = [int(i) for i in region.path.strip("/").split("/") if i]
    stored = {
        s.region_id: s
        for s in AssessmentScheme.objects.filter(region__in=ancestors, year=year).select_related("region")
    }
    for region_id in reversed(ancestors):
        if region_id in stored:
            return rules.scheme_from(stored[region_id].values), stored[region_id]
    return rules.DEFAULTS, None


def plans_of(region: Region, year: int) -> list[Plan]:
    return list(
        Plan.objects.filter(region__path__startswith=region.path, year=year)
        .exclude(state=PlanState.DRAFT)
        .select_related("calendar", "region")
    )


def years_of(region: Region) -> list[int]:
    return sorted(
        set(
            Plan.objects.filter(region__path__startswith=region.path)
            .exclude(state=PlanState.DRAFT)
            .values_list("year", flat=True)
        ),
        reverse=True,
    )


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _moment(moment: datetime.datetime) -> str:
    """2024年7月7日18时: a deadline with its hour, so a report filed the same evening reads as late."""
    local = timezone.localtime(moment)
    return f"{chinese_date(local.date())}{local.hour}时"


def _iso_day(text: str) -> str:
    try:
        return chinese_date(datetime.date.fromisoformat(text))
    except ValueError:
        return text


@dataclass
class Facts:
    plans: list[Plan]
    leads: dict[int, list[int]]  # project id -> lead unit ids
    names: dict[int, str]  # project id -> "seq. name"
    events: list[rules.Event]


def gather(region: Region, year: int, day: datetime.date, unit_ids=None) -> Facts:
    """The year's events of the units (all, or those of `unit_ids`) as of the end of `day`."""
    plans = plans_of(region, year)
    moment = end_of(day)
    leads: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    projects_of: dict[int, list[int]] = {}
    for plan_id, project_id, unit_id, seq, name in ProjectUnit.objects.filter(
        project__plan__in=plans, role=UnitRole.LEAD
    ).values_list("project__plan_id", "project_id", "unit_id", "project__seq", "project__name"):
        leads.setdefault(project_id, []).append(unit_id)
        if project_id not in names:
            projects_of.setdefault(plan_id, []).append(project_id)
        names[project_id] = f"{seq}. {name.strip().rstrip('。；;，,')}"
    dues = dues_at(plans, day)  # in force on the day: a granted extension counts
    accepted = _accepted(plans, moment)
    events = [
        *_report_events(plans, projects_of, leads, names, accepted, moment),
        *_return_events(plans, leads, names, moment),
        *_order_events(plans, names, moment, day),
        *_early_events(accepted, leads, names),
        *_unfinished_events({p: dues[p] for p in names if p in dues}, accepted, leads, names, day),
        *_entry_events(region, year, day),
    ]
    if unit_ids is not None:
        wanted = set(unit_ids)
        events = [e for e in events if e.unit_id in wanted]
    return Facts(plans, leads, names, events)


def _accepted(plans, moment) -> dict[int, tuple[datetime.date, datetime.date, int]]:
    """{project id: (day accepted, due date before any extension, acceptance id)} as of `moment`."""
    result = {}
    for project_id, decided_at, deadline, plan_year, acceptance_id in (
        Acceptance.objects.filter(
            project__plan__in=plans, state=AcceptanceState.ACCEPTED, decided_at__lte=moment
        )
        .order_by("decided_at")
        .values_list("project_id", "decided_at", "project__deadline", "project__plan__year", "pk")
    ):
        if project_id not in result and decided_at is not None:
            due = deadline or datetime.date(plan_year, 12, 31)
            result[project_id] = (_local_day(decided_at), due, acceptance_id)
    return result


def _report_events(plans, projects_of, leads, names, accepted, moment):
    kinds = {
        calendar.MONTH: (rules.MONTH_MISSING, rules.MONTH_LATE),
        calendar.WEEK: (rules.WEEK_MISSING, rules.WEEK_LATE),
    }
    received: dict[tuple[int, str, str], tuple[datetime.datetime, int]] = {}
    for project_id, kind, key, submitted, report_id in Report.objects.filter(
        project__plan__in=plans, submitted_at__isnull=False, submitted_at__lte=moment
    ).values_list("project_id", "kind", "period", "submitted_at", "pk"):
        if submitted is not None:  # never None: filtered on it
            received[project_id, kind, key] = (submitted, report_id)
    for plan in plans:
        calendar_rules = rules_for(plan)
        for kind, (missing, late) in kinds.items():
            for period in calendar.expected_periods(kind, plan.begins, plan.ends, moment, calendar_rules):
                until = calendar.on_time_until(period, calendar_rules)
                if until >= moment:
                    continue  # still within its grace: neither late nor missing yet
                for project_id in projects_of.get(plan.pk, []):
                    done = accepted.get(project_id)
                    if done and period.start > done[0]:
                        continue
                    filed = received.get((project_id, kind, period.key))
                    if filed and filed[0] <= until:
                        continue
                    for unit_id in leads[project_id]:
                        if filed:
                            yield rules.Event(
                                unit_id,
                                late,
                                _local_day(filed[0]),
                                f"{names[project_id]}：{period.label}报告{chinese_date(_local_day(filed[0]))}补报"
                                f"（截止{_moment(until)}）",
                                reverse("reports:detail", args=[filed[1]]),
                                project_id=project_id,
                            )
                        else:
                            yield rules.Event(
                                unit_id,
                                missing,
                                _local_day(until),
                                f"{names[project_id]}：{period.label}报告截至{_moment(until)}未报送",
                                reverse("plans:project", args=[project_id]),
                                project_id=project_id,
                            )


def _return_events(plans, leads, names, moment):
    for report_id, project_id, label_kind, period, saved_at in ReportVersion.objects.filter(
        report__project__plan__in=plans, state="returned", saved_at__lte=moment
    ).values_list("report_id", "report__project_id", "report__kind", "report__period", "saved_at"):
        what = calendar.parse_period(period).label + ("月报" if label_kind == calendar.MONTH else "周台账")
        for unit_id in leads.get(project_id, []):
            yield rules.Event(
                unit_id,
                rules.RETURNED,
                _local_day(saved_at),
                f"{names[project_id]}：{what}被退回",
                reverse("reports:detail", args=[report_id]),
                project_id=project_id,
            )


def _order_events(plans, names, moment, day):
    orders = list(
        SupervisionOrder.objects.filter(
            project__plan__in=plans, kind=OrderKind.ORDER, issued_at__lte=moment, respond_by__isnull=False
        )
        .exclude(state__in=[OrderState.PROPOSED, OrderState.DISMISSED])
        .values_list("pk", "project_id", "unit_id", "number", "grade", "respond_by", "responded_at")
    )
    rises: dict[int, list[tuple[datetime.datetime, str, str]]] = {}
    for object_id, at, changes in (
        AuditEvent.objects.filter(
            model="supervision.supervisionorder", action="raise", object_id__in=[str(o[0]) for o in orders]
        )
        .order_by("at", "pk")
        .values_list("object_id", "at", "changes")
    ):
        old_grade = GRADE_BY_LABEL.get((changes.get("等级") or [None])[0], grades.PROMPT)
        was = (changes.get("回复时限") or [""])[0] or ""
        rises.setdefault(int(object_id), []).append((at, old_grade, was))
    for pk, project_id, unit_id, number, grade, respond_by, responded_at in orders:
        sheet = f"{names.get(project_id, '')}：督办单{number or pk}"
        link = reverse("orders:detail", args=[pk])
        later = []
        for at, old_grade, was in rises.get(pk, []):
            if at <= moment:
                yield rules.Event(
                    unit_id,
                    rules.ORDER_LATE[old_grade],
                    _local_day(at),
                    f"{sheet}回复时限{_iso_day(was)}已过未回复，升级",
                    link,
                    project_id=project_id,
                )
            else:
                later.append((old_grade, was))
        in_force_grade = later[0][0] if later else (grade or grades.PROMPT)
        deadline = datetime.date.fromisoformat(later[0][1]) if later and later[0][1] else respond_by
        if deadline is None:
            continue  # never: filtered on it
        if responded_at is not None and responded_at <= moment:
            answered = _local_day(responded_at)
            if answered > deadline:
                yield rules.Event(
                    unit_id,
                    rules.ORDER_LATE[in_force_grade],
                    answered,
                    f"{sheet}{chinese_date(answered)}回复，超过时限{chinese_date(deadline)}",
                    link,
                    project_id=project_id,
                )
        elif deadline < day:
            yield rules.Event(
                unit_id,
                rules.ORDER_LATE[in_force_grade],
                deadline + datetime.timedelta(days=1),
                f"{sheet}回复时限{chinese_date(deadline)}已过，截至{chinese_date(day)}未回复",
                link,
                project_id=project_id,
            )


def _early_events(accepted, leads, names):
    for project_id, (done, due, _acceptance) in accepted.items():
        if done < due:
            for unit_id in leads.get(project_id, []):
                yield rules.Event(
                    unit_id,
                    rules.FINISHED_EARLY,
                    done,
                    f"{names[project_id]}：{chinese_date(done)}通过验收，早于完成时限{chinese_date(due)}",
                    reverse("acceptance:project", args=[project_id]),
                    project_id=project_id,
                )


def _unfinished_events(dues, accepted, leads, names, day):
    """A project whose due date in force (a granted extension counting) passed before `day` without an
    acceptance by then — or accepted only after it — counts against its lead units, from the next day."""
    for project_id, due in dues.items():
        if due >= day:
            continue  # extended past the day
        done = accepted.get(project_id)
        if done and done[0] <= due:
            continue
        state = f"{chinese_date(done[0])}通过验收" if done else f"截至{chinese_date(day)}未通过验收"
        for unit_id in leads.get(project_id, []):
            yield rules.Event(
                unit_id,
                rules.UNFINISHED,
                due + datetime.timedelta(days=1),
                f"{names[project_id]}：完成期限{chinese_date(due)}，{state}",
                reverse("plans:project", args=[project_id]),
                project_id=project_id,
            )


def entries_of(region: Region, year: int):
    return AssessmentEntry.objects.filter(region=region, year=year)


def _entry_events(region, year, day):
    for unit_id, kind, points, entry_day, reason, project_id in (
        entries_of(region, year)
        .filter(withdrawn=False, day__lte=day)
        .values_list("unit_id", "kind", "points", "day", "reason", "project_id")
    ):
        yield rules.Event(unit_id, kind, entry_day, reason, "", points, project_id)


def assessed_units(facts: Facts, extra=()) -> dict[int, Unit]:
    """The units scored: every lead unit of the plans, and any unit with an event (a sheet's unit)."""
    ids = (
        {u for units in facts.leads.values() for u in units} | {e.unit_id for e in facts.events} | set(extra)
    )
    return Unit.objects.select_related("region").in_bulk(ids)


def units_in(region: Region, year: int):
    """Units that could be scored in the region's year (for the office's entry form)."""
    plans = plans_of(region, year)
    return (
        Unit.objects.filter(Q(projects__plan__in=plans) | Q(supervision_orders__project__plan__in=plans))
        .exclude(kind=UnitKind.COLLECTIVE)
        .select_related("region")
        .order_by("region__path", "name")
        .distinct()
    )
