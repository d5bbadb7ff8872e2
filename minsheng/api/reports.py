"""Report endpoints: file a project's report for a period, submit, approve, return, list."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema, Status

from minsheng.api.bounds import BodyId, Id, Version
from minsheng.core.clock import today
from minsheng.core.dates import OutOfRange, parse_day
from minsheng.core.models import Unit
from minsheng.core.roles import roles_of
from minsheng.plans.scoping import plans_for, projects_for
from minsheng.reporting.compliance.queries import compliance_viewer, plan_compliance
from minsheng.reporting.models import Report
from minsheng.reporting.reports import workflow
from minsheng.reporting.scoping import reports_for

router = Router(tags=["报送"])


class ValueIn(Schema):
    indicator: BodyId
    value: str | float | None = None
    comment: str = ""


class ReportIn(Schema):
    period: str
    values: list[ValueIn] = []
    narrative: str = ""
    problems: list[str] = []
    next_steps: str = ""
    lag_reason: str = ""
    funds_arranged: str | float | None = None
    funds_paid: str | float | None = None
    confirm: bool = False
    version: Version | None = None
    milestones: dict[str, str | None] | None = None  # {milestone id: "YYYY-MM-DD"}; omitted keeps them


class ReportOut(Schema):
    id: int
    project_id: int
    kind: str
    period: str
    state: str
    awaiting: str
    version: int
    narrative: str
    problems: list[str]
    next_steps: str
    return_comment: str
    values: list[dict]
    milestones: dict[str, str]
    attachments: list[dict]


class ReturnIn(Schema):
    comment: str


class Problem(Schema):
    detail: str
    messages: list[str]


def _out(report: Report) -> dict:
    return {
        **{
            f: getattr(report, f)
            for f in (
                "id",
                "project_id",
                "kind",
                "period",
                "state",
                "awaiting",
                "version",
                "narrative",
                "problems",
                "next_steps",
                "return_comment",
                "milestones",
            )
        },
        "values": [
            {
                "indicator": v.indicator_id,
                "value": format(v.value.normalize(), "f") if isinstance(v.value, Decimal) else None,
                "comment": v.comment,
            }
            for v in report.values.all()
        ],
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "kind": a.kind,
                "size": a.size,
                "taken_at": a.taken_at.isoformat() if a.taken_at else None,
                "url": reverse("attachments:file", args=[a.pk]),
            }
            for a in report.attachments.all()
        ],
    }


def _report(request, report_id: Id) -> Report:
    return get_object_or_404(reports_for(request.auth).select_related("project__plan"), pk=report_id)


ANSWERS = {400: Problem, 403: Problem, 409: Problem, 422: Problem}


@router.post("/projects/{project_id}/reports", response={201: ReportOut, **ANSWERS}, summary="填报或修改报告")
def file_report(request, project_id: Id, payload: ReportIn):
    project = get_object_or_404(projects_for(request.auth).select_related("plan"), pk=project_id)
    data = payload.dict(exclude_none=True)
    report = workflow.save_report(
        project, payload.period, data, request.auth, expected_version=payload.version
    )
    return Status(201, _out(report))


@router.get("/projects/{project_id}/reports", response=list[ReportOut], summary="项目的报告")
def list_reports(request, project_id: Id):
    project = get_object_or_404(projects_for(request.auth), pk=project_id)
    reports = reports_for(request.auth).filter(project=project).prefetch_related("values", "attachments")
    return [_out(r) for r in reports.order_by("-period_start", "kind")]


@router.post("/reports/{report_id}/submit", response={200: ReportOut, **ANSWERS}, summary="提交")
def submit(request, report_id: Id):
    return Status(200, _out(workflow.submit(_report(request, report_id), request.auth)))


@router.post("/reports/{report_id}/approve", response={200: ReportOut, **ANSWERS}, summary="审核通过")
def approve(request, report_id: Id):
    return Status(200, _out(workflow.approve(_report(request, report_id), request.auth)))


@router.post("/reports/{report_id}/return", response={200: ReportOut, **ANSWERS}, summary="退回")
def return_report(request, report_id: Id, payload: ReturnIn):
    report = workflow.return_report(_report(request, report_id), request.auth, payload.comment)
    return Status(200, _out(report))


class ComplianceOut(Schema):
    unit: str
    expected: int
    received: int
    on_time: int
    completeness: float
    timeliness: float


@router.get(
    "/plans/{plan_id}/compliance",
    response={200: list[ComplianceOut], 401: Problem, 403: Problem, 404: Problem, 422: Problem},
    summary="报送完整率与及时率（督查室、分管领导看全部单位，承办单位只看本单位）",
)
def compliance(request, plan_id: Id, as_of: str | None = None, kind: str = "month"):
    """The scope of the compliance page (`compliance_viewer`): offices and leaders of the plan's region
    or above and administrators get every unit, a unit working on the plan only its own row; another
    region's plan, or one the unit has no part in, is 404; anyone else is refused (401/403)."""
    if not request.auth.is_authenticated:
        return Status(401, {"detail": "请先登录，或使用 API 令牌。", "messages": []})
    plan = get_object_or_404(plans_for(request.auth), pk=plan_id)
    viewer = compliance_viewer(request.auth, plan)  # PermissionDenied (403) for anyone else
    try:
        day = parse_day(as_of) if as_of else today()
    except OutOfRange as e:
        return Status(422, {"detail": str(e), "messages": []})
    if kind not in ("month", "week"):
        return Status(422, {"detail": "kind 只能是 month（月报）或 week（周台账）。", "messages": []})
    rows = plan_compliance(plan, day, kind)
    if viewer == "unit":
        own = set(Unit.objects.filter(pk__in=roles_of(request.auth).unit_ids).values_list("name", flat=True))
        rows = [t for t in rows if t.unit in own]
    return Status(
        200,
        [
            {**vars(t), "completeness": round(t.completeness, 4), "timeliness": round(t.timeliness, 4)}
            for t in rows
        ],
    )
