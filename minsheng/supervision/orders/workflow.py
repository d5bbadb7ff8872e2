"""The office's actions on a project and the answers to them, as plain workflow functions.

- 催办 (urge): the office of the plan urges a lead unit, with a short reason → issued;
- 督办单 (order): the office issues a numbered order (督〔2024〕3号, numbered per region and year of
  issue) with reasons, required measures and a response deadline → issued; the unit answers
  (→ answered); the office closes it (→ closed) or sends it back with a comment (→ issued again);
- proposals of the escalation ladder (state proposed): the office confirms (→ issued, numbered) or
  dismisses them (→ dismissed, never proposed again for the same trigger);
(Leaders' instructions, 批示, are in instructions.py.)

Every change is audited, goes through a conditional UPDATE (a double click does one thing) and tells
the people concerned by an in-app notification (notifications.outbox). Refusals raise ActionError with
Chinese messages. Who sees what: orders_for."""

import datetime
import re

from django.db import transaction
from django.db.models import Q, QuerySet

from minsheng.core import limits
from minsheng.core.announce import tell
from minsheng.core.audit import log_action
from minsheng.core.clock import now, today
from minsheng.core.errors import DomainError
from minsheng.core.models import Region
from minsheng.core.roles import roles_of, under
from minsheng.plans.models import Project, UnitRole
from minsheng.plans.scoping import can_change_plan
from minsheng.supervision.models import OrderKind, OrderState, SupervisionOrder
from minsheng.supervision.orders import grades
from minsheng.supervision.orders.messages import STAGE_ORDER, office_users, order_link, order_title, tell_unit
from minsheng.supervision.orders.tick import ladder

OPEN_STATES = [OrderState.ISSUED, OrderState.ANSWERED]


UNIT_STATES = [OrderState.ISSUED, OrderState.ANSWERED, OrderState.CLOSED]  # what a unit sees


DUPLICATE_WINDOW = datetime.timedelta(minutes=10)


NUMBER = re.compile(r"督〔(\d{4})〕(\d+)号")


class ActionError(DomainError):
    """Refused; `messages` are for the user, in Chinese; `status` the HTTP answer."""

    default_message = "该督办操作未能完成。"


class NotAllowed(ActionError):
    status = 403
    default_message = "无权进行该操作。"


def orders_for(user) -> QuerySet[SupervisionOrder]:
    """Offices and leaders: the orders on plans of their regions (proposals included); a unit: the
    orders addressed to it once issued."""
    roles = roles_of(user)
    orders = SupervisionOrder.objects.all()
    if roles.is_admin:
        return orders
    q = under(roles.read_paths, "project__plan__region__path")
    if roles.unit_ids:
        q |= Q(unit__in=roles.unit_ids, state__in=UNIT_STATES)
    return orders.filter(q)


def may_supervise(user, project: Project) -> bool:
    """The office of the plan (or above it) may urge, issue, close and decide proposals."""
    return can_change_plan(user, project.plan)


def lead_units(project: Project) -> list:
    return [r.unit for r in project.unit_roles.all() if r.role == UnitRole.LEAD]


def may_answer(user, order: SupervisionOrder) -> bool:
    return order.unit_id in roles_of(user).unit_ids


def next_number(region: Region, year: int) -> str:
    """The next 督办单 number of a region for a year: 督〔2024〕N号. Call inside the transaction that
    stores it, after locking the region (see _lock_region), so two offices never take the same."""
    numbers = SupervisionOrder.objects.filter(
        kind=OrderKind.ORDER, project__plan__region=region, number__startswith=f"督〔{year}〕"
    ).values_list("number", flat=True)
    used = [int(m.group(2)) for n in numbers if (m := NUMBER.fullmatch(n))]
    return f"督〔{year}〕{max(used, default=0) + 1}号"


def _lock_region(region_id: int) -> Region:
    return Region.objects.select_for_update().get(pk=region_id)


def _check_unit(project: Project, unit) -> None:
    if unit is None or unit.pk not in {u.pk for u in lead_units(project)}:
        raise ActionError("请选择该项目的牵头单位。")


def _recent_twin(project: Project, **same) -> SupervisionOrder | None:
    """The same order issued moments ago (a double click): returned instead of a second one."""
    return (
        SupervisionOrder.objects.filter(project=project, created_at__gte=now() - DUPLICATE_WINDOW, **same)
        .order_by("-pk")
        .first()
    )


