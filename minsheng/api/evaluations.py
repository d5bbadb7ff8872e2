"""API for the year-end satisfaction: each project's result (the deputies' verdict of the published
evaluation — or, for the plan's office, of a closed one not yet published — and the public survey's
mean), and a deputy's ballot. Scoped like the pages: a plan the user cannot see is 404; an
evaluation the user cannot see is 404."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from minsheng.api.bounds import Id
from minsheng.participation.evaluations import rules
from minsheng.participation.evaluations import workflow as service
from minsheng.participation.evaluations.queries import plan_satisfaction
from minsheng.plans.scoping import can_change_plan, plans_for

router = Router(tags=["公众参与"])


class ProjectSatisfactionOut(Schema):
    project: int
    seq: str
    name: str
    verdict: str | None
    verdict_label: str | None
    counts: dict[str, int] | None
    survey_mean: float | None
    survey_count: int
    survey_enough: bool


class EvaluationInfo(Schema):
    id: int
    title: str
    state: str
    published: bool
    sentence: str
    rate: float | None


class SatisfactionOut(Schema):
    plan: int
    evaluation: EvaluationInfo | None
    survey_mean: float | None
    survey_count: int
    projects: list[ProjectSatisfactionOut]


class BallotIn(Schema):
    marks: dict[str, str]


class BallotOut(Schema):
    evaluation: int
    detail: str


class Refusal(Schema):
    detail: str
    messages: list[str] = []


@router.get(
    "/plans/{plan_id}/satisfaction",
    response={200: SatisfactionOut},
    summary="满意度：各项目的代表测评结果与群众满意度",
)
def satisfaction(request, plan_id: Id):
    """The verdicts come from the plan's published evaluation; the plan's office (and an
    administrator) also gets a closed one before it is published. Counts are given only with a
    verdict the caller may see."""
    plan = get_object_or_404(plans_for(request.auth).select_related("region"), pk=plan_id)
    projects = list(plan.projects.order_by("order", "pk").values_list("pk", "seq", "name"))
    office = request.auth is not None and can_change_plan(request.auth, plan)
    found = plan_satisfaction(plan.pk, [pk for pk, _, _ in projects], office=office)
    evaluation = None
    if found.evaluation:
        rate = found.evaluation["result"].get("plan", {}).get("rate")
        evaluation = {
            "id": found.evaluation["id"],
            "title": found.evaluation["title"],
            "state": found.evaluation["state"],
            "published": found.evaluation["state"] == "published",
            "sentence": found.sentence,
            "rate": rate,
        }
    rows = []
    for pk, seq, name in projects:
        item = found.of(pk)
        survey = item.survey
        rows.append(
            {
                "project": pk,
                "seq": seq,
                "name": name,
                "verdict": item.verdict,
                "verdict_label": item.verdict_label if item.evaluated else None,
                "counts": item.counts if item.evaluated else None,
                "survey_mean": float(survey.mean) if survey.count else None,
                "survey_count": survey.count,
                "survey_enough": survey.enough,
            }
        )
    overall = found.survey
    return {
        "plan": plan.pk,
        "evaluation": evaluation,
        "survey_mean": float(overall.mean) if overall.count else None,
        "survey_count": overall.count,
        "projects": rows,
    }


@router.post(
    "/evaluations/{evaluation_id}/ballot",
    response={201: BallotOut, 403: Refusal, 409: Refusal, 422: Refusal},
    summary="人大代表提交满意度测评（每位代表一次，无记名）",
)
def ballot(request, evaluation_id: Id, payload: BallotIn):
    """`{"marks": {"<project id>": "satisfied" | "basic" | "unsatisfied", …}}` for every project of
    the plan. 409 when already evaluated or the evaluation is not open; 422 for missing or unknown
    projects or an unknown verdict."""
    item = get_object_or_404(
        service.evaluations_for(request.auth).select_related("plan__region"), pk=evaluation_id
    )
    marks, unknown = {}, []
    for key, value in payload.marks.items():
        pk = rules.parse_number(key)
        if pk is None:
            unknown.append(key[:20] + ("…" if len(key) > 20 else ""))
        else:
            marks[pk] = value
    if unknown:
        message = f"以下项目编号无效：{'、'.join(unknown)}。"
        return Status(422, {"detail": message, "messages": [message]})
    service.cast(item, request.auth, marks, via="api")  # an EvaluationError answers its status
    return Status(201, {"evaluation": item.pk, "detail": "测评已提交。"})
