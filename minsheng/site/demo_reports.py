"""Synthetic weekly ledger entries and monthly reports for the 2024 demo plans, as of the demo day.

Everything is a pure function of the project's stable key (plan region, year, project seq) and the
period: loading on another machine, another day or after deleting the rows gives the same reports.
Per project a profile decides the pace (ahead, on pace, behind); per report a draw decides whether it
is missing, late, awaiting approval; one report per plan is returned and a few projects name problems;
cumulative values follow the pace from the baseline toward the target, so they never fall.

`script_project` (demo_script.py) is plain; `load_demo_reports` writes in bulk, skipping every (project, kind, period)
that has a report, so loading twice adds nothing."""

import datetime

from django.db import transaction
from django.db.models import Prefetch

from minsheng.core.audit import log_action
from minsheng.plans import board
from minsheng.plans.models import Indicator, Plan, Project, ProjectState, ProjectUnit, UnitRole
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.models import Report, ReportState, ReportValue, ReportVersion
from minsheng.reporting.reports.workflow import rules_for
from minsheng.site.demo_helpers import people, stated_timestamps
from minsheng.site.demo_script import (
    DEMO_YEAR,
    STORED,
    IndicatorSpec,
    ReportSpec,
    fraction,
    script_project,
)
from minsheng.supervision.models import Problem, ProblemSource


def _content(spec: ReportSpec, state: str) -> dict:
    return {
        "state": state,
        "narrative": spec.narrative,
        "problems": spec.problems,
        "next_steps": spec.next_steps,
        "lag_reason": spec.lag_reason,
        "funds_arranged": str(spec.funds_arranged) if spec.funds_arranged is not None else None,
        "funds_paid": str(spec.funds_paid) if spec.funds_paid is not None else None,
        "values": {str(pk): [str(v.quantize(STORED)), ""] for pk, v in spec.values.items()},
        "attachments": [],
    }


def _plan_specs(plan: Plan, existing: set, approvers: dict):
    """(project, lead unit id, spec) for every demo report of the plan not yet in the database."""
    rules = rules_for(plan)
    projects = list(plan.projects.all())
    keys = {p.pk: f"{plan.region.name}|{plan.year}|{p.seq}" for p in projects}
    returned = min(projects, key=lambda p: fraction(keys[p.pk], "returned")).pk if projects else None
    out = []
    for project in projects:
        leads = [r.unit_id for r in project.unit_roles.all() if r.role == UnitRole.LEAD]
        if not leads:
            continue
        indicators = [
            IndicatorSpec(
                i.pk, i.text, i.baseline, i.target_value, i.unit, i.due_date or project.deadline or plan.ends
            )
            for i in project.indicators.all()
            if i.target_value is not None
        ]
        for spec in script_project(
            keys[project.pk],
            project.name,
            plan.begins,
            indicators,
            rules,
            unit_approver=any(u in approvers for u in leads),
            returned=project.pk == returned,
        ):
            if (project.pk, spec.period.kind, spec.period.key) not in existing:
                out.append((project, leads[0], spec))
    return out


def _write(plan: Plan, rows, reporters: dict, approvers: dict, offices: dict) -> int:
    """Insert the reports with their values, versions and problem items; returns the problems."""
    reports = Report.objects.bulk_create(
        Report(
            project=project,
            kind=spec.period.kind,
            period=spec.period.key,
            period_start=spec.period.start,
            period_end=spec.period.end,
            state=spec.state,
            awaiting=spec.awaiting,
            version=len(spec.versions),
            narrative=spec.narrative,
            problems=spec.problems,
            next_steps=spec.next_steps,
            lag_reason=spec.lag_reason,
            funds_arranged=spec.funds_arranged,
            funds_paid=spec.funds_paid,
            return_comment=spec.return_comment,
            is_demo=True,
            created_by_id=reporters.get(unit),
            submitted_at=spec.submitted_at,
            approved_at=spec.approved_at,
            updated_at=spec.versions[-1][1],
        )
        for project, unit, spec in rows
    )
    made = list(zip(reports, rows, strict=True))
    ReportValue.objects.bulk_create(
        ReportValue(report=report, indicator_id=pk, value=value)
        for report, (_, _, spec) in made
        for pk, value in spec.values.items()
    )
    authors = {"reporter": reporters, "approver": approvers, "office": offices}
    ReportVersion.objects.bulk_create(
        ReportVersion(
            report=report,
            version=n,
            state=state,
            content=_content(spec, state),
            saved_at=at,
            saved_by_id=authors[by].get(plan.region_id if by == "office" else unit),
        )
        for report, (_, unit, spec) in made
        for n, (state, at, by) in enumerate(spec.versions, start=1)
    )
    problems = Problem.objects.bulk_create(
        Problem(
            project=project,
            report=report,
            source=ProblemSource.REPORT,
            description=text,
            responsible_unit_id=unit,
            deadline=datetime.date(DEMO_YEAR, 9, 30),
            is_demo=True,
            created_by_id=reporters.get(unit),
            created_at=spec.submitted_at,
            updated_at=spec.submitted_at,
        )
        for report, (project, unit, spec) in made
        for text in spec.problems
    )
    return len(problems)


@transaction.atomic
def load_demo_reports() -> list[str]:
    """Write the demo reports of the 2024 demo plans that are missing; one line per plan loaded."""
    plans = list(
        Plan.objects.filter(is_demo=True, year=DEMO_YEAR)
        .select_related("region", "calendar")
        .prefetch_related(
            Prefetch("projects__unit_roles", queryset=ProjectUnit.objects.order_by("order", "pk")),
            Prefetch("projects__indicators", queryset=Indicator.objects.order_by("order", "pk")),
        )
        .order_by("region__path")
    )
    existing = set(Report.objects.filter(project__plan__in=plans).values_list("project_id", "kind", "period"))
    (reporters, approvers, offices), summary = people(), []
    for plan in plans:
        if not (rows := _plan_specs(plan, existing, approvers)):
            continue
        with stated_timestamps(Report, ReportVersion, Problem):
            problems = _write(plan, rows, reporters, approvers, offices)
        months = sum(spec.period.kind == calendar.MONTH for _, _, spec in rows)
        line = f"月报 {months} 份、周台账 {len(rows) - months} 份、问题 {problems} 条"
        started = Report.objects.filter(project__plan=plan, state=ReportState.APPROVED).values("project")
        Project.objects.filter(pk__in=started, state=ProjectState.NOT_STARTED).update(
            state=ProjectState.IN_PROGRESS
        )
        log_action(plan, "demo_reports", None, {"演示报告": [None, line]}, via="demo")
        board.touch(plan.pk)  # bulk inserts send no signal: cached figures of the plan are stale now
        summary.append(f"{plan.region.name} {plan.year}年：{line}")
    return summary
