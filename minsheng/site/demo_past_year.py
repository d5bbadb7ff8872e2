"""The demo's earlier plans (济宁市 2023, its development zone's 2023, the high-tech zone's 2022) carry a
finished year, so the commitment view, the public board and the year switch show last year's promises
as kept or not rather than "0 % 红": every report filed and approved, each finished project applied for
and accepted, each unfinished one explained at year end, and the deputies' evaluation and the public
survey published. The script is demo_past_script (plain); this writes it in bulk, once per plan (a plan
that has reports already is left alone), and closes the plan, audited."""

import datetime

from django.db import transaction
from django.db.models import Prefetch

from minsheng.core.audit import log_action
from minsheng.participation.evaluations import rules as evaluation_rules
from minsheng.participation.models import Evaluation, EvaluationCount, SurveyResponse, VoteState
from minsheng.plans import board
from minsheng.plans.models import (
    Indicator,
    Milestone,
    Plan,
    PlanState,
    Project,
    ProjectState,
    ProjectUnit,
    UnitRole,
)
from minsheng.reporting.models import Report, ReportState, ReportValue, ReportVersion
from minsheng.reporting.reports.workflow import rules_for
from minsheng.site.demo_helpers import people, stated_timestamps
from minsheng.site.demo_past_script import PastYear, script_past_year
from minsheng.site.demo_script import DEMO_YEAR, STORED, IndicatorSpec
from minsheng.supervision.models import Acceptance, AcceptanceState, YearEndReview

EXPLANATION = "受用地手续和资金拨付进度影响，部分点位未能在年底前建成。"
RECOVERY = "已明确剩余点位的完成时限，纳入下一年度督办，每月报送进展。"


def _scripts(plan: Plan) -> list[tuple[Project, int, PastYear]]:
    rules = rules_for(plan)
    out = []
    for project in plan.projects.all():
        leads = [r.unit_id for r in project.unit_roles.all() if r.role == UnitRole.LEAD]
        if not leads:
            continue
        due = project.deadline or plan.ends
        indicators = [
            IndicatorSpec(i.pk, i.text, i.baseline, i.target_value, i.unit, i.due_date or due)
            for i in project.indicators.all()
            if i.target_value is not None
        ]
        key = f"{plan.region.name}|{plan.year}|{project.seq}"
        out.append(
            (project, leads[0], script_past_year(key, project.name, plan.year, due, indicators, rules))
        )
    return out


def _reports(plan: Plan, scripts, reporters: dict, offices: dict) -> int:
    rows = [(project, unit, r) for project, unit, year in scripts for r in year.reports]
    reports = Report.objects.bulk_create(
        Report(
            project=project,
            kind=r.period.kind,
            period=r.period.key,
            period_start=r.period.start,
            period_end=r.period.end,
            state=ReportState.APPROVED,
            version=2,
            narrative=r.narrative,
            is_demo=True,
            created_by_id=reporters.get(unit),
            submitted_at=r.submitted_at,
            approved_at=r.approved_at,
            updated_at=r.approved_at,
        )
        for project, unit, r in rows
    )
    made = list(zip(reports, rows, strict=True))
    ReportValue.objects.bulk_create(
        ReportValue(report=report, indicator_id=pk, value=value)
        for report, (_, _, r) in made
        for pk, value in r.values.items()
    )
    office = offices.get(plan.region_id)
    ReportVersion.objects.bulk_create(
        ReportVersion(
            report=report,
            version=n,
            state=state,
            content={
                "state": state,
                "narrative": r.narrative,
                "values": {str(pk): [str(v.quantize(STORED)), ""] for pk, v in r.values.items()},
                "attachments": [],
            },
            saved_at=at,
            saved_by_id=by,
        )
        for report, (_, unit, r) in made
        for n, (state, at, by) in enumerate(
            [
                (ReportState.SUBMITTED, r.submitted_at, reporters.get(unit)),
                (ReportState.APPROVED, r.approved_at, office),
            ],
            start=1,
        )
    )
    return len(reports)


def _milestones(plan: Plan, scripts) -> None:
    """A finished project met every milestone by its finish day (on the milestone's date when earlier);
    an unfinished one met those due by the end of October."""
    by_project = {p.pk: y for p, _, y in scripts}
    cutoff = datetime.date(plan.year, 10, 31)
    changed = []
    for milestone in Milestone.objects.filter(project__plan=plan):
        year = by_project.get(milestone.project_id)
        if year is None:
            continue
        if year.finished:
            milestone.done_date = min(milestone.due_date, year.finish_day)
        elif milestone.due_date <= cutoff:
            milestone.done_date = milestone.due_date
        else:
            continue
        changed.append(milestone)
    Milestone.objects.bulk_update(changed, ["done_date"])


