"""The year-end evaluation's life: the office of a plan creates it (from December of the plan's year,
or any time once the plan is closed), opens it, closes it (the result is computed and stored) and
publishes it (the public board shows it at once). The deputies of the plan's region — that region
exactly: a city deputy evaluates the city's plan — each evaluate every project once.

Secrecy: casting writes, in one transaction, the deputy's `EvaluationReceipt` (unique per
evaluation: the database lets each deputy in once) and adds one to the `EvaluationCount` of each
project's chosen verdict — an UPDATE of existing rows with F(), at most one per verdict. Nothing is
stored per ballot: a row per ballot would sit in the order of casting, which the receipts' order
matches to the deputies. The zero counts (every project × verdict) are created when the evaluation
opens. The audit records the receipt, never the verdicts."""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet

from minsheng.core.audit import log_action
from minsheng.core.clock import now, today
from minsheng.core.errors import DomainError
from minsheng.core.models import Membership, Role
from minsheng.core.retry import when_locked
from minsheng.core.roles import roles_of
from minsheng.participation.evaluations import rules
from minsheng.participation.models import Evaluation, EvaluationCount, EvaluationReceipt, VoteState
from minsheng.plans.board import touch
from minsheng.plans.models import PUBLIC_STATES, Plan
from minsheng.plans.scoping import can_change_plan, changeable_plans

ALREADY = "您已完成测评，每位代表只能测评一次。"


class EvaluationError(DomainError, ValueError):
    """A refusal in Chinese with the HTTP status it maps to (403, 409, 422)."""

    default_message = "测评操作未能完成。"


# ---------------------------------------------------------------- who sees what


def is_deputy_for(user, plan: Plan) -> bool:
    return plan.region.path in roles_of(user).deputy_paths


def evaluations_for(user) -> QuerySet[Evaluation]:
    """Published evaluations of public plans for everyone; the open and closed ones of the region a
    deputy serves (exactly); every evaluation of the plans an office may change."""
    roles = roles_of(user)
    if roles.is_admin:
        return Evaluation.objects.all()
    q = Q(state=VoteState.PUBLISHED, plan__state__in=PUBLIC_STATES)
    if roles.deputy_paths:
        q |= Q(plan__region__path__in=roles.deputy_paths, plan__state__in=PUBLIC_STATES) & ~Q(
            state=VoteState.DRAFT
        )
    if roles.office_paths:
        q |= Q(plan__in=changeable_plans(user))
    return Evaluation.objects.filter(q)


def can_manage(user, evaluation: Evaluation) -> bool:
    return can_change_plan(user, evaluation.plan)


def eligible_plans(user) -> list[Plan]:
    """Plans the user's office may create an evaluation for today (see `rules.creation_refusal`),
    with no evaluation yet."""
    day = today()
    plans = (
        changeable_plans(user)
        .filter(state__in=PUBLIC_STATES, evaluations__isnull=True)
        .select_related("region")
        .order_by("-year", "region__path", "pk")
    )
    return [p for p in plans if rules.creation_refusal(p.state, p.year, day) is None]


def deputies_count(plan: Plan) -> int:
    return (
        Membership.objects.filter(role=Role.DEPUTY, region=plan.region_id).values("user").distinct().count()
    )


def voted_counts(evaluations) -> dict[int, int]:
    """{evaluation id: deputies who have evaluated}, one query."""
    ids = [e.pk for e in evaluations]
    rows = EvaluationReceipt.objects.filter(evaluation__in=ids).values("evaluation").annotate(n=Count("pk"))
    return {r["evaluation"]: r["n"] for r in rows}


# ---------------------------------------------------------------- the office's steps


def create(plan: Plan, user, title: str = "", via: str = "web") -> Evaluation:
    if not can_change_plan(user, plan):
        raise EvaluationError("只有本计划的督查室可以组织满意度测评。", status=403)
    refusal = rules.creation_refusal(plan.state, plan.year, today())
    if refusal:
        raise EvaluationError(refusal)
    title = (title or "").strip() or f"{plan.region.name}{plan.year}年重点民生实事满意度测评"
    if len(title) > 120:
        raise EvaluationError("测评名称不能超过120字。")
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one creation per plan at a time
        if Evaluation.objects.filter(plan=plan).exists():
            raise EvaluationError("本计划已有满意度测评，不能重复创建。", status=409)
        item = Evaluation.objects.create(plan=plan, title=title, created_by=user)
        log_action(
            item,
            "create",
            user,
            {"计划": [None, str(plan)], "状态": [None, str(VoteState.DRAFT.label)]},
            via=via,
        )
    return item


