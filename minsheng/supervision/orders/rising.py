"""The part of `minsheng tick` that raises 督办单 left unanswered: an issued sheet whose response
deadline has passed rises one grade (提示 → 警示 → 严重, `grades.rises`) with a new deadline of its new
grade counted from the day. The same sheet rises (one sheet per matter), keeping its number; the unit
and the office are told, and the step is audited as the system's.

Safe to run again and in two processes at once: each sheet is moved by a conditional UPDATE on the
grade and deadline it was read with, so a sheet rises once a deadline however many ticks run."""

import datetime

from django.db import transaction

from minsheng.core.announce import tell
from minsheng.core.audit import log_action
from minsheng.core.retry import when_locked
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.supervision.models import OrderKind, OrderState, SupervisionOrder
from minsheng.supervision.orders import grades
from minsheng.supervision.orders.messages import STAGE_ORDER, office_users, order_link, order_title, tell_unit
from minsheng.supervision.orders.tick import ladder


def _raise(order: SupervisionOrder, new: str, deadline: datetime.date) -> bool:
    old, was = order.grade_of, order.respond_by
    with transaction.atomic():
        moved = SupervisionOrder.objects.filter(
            pk=order.pk, state=OrderState.ISSUED, grade=order.grade, respond_by=was
        ).update(grade=new, respond_by=deadline)
        if not moved:
            return False  # answered meanwhile, or another tick raised it
        order.grade, order.respond_by = new, deadline
        log_action(
            order,
            "raise",
            None,
            {"等级": [old.label if old else None, order.grade_of.label], "回复时限": [was, deadline]},
            via="cli",
        )
        why = f"回复时限 {was:%Y-%m-%d} 已过未回复，升为{order.grade_of.name}。"
        tell_unit(order, f"raise:{new}", order_title(order, f"升级为{order.grade_of.label}"), why)
        tell(
            office_users(order.project),
            f"sn{order.pk}:raise:{new}",
            STAGE_ORDER,
            order_title(order, f"逾期升级为{order.grade_of.label}"),
            f"{order.unit}未在时限内回复。{why}",
            order_link(order),
        )
    return True


@when_locked
def raise_overdue(moment: datetime.datetime) -> int:
    """Raise every issued 督办单 past its deadline without an answer; the number raised."""
    day = moment.astimezone(SHANGHAI).date()
    days = ladder().days_by_grade
    due = (
        SupervisionOrder.objects.filter(kind=OrderKind.ORDER, state=OrderState.ISSUED, respond_by__lt=day)
        .exclude(grade=grades.SERIOUS)
        .select_related("project", "unit")
        .order_by("pk")
    )
    raised = 0
    for order in due:
        new = grades.rises(order.grade or grades.PROMPT, answered=False, deadline=order.respond_by, day=day)
        if new:
            raised += _raise(order, new, grades.respond_by(new, day, days))
    return raised