def _outcomes(plan: Plan, scripts, reporters: dict, offices: dict) -> tuple[int, int]:
    _milestones(plan, scripts)
    office = offices.get(plan.region_id)
    finished = [(p, u, y) for p, u, y in scripts if y.finished]
    Acceptance.objects.bulk_create(
        Acceptance(
            project=project,
            evidence=f"{project.name}已按期完成全部建设任务，相关佐证材料已报送。",
            state=AcceptanceState.ACCEPTED,
            decision="经现场核验，完成情况属实，同意验收。",
            applied_by_id=reporters.get(unit),
            applied_at=year.applied_at,
            decided_by_id=office,
            decided_at=year.accepted_at,
        )
        for project, unit, year in finished
    )
    Project.objects.filter(pk__in=[p.pk for p, _, _ in finished]).update(state=ProjectState.ACCEPTED)
    short = [(p, u, y) for p, u, y in scripts if not y.finished]
    YearEndReview.objects.bulk_create(
        YearEndReview(
            project=project,
            explanation=EXPLANATION,
            recovery_plan=RECOVERY,
            new_date=datetime.date(plan.year + 1, 6, 30),
            written_by_id=reporters.get(unit),
            written_at=datetime.datetime.combine(
                datetime.date(plan.year, 12, 28), datetime.time(16), tzinfo=datetime.UTC
            ),
        )
        for project, unit, _ in short
    )
    Project.objects.filter(pk__in=[p.pk for p, _, _ in short]).update(state=ProjectState.UNFINISHED)
    return len(finished), len(short)


def _satisfaction(plan: Plan, scripts, offices: dict) -> None:
    closed = datetime.datetime.combine(
        datetime.date(plan.year + 1, 1, 12), datetime.time(17), tzinfo=datetime.UTC
    )
    evaluation = Evaluation.objects.create(
        plan=plan,
        title=f"{plan.region.name}{plan.year}年重点民生实事满意度测评",
        state=VoteState.PUBLISHED,
        created_by_id=offices.get(plan.region_id),
        created_at=closed - datetime.timedelta(days=5),
        opened_at=closed - datetime.timedelta(days=3),
        closed_at=closed,
        published_at=closed + datetime.timedelta(days=2),
    )
    EvaluationCount.objects.bulk_create(
        EvaluationCount(evaluation=evaluation, project=project, verdict=verdict, count=count)
        for project, _, year in scripts
        for verdict, count in year.verdicts.items()
    )
    counted = [(p.pk, v, c) for p, _, y in scripts for v, c in y.verdicts.items()]
    project_ids = [p.pk for p in plan.projects.order_by("order", "pk")]
    deputies = max((sum(y.verdicts.values()) for _, _, y in scripts), default=0)
    evaluation.result = evaluation_rules.evaluation_result(counted, project_ids, deputies)
    evaluation.save(update_fields=["result"])
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            project=project, score=score, client=f"demo-{plan.year}-{project.pk}-{n}", created_at=closed
        )
        for project, _, year in scripts
        for n, score in enumerate(year.survey)
    )


@transaction.atomic
def load_demo_past_years() -> list[str]:
    """Finish the demo plans of the years before the demo's; one line per plan loaded."""
    plans = list(
        Plan.objects.filter(is_demo=True, year__lt=DEMO_YEAR)
        .exclude(state=PlanState.DRAFT)
        .exclude(projects__reports__isnull=False)
        .distinct()
        .select_related("region", "calendar")
        .prefetch_related(
            Prefetch("projects__unit_roles", queryset=ProjectUnit.objects.order_by("order", "pk")),
            Prefetch("projects__indicators", queryset=Indicator.objects.order_by("order", "pk")),
        )
        .order_by("region__path")
    )
    reporters, _approvers, offices = people()
    summary = []
    for plan in plans:
        scripts = _scripts(plan)
        if not scripts:
            continue
        with stated_timestamps(Report, ReportVersion, Acceptance, YearEndReview, Evaluation, SurveyResponse):
            filed = _reports(plan, scripts, reporters, offices)
            accepted, unfinished = _outcomes(plan, scripts, reporters, offices)
            _satisfaction(plan, scripts, offices)
        line = f"报告 {filed} 份，验收通过 {accepted} 项，未完成 {unfinished} 项，满意度测评已公布"
        if plan.state != PlanState.CLOSED:
            Plan.objects.filter(pk=plan.pk).update(state=PlanState.CLOSED)
            log_action(
                plan,
                "state",
                None,
                {"状态": [str(PlanState.PUBLISHED.label), str(PlanState.CLOSED.label)]},
                via="demo",
            )
        log_action(plan, "demo_reports", None, {"演示报告": [None, line]}, via="demo")
        board.touch(plan.pk)
        summary.append(f"{plan.region.name} {plan.year}年：{line}")
    return summary
