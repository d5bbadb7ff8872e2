"""Status endpoint: each project's colour, progress, expected progress and forecast as of a day."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from minsheng.api.bounds import Id
from minsheng.core.dates import parse_day
from minsheng.core.roles import roles_of
from minsheng.plans.scoping import plans_for
from minsheng.supervision.status.queries import default_as_of, plan_status

router = Router(tags=["督办"])


class ProjectStatusOut(Schema):
    project: int
    seq: str
    name: str
    colour: str
    colour_label: str
    progress: float
    expected: float
    gap: float
    forecast_date: datetime.date | None
    finished: bool
    overdue_reports: int
    reasons: list[str]


class StatusOut(Schema):
    plan: int
    as_of: datetime.date
    projects: list[ProjectStatusOut]


class Refusal(Schema):
    detail: str


@router.get(
    "/plans/{plan_id}/status",
    response={200: StatusOut, 422: Refusal},
    summary="项目状态（五色、进度、序时进度、预计完成日期）",
)
def status(request, plan_id: Id, as_of: str | None = None):
    """`as_of` defaults to today, or to the last day of a plan that has ended; the state of that day is
    computed from the reports approved up to it. The reasons of a colour are internal (they name late
    reports and gaps): the public (anonymous, or signed in with no role) gets an empty list, as the
    public board shows none."""
    plan = get_object_or_404(plans_for(request.auth), pk=plan_id)
    day = parse_day(as_of) if as_of else default_as_of(plan)  # OutOfRange: 422 (api.domain_refusal)
    statuses = plan_status(plan, day)
    roles = roles_of(request.auth)
    internal = bool(roles.is_office or roles.leader_paths or roles.deputy_paths or roles.unit_ids)
    projects = plan.projects.order_by("pk").values_list("pk", "seq", "name")
    return Status(
        200,
        {
            "plan": plan.pk,
            "as_of": day,
            "projects": [
                {
                    "project": pk,
                    "seq": seq,
                    "name": name,
                    **{
                        k: getattr(statuses[pk], k)
                        for k in ("colour", "colour_label", "finished", "overdue_reports")
                    },
                    "progress": round(statuses[pk].progress, 4),
                    "expected": round(statuses[pk].expected, 4),
                    "gap": statuses[pk].gap,
                    "forecast_date": statuses[pk].forecast_date,
                    "reasons": list(statuses[pk].reasons) if internal else [],
                }
                for pk, seq, name in projects
            ],
        },
    )
