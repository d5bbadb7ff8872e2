"""What the 催办 and 督办单 workflow tells people, and whom: the users of a unit and of the plan's office, and each message's title, body and link (delivered by notifications through core.announce)."""

from django.urls import reverse

from minsheng.core.announce import tell
from minsheng.core.models import Membership, Role
from minsheng.plans.models import Project
from minsheng.supervision.models import OrderKind, SupervisionOrder

STAGE_ORDER = "notice"  # Notification.stage of these messages (max 8 characters)


def unit_users(unit_ids) -> list[int]:
    return sorted(
        set(
            Membership.objects.filter(unit__in=unit_ids, role__in=[Role.REPORTER, Role.APPROVER]).values_list(
                "user_id", flat=True
            )
        )
    )


def office_users(project: Project) -> list[int]:
    return sorted(
        set(
            Membership.objects.filter(role=Role.OFFICE, region=project.plan.region_id).values_list(
                "user_id", flat=True
            )
        )
    )


def order_label(order: SupervisionOrder) -> str:
    """督办单 督〔2024〕3号（警示）, or 催办."""
    if order.kind != OrderKind.ORDER:
        return "催办"
    grade = f"（{order.grade_of.label}）" if order.grade_of else ""
    return f"督办单 {order.number}{grade}"


def order_title(order: SupervisionOrder, event: str = "") -> str:
    """【催办】3. 项目名 when issued; 【已办结】督办单 督〔2024〕1号：3. 项目名 for a later event."""
    project = f"{order.project.seq}. {order.project.name}"
    if not event:
        return f"【{order_label(order)}】{project}"
    return f"【{event}】{order_label(order)}：{project}"


def order_body(order: SupervisionOrder, extra: str = "") -> str:
    lines = [f"{order.unit}：", f"事由：{order.reasons}"]
    if order.measures:
        lines.append(f"要求：{order.measures}")
    if order.respond_by:
        lines.append(f"请于 {order.respond_by:%Y-%m-%d} 前在平台上回复。")
    if extra:
        lines.append(extra)
    return "\n".join(lines)


def order_link(order: SupervisionOrder) -> str:
    return reverse("orders:detail", args=[order.pk])


def tell_unit(order: SupervisionOrder, what: str, title: str, extra: str = "") -> None:
    tell(
        unit_users([order.unit_id]),
        f"sn{order.pk}:{what}",
        STAGE_ORDER,
        title,
        order_body(order, extra),
        order_link(order),
    )
