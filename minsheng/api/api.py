"""JSON API v1. Every endpoint reads through the same scoping functions as the pages."""

from functools import wraps

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja.renderers import JSONRenderer

from minsheng.api.auth import TokenOrSession
from minsheng.api.bounds import Id
from minsheng.api.docs import LocalSwagger
from minsheng.api.evaluations import router as evaluations_router
from minsheng.api.proposals import router as proposals_router
from minsheng.api.refusals import MinshengAPI, install_refusals
from minsheng.api.reports import router as reports_router
from minsheng.api.schemas import Error, PlanItem, PlanOut, ProjectOut
from minsheng.api.status import router as status_router
from minsheng.api.votes import router as votes_router
from minsheng.core.audit import channel
from minsheng.core.errors import DomainError, log_refusal
from minsheng.participation.evaluations.workflow import EvaluationError
from minsheng.plans import scoping
from minsheng.plans.models import Plan, Project, UnitRole
from minsheng.plans.queries import with_units
from minsheng.reporting.reports.workflow import ReportError


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = MinshengAPI(
    renderer=ChineseJSONRenderer(),
    title="minsheng 民生实事督办平台 API",
    version="1",
    description="按权限范围读取计划、项目与指标。脚本使用 `Authorization: Bearer 令牌`（`minsheng token 用户名` 生成）。",
    auth=TokenOrSession(),
    urls_namespace="api",
    docs=LocalSwagger(),
)


def _through_the_api(run):
    """Every operation runs as the "api" channel: what it changes is audited as coming through the
    API, whichever business function writes the event (they write "web" for a user's request)."""

    @wraps(run)
    def inner(*args, **kwargs):
        with channel("api"):
            return run(*args, **kwargs)

    return inner


api.add_decorator(_through_the_api, mode="view")

# The report and evaluation operations list the messages beside the joined detail (their schemas say
# so); every other refusal is the detail alone.
LISTED = (ReportError, EvaluationError)


@api.exception_handler(DomainError)
def domain_refusal(request, error: DomainError):
    """Every domain error an operation raises answers its status with the Chinese refusal of the API,
    and is logged as a refusal (INFO), not as an error."""
    log_refusal(request, error)
    body = {"detail": error.message}
    if isinstance(error, LISTED):
        body["messages"] = error.messages
    return api.create_response(request, body, status=error.status)


def _plan_item(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "region": plan.region.name,
        "year": plan.year,
        "title": plan.title,
        "state": plan.state,
        "issuer": plan.issuer,
        "doc_number": plan.doc_number,
        "project_count": plan.project_count,
    }


def _project(project: Project) -> dict:
    roles = list(project.unit_roles.all())

    def refs(role):
        return [
            {"id": r.unit_id, "name": r.unit.name, "role": r.role, "written_as": r.written_as}
            for r in roles
            if r.role == role
        ]

    return {
        "id": project.pk,
        "plan_id": project.plan_id,
        "seq": project.seq,
        "name": project.name,
        "category": project.category.name if project.category else None,
        "summary": project.summary,
        "content": project.content,
        "deadline": project.deadline,
        "state": project.state,
        "lead_units": refs(UnitRole.LEAD),
        "co_units": refs(UnitRole.CO),
        "leaders": [p.name for p in project.leaders.all()],
        "indicators": list(project.indicators.all()),
        "parent_id": project.parent_id,
    }


@api.get("/plans", response=list[PlanItem], summary="计划列表（匿名可读已发布计划）")
def list_plans(request):
    plans = (
        scoping.plans_for(request.auth)
        .select_related("region")
        .annotate(project_count=Count("projects"))
        .order_by("-year", "region__path", "pk")
    )
    return [_plan_item(p) for p in plans]


@api.get("/plans/{plan_id}", response={200: PlanOut, 404: Error}, summary="计划详情：项目、单位与指标")
def get_plan(request, plan_id: Id):
    plans = scoping.plans_for(request.auth).select_related("region").annotate(project_count=Count("projects"))
    plan = get_object_or_404(plans, pk=plan_id)
    projects = with_units(plan.projects.order_by("order"))
    return {
        **_plan_item(plan),
        "issued_date": plan.issued_date,
        "approved_by": plan.approved_by,
        "categories": list(plan.categories.all()),
        "projects": [_project(p) for p in projects],
    }


@api.get("/projects/{project_id}", response={200: ProjectOut, 404: Error}, summary="项目详情")
def get_project(request, project_id: Id):
    project = get_object_or_404(with_units(scoping.projects_for(request.auth)), pk=project_id)
    return _project(project)


api.add_router("/", reports_router)
api.add_router("/", status_router)
api.add_router("/", proposals_router)
api.add_router("/", votes_router)
api.add_router("/", evaluations_router)

install_refusals(api)  # last: its catch-all address comes after every operation