def urge(project: Project, unit, reasons: str, user) -> SupervisionOrder:
    """催办: the office urges a lead unit on a project, with a short reason."""
    reasons = (reasons or "").strip()
    if not may_supervise(user, project):
        raise NotAllowed("只有本计划的督查室可以催办。")
    if too_long := limits.text_error(reasons, "催办事由"):
        raise ActionError(too_long)
    _check_unit(project, unit)
    if not reasons:
        raise ActionError("请填写催办事由。")
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()  # serialise double clicks
        twin = _recent_twin(project, unit=unit, kind=OrderKind.URGE, reasons=reasons, state=OrderState.ISSUED)
        if twin:
            return twin
        order = SupervisionOrder.objects.create(
            project=project,
            unit=unit,
            kind=OrderKind.URGE,
            reasons=reasons,
            state=OrderState.ISSUED,
            issued_at=now(),
            issued_by=user,
        )
        log_action(
            order, "urge", user, {"状态": [None, str(OrderState.ISSUED.label)], "催办事由": [None, reasons]}
        )
        tell_unit(order, "urge", order_title(order))
    return order


def _check_order_fields(reasons: str, respond_by) -> None:
    errors = []
    if not reasons:
        errors.append("请填写督办事由。")
    if respond_by is None:
        errors.append("请填写回复时限。")
    elif respond_by < today():
        errors.append(f"回复时限（{respond_by:%Y-%m-%d}）不能早于今天。")
    if errors:
        raise ActionError(*errors)


def issue_order(
    project: Project, unit, reasons: str, measures: str, respond_by, user, grade: str = grades.PROMPT
) -> SupervisionOrder:
    """督办单: numbered per region and year of issue, graded (提示, 警示, 严重), with a response
    deadline."""
    reasons, measures = (reasons or "").strip(), (measures or "").strip()
    if not may_supervise(user, project):
        raise NotAllowed("只有本计划的督查室可以下发督办单。")
    _check_unit(project, unit)
    if grade not in grades.GRADES:
        raise ActionError("请选择督办单等级：提示、警示或严重。")
    respond_by = respond_by or grades.respond_by(grade, today(), ladder().days_by_grade)
    _check_order_fields(reasons, respond_by)
    if errors := limits.errors_of({"督办事由": (reasons, limits.LONG), "整改要求": (measures, limits.LONG)}):
        raise ActionError(*errors)
    with transaction.atomic():
        region = _lock_region(project.plan.region_id)
        twin = _recent_twin(
            project, unit=unit, kind=OrderKind.ORDER, reasons=reasons, state=OrderState.ISSUED
        )
        if twin:
            return twin
        order = SupervisionOrder.objects.create(
            project=project,
            unit=unit,
            kind=OrderKind.ORDER,
            number=next_number(region, today().year),
            grade=grade,
            reasons=reasons,
            measures=measures,
            respond_by=respond_by,
            state=OrderState.ISSUED,
            issued_at=now(),
            issued_by=user,
        )
        log_action(
            order,
            "issue",
            user,
            {
                "状态": [None, str(OrderState.ISSUED.label)],
                "编号": [None, order.number],
                "等级": [None, order.grade_of.label],
                "回复时限": [None, respond_by],
            },
        )
        tell_unit(order, "issue", order_title(order))
    return order


def _claim(order: SupervisionOrder, states, **values) -> bool:
    """Move the order on if it is still in one of `states`; False when someone (or a double click)
    already did."""
    changed = SupervisionOrder.objects.filter(pk=order.pk, state__in=states).update(**values)
    order.refresh_from_db()
    return bool(changed)


def answer(order: SupervisionOrder, response: str, user) -> SupervisionOrder:
    """The unit answers an issued urge or order."""
    response = (response or "").strip()
    if not may_answer(user, order) or order.state not in UNIT_STATES:
        raise NotAllowed("只有被督办单位可以回复。")
    if too_long := limits.text_error(response, "回复内容"):
        raise ActionError(too_long)
    if not response:
        raise ActionError("请填写回复内容。")
    if order.state == OrderState.ANSWERED and order.response == response:
        return order  # a double click
    if order.state != OrderState.ISSUED:
        raise ActionError(f"该事项{order.get_state_display()}，不能再回复。")
    with transaction.atomic():
        if _claim(
            order,
            [OrderState.ISSUED],
            state=OrderState.ANSWERED,
            response=response,
            responded_at=now(),
            responded_by=user,
        ):
            log_action(
                order,
                "answer",
                user,
                {
                    "状态": [str(OrderState.ISSUED.label), str(OrderState.ANSWERED.label)],
                    "回复内容": [None, response],
                },
            )
            tell(
                office_users(order.project),
                f"sn{order.pk}:answer",
                STAGE_ORDER,
                order_title(order, "已回复"),
                f"{order.unit}回复：\n{response}",
                order_link(order),
            )
    return order