def step(evaluation: Evaluation, action: str, user, via: str = "web") -> Evaluation:
    """Take one step of the evaluation's life (open, close, publish); closing computes the result."""
    if not can_manage(user, evaluation):
        raise EvaluationError("只有本计划的督查室可以操作。", status=403)
    with transaction.atomic():
        item = Evaluation.objects.select_for_update().select_related("plan__region").get(pk=evaluation.pk)
        refusal = rules.step_refusal(item.state, action)
        if refusal:
            raise EvaluationError(refusal, status=409)
        before, after = rules.STEPS[action]
        moment = now()
        fields = ["state"]
        if action == "open":
            item.opened_at = moment
            fields.append("opened_at")
            zero_counts(item)
        elif action == "close":
            item.closed_at, item.result = moment, compute_result(item)
            fields += ["closed_at", "result"]
        else:
            item.published_at = moment
            fields.append("published_at")
        item.state = after
        item.save(update_fields=fields)
        changes = {"状态": [rules.STATE_WORDS[before], rules.STATE_WORDS[after]]}
        if action == "close":
            changes["结果"] = [None, rules.plan_sentence(item.result)]
        log_action(item, action, user, changes, via=via)
        if action == "publish":
            touch(item.plan_id)
    for name in fields:  # the caller's object follows
        setattr(evaluation, name, getattr(item, name))
    return item


def zero_counts(evaluation: Evaluation, project_ids=None) -> None:
    """The count rows (0) of every project × verdict of the plan not yet present."""
    if project_ids is None:
        project_ids = evaluation.plan.projects.values_list("pk", flat=True)
    EvaluationCount.objects.bulk_create(
        (
            EvaluationCount(evaluation=evaluation, project_id=pk, verdict=v, count=0)
            for pk in project_ids
            for v in rules.VERDICTS
        ),
        ignore_conflicts=True,
    )


def compute_result(evaluation: Evaluation) -> dict:
    project_ids = list(evaluation.plan.projects.order_by("order", "pk").values_list("pk", flat=True))
    counted = EvaluationCount.objects.filter(evaluation=evaluation).values_list(
        "project_id", "verdict", "count"
    )
    ballots = EvaluationReceipt.objects.filter(evaluation=evaluation).count()
    return rules.evaluation_result(counted, project_ids, ballots)


def _add_one(evaluation: Evaluation, marks: dict) -> None:
    """Add one to the count of each project's verdict: one UPDATE … SET count = count + 1 per
    verdict. The zero rows come from opening; a project added to the plan since gets its rows
    first. Runs under the evaluation's row lock (see `cast`)."""
    present = EvaluationCount.objects.filter(evaluation=evaluation, project_id__in=list(marks)).count()
    if present != len(marks) * len(rules.VERDICTS):
        zero_counts(evaluation, list(marks))
    by_verdict: dict[str, list[int]] = {}
    for pk, value in marks.items():
        by_verdict.setdefault(value, []).append(pk)
    for value, ids in by_verdict.items():
        EvaluationCount.objects.filter(evaluation=evaluation, verdict=value, project_id__in=ids).update(
            count=F("count") + 1
        )


# ---------------------------------------------------------------- the deputy's ballot


def has_voted(evaluation: Evaluation, user) -> bool:
    return EvaluationReceipt.objects.filter(evaluation=evaluation, deputy=user).exists()


@when_locked  # SQLite's shared-cache test database answers "table is locked" at once; safe to rerun
def cast(evaluation: Evaluation, user, marks: dict, via: str = "web") -> EvaluationReceipt:
    """Store one deputy's verdicts {project id: verdict} for every project of the plan, once."""
    plan = evaluation.plan
    if not is_deputy_for(user, plan):
        raise EvaluationError(f"只有{plan.region.name}人大代表可以参加本次测评。", status=403)
    if evaluation.state != VoteState.OPEN:
        raise EvaluationError("本次测评未在进行中，不能提交。", status=409)
    if has_voted(evaluation, user):
        raise EvaluationError(ALREADY, status=409)
    project_ids = list(plan.projects.order_by("order", "pk").values_list("pk", flat=True))
    errors = rules.marks_refusal(marks, project_ids)
    if errors:
        raise EvaluationError(*errors)
    marks = {pk: marks[pk] for pk in project_ids}
    try:
        with transaction.atomic():
            state = (
                Evaluation.objects.select_for_update()
                .filter(pk=evaluation.pk)
                .values_list("state", flat=True)
            )
            if list(state) != [VoteState.OPEN]:  # closed meanwhile: the result is already computed
                raise EvaluationError("本次测评已结束，不能提交。", status=409)
            receipt = EvaluationReceipt.objects.create(evaluation=evaluation, deputy=user)
            _add_one(evaluation, marks)
            log_action(receipt, "evaluation cast", user, {}, via=via)  # who took part, never how
    except IntegrityError:
        raise EvaluationError(ALREADY, status=409) from None
    return receipt
