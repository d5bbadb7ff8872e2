"""Pages of the year-end evaluation: the list (an office's evaluations and the form to create one; a
deputy's open evaluations; everyone's published results), one evaluation (the office's steps and how
many deputies have evaluated; the result per project once visible) and the deputy's one-page form.
Views are thin: the rules live in `satisfaction`, the steps in `evaluations`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from minsheng.core.roles import roles_of
from minsheng.core.views import refused_to
from minsheng.participation.evaluations import rules
from minsheng.participation.evaluations import workflow as service
from minsheng.participation.evaluations.queries import plan_satisfaction
from minsheng.participation.models import Evaluation, EvaluationReceipt, VoteState
from minsheng.plans.scoping import changeable_plans
from minsheng.supervision.status.queries import default_as_of, plan_status
from minsheng.supervision.status.rules import COLOURS


def _evaluation(request, evaluation_id: int) -> Evaluation:
    found = service.evaluations_for(request.user).select_related("plan__region")
    return get_object_or_404(found, pk=evaluation_id)


def home(request):
    user = request.user
    roles = roles_of(user)
    items = list(
        service.evaluations_for(user)
        .select_related("plan__region")
        .annotate(project_count=Count("plan__projects", distinct=True))
        .order_by("-plan__year", "plan__region__path", "-pk")
    )
    voted = service.voted_counts(items)
    mine = set()
    if roles.deputy_paths and user.is_authenticated:
        mine = set(
            EvaluationReceipt.objects.filter(deputy=user, evaluation__in=[e.pk for e in items]).values_list(
                "evaluation", flat=True
            )
        )
    managed = set(changeable_plans(user).values_list("pk", flat=True)) if roles.is_office else set()
    rows = [
        {
            "item": e,
            "voted": voted.get(e.pk, 0),
            "manage": e.plan_id in managed,
            "can_vote": e.state == VoteState.OPEN and e.plan.region.path in roles.deputy_paths,
            "done": e.pk in mine,
        }
        for e in items
    ]
    context = {
        "rows": rows,
        "to_vote": [r for r in rows if r["can_vote"] and not r["done"]],
        "plans": service.eligible_plans(user) if roles.is_office else [],
        "is_office": roles.is_office,
        "opens_month": rules.OPENS_MONTH,
    }
    return render(request, "participation/evaluations/home.html", context)


@login_required
@require_POST
def create(request):
    plan_id = rules.parse_number(request.POST.get("plan"))
    if plan_id is None:
        messages.error(request, "请选择要测评的计划。")
        return redirect("evaluations:home")
    plan = get_object_or_404(changeable_plans(request.user).select_related("region"), pk=plan_id)
    try:
        item = service.create(plan, request.user, request.POST.get("title", ""))
    except service.EvaluationError as e:
        return refused_to(request, e, "evaluations:home")
    messages.success(request, f"已创建“{item.title}”，开始测评后本级人大代表即可评价。")
    return redirect("evaluations:detail", item.pk)


def detail(request, evaluation_id: int):
    item = _evaluation(request, evaluation_id)
    user = request.user
    manage = service.can_manage(user, item)
    projects = list(item.plan.projects.order_by("order", "pk").values_list("pk", "seq", "name"))
    show = item.state == VoteState.PUBLISHED or (manage and item.state == VoteState.CLOSED)
    result = None
    if show:
        found = plan_satisfaction(item.plan_id, [pk for pk, _, _ in projects], office=manage)
        rows = []
        for pk, seq, name in projects:
            stored = (item.result.get("projects") or {}).get(str(pk)) or {}
            counts = stored.get("counts") or {}
            rows.append(
                {
                    "seq": seq,
                    "name": name,
                    "pk": pk,
                    "counts": [counts.get(v, 0) for v in rules.VERDICTS],
                    "label": rules.verdict_label(stored.get("verdict")),
                    "verdict": stored.get("verdict") or "none",
                    "survey": found.of(pk).survey,
                }
            )
        result = {
            "rows": rows,
            "sentence": rules.plan_sentence(item.result),
            "headers": rules.LABELS.values(),
        }
    is_deputy = service.is_deputy_for(user, item.plan)
    context = {
        "item": item,
        "plan": item.plan,
        "manage": manage,
        "result": result,
        "voted": service.voted_counts([item]).get(item.pk, 0),
        "deputies": service.deputies_count(item.plan) if manage else None,
        "project_count": len(projects),
        "next_step": next(
            ((k, rules.STEP_WORDS[k]) for k, (before, _) in rules.STEPS.items() if before == item.state), None
        ),
        "can_vote": is_deputy and item.state == VoteState.OPEN,
        "done": is_deputy and service.has_voted(item, user),
        "state_word": rules.STATE_WORDS.get(item.state, item.state),
    }
    return render(request, "participation/evaluations/detail.html", context)


@login_required
@require_POST
def step(request, evaluation_id: int, action: str):
    item = _evaluation(request, evaluation_id)
    if action not in rules.STEPS:
        raise Http404
    try:
        service.step(item, action, request.user)
    except service.EvaluationError as e:
        return refused_to(request, e, "evaluations:detail", item.pk)
    messages.success(request, f"已{rules.STEP_WORDS[action]}。")
    return redirect("evaluations:detail", item.pk)


def _vote_rows(item: Evaluation, posted=None) -> list[dict]:
    plan = item.plan
    statuses = plan_status(plan, default_as_of(plan))
    rows = []
    for project in plan.projects.select_related("category").order_by("order", "pk"):
        status = statuses.get(project.pk)
        rows.append(
            {
                "pk": project.pk,
                "seq": project.seq,
                "name": project.name,
                "category": project.category.name if project.category else "",
                "progress": round(status.progress * 100) if status else 0,
                "colour": status.colour if status else "green",
                "colour_label": status.colour_label if status else COLOURS["green"].label,
                "chosen": (posted or {}).get(f"p{project.pk}", ""),
            }
        )
    return rows


@login_required
def vote(request, evaluation_id: int):
    item = _evaluation(request, evaluation_id)
    if not service.is_deputy_for(request.user, item.plan):
        raise Http404
    errors = []
    if request.method == "POST":
        marks, strange = {}, []
        for key, value in request.POST.items():
            if key.startswith("p"):
                pk = rules.parse_number(key[1:])
                if pk is None:
                    strange.append(key)
                else:
                    marks[pk] = value
        try:
            if strange:
                raise service.EvaluationError("提交的项目编号无效，请刷新页面后重新填写。")
            service.cast(item, request.user, marks)
        except service.EvaluationError as e:
            if e.status != 422:
                return refused_to(request, e, "evaluations:detail", item.pk)
            errors = e.messages
        else:
            messages.success(request, "测评已提交，感谢您的评价。测评无记名，结果公布后可在此查看。")
            return redirect("evaluations:detail", item.pk)
    elif item.state != VoteState.OPEN or service.has_voted(item, request.user):
        if item.state == VoteState.OPEN:
            messages.info(request, service.ALREADY)
        return redirect("evaluations:detail", item.pk)
    context = {
        "item": item,
        "plan": item.plan,
        "rows": _vote_rows(item, request.POST if request.method == "POST" else None),
        "choices": list(rules.LABELS.items()),
        "errors": errors,
    }
    return render(request, "participation/evaluations/vote.html", context, status=422 if errors else 200)