def close(order: SupervisionOrder, user) -> SupervisionOrder:
    """The office closes an answered order (an urge also before it is answered)."""
    if not may_supervise(user, order.project):
        raise NotAllowed("只有本计划的督查室可以办结。")
    states = [OrderState.ANSWERED] + ([OrderState.ISSUED] if order.kind == OrderKind.URGE else [])
    if order.state == OrderState.CLOSED:
        return order
    if order.state not in states:
        raise ActionError(
            "督办单须待单位回复后才能办结。"
            if order.state == OrderState.ISSUED
            else f"该事项{order.get_state_display()}，不能办结。"
        )
    before = order.get_state_display()
    with transaction.atomic():
        if _claim(order, states, state=OrderState.CLOSED, closed_at=now()):
            log_action(order, "close", user, {"状态": [before, str(OrderState.CLOSED.label)]})
            tell_unit(order, "close", order_title(order, "已办结"))
    return order


def send_back(order: SupervisionOrder, comment: str, user) -> SupervisionOrder:
    """The office finds the answer wanting: the order is issued again with a comment; the unit's
    answer stays on it for the unit to revise."""
    comment = (comment or "").strip()
    if not may_supervise(user, order.project):
        raise NotAllowed("只有本计划的督查室可以退回。")
    if too_long := limits.text_error(comment, "退回意见"):
        raise ActionError(too_long)
    if not comment:
        raise ActionError("退回时请填写退回意见。")
    if order.state == OrderState.ISSUED:
        return order  # sent back already (a double click)
    if order.state != OrderState.ANSWERED:
        raise ActionError(f"该事项{order.get_state_display()}，不能退回。")
    # A deadline passed meanwhile starts again from today: the unit did answer, the sheet does not rise.
    respond_by = order.respond_by
    if order.kind == OrderKind.ORDER and (respond_by is None or respond_by < today()):
        respond_by = grades.respond_by(order.grade or grades.PROMPT, today(), ladder().days_by_grade)
    with transaction.atomic():
        if _claim(order, [OrderState.ANSWERED], state=OrderState.ISSUED, respond_by=respond_by):
            log_action(
                order,
                "send_back",
                user,
                {
                    "状态": [str(OrderState.ANSWERED.label), str(OrderState.ISSUED.label)],
                    "退回意见": [None, comment],
                },
            )
            tell_unit(
                order,
                "back",
                order_title(order, "退回重办"),
                f"督查室退回意见：{comment}",
            )
    return order


def confirm(order: SupervisionOrder, user, reasons=None, measures=None, respond_by=None) -> SupervisionOrder:
    """The office confirms a proposal of the escalation ladder, possibly edited: it is issued (a
    督办单 gets its number now)."""
    if not may_supervise(user, order.project):
        raise NotAllowed("只有本计划的督查室可以确认发出。")
    if order.state != OrderState.PROPOSED:
        return order  # confirmed or dismissed already (a double click)
    reasons = (reasons if reasons is not None else order.reasons).strip()
    measures = (measures if measures is not None else order.measures).strip()
    if respond_by is None and order.kind == OrderKind.ORDER:
        # As proposed, unless the proposal waited past its deadline: then its grade's time from today.
        respond_by = order.respond_by
        if respond_by is None or respond_by < today():
            respond_by = grades.respond_by(order.grade or grades.PROMPT, today(), ladder().days_by_grade)
    if order.kind == OrderKind.ORDER:
        _check_order_fields(reasons, respond_by)
    elif not reasons:
        raise ActionError("请填写催办事由。")
    with transaction.atomic():
        region = _lock_region(order.project.plan.region_id)
        number = next_number(region, today().year) if order.kind == OrderKind.ORDER else ""
        if _claim(
            order,
            [OrderState.PROPOSED],
            state=OrderState.ISSUED,
            number=number,
            reasons=reasons,
            measures=measures,
            respond_by=respond_by,
            issued_at=now(),
            issued_by=user,
        ):
            changes = {"状态": [str(OrderState.PROPOSED.label), str(OrderState.ISSUED.label)]}
            if number:
                changes["编号"] = [None, number]
            log_action(order, "confirm", user, changes)
            tell_unit(order, "issue", order_title(order))
    return order


def dismiss(order: SupervisionOrder, user) -> SupervisionOrder:
    """The office declines a proposal; the ladder never proposes the same trigger again."""
    if not may_supervise(user, order.project):
        raise NotAllowed("只有本计划的督查室可以处理拟办事项。")
    with transaction.atomic():
        if _claim(order, [OrderState.PROPOSED], state=OrderState.DISMISSED):
            log_action(
                order,
                "dismiss",
                user,
                {"状态": [str(OrderState.PROPOSED.label), str(OrderState.DISMISSED.label)]},
            )
    return order
