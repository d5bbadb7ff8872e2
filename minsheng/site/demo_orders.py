"""The demo's supervision as of the demo day (15 July 2024), on the city's 2024 plan: a 督办单 of each
grade, one of them raised twice for going unanswered, one answered and closed, one sent by the
escalation ladder's "behind two months" rung (so July's bulletin names its unit for 约谈), an urge, an
extension granted in June and one waiting for the office.
Written with the moments they would have had, each with the audit events the workflow writes, so the
order pages, the watchlist, the bulletin and the history all show something real. Loaded once: nothing
is written when the plan already has demo orders."""

import datetime

from django.db import transaction

from minsheng.core.models import AuditEvent
from minsheng.plans import board
from minsheng.plans.models import Plan, UnitRole
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.site.demo_helpers import stated_timestamps
from minsheng.site.demo_script import DEMO_YEAR
from minsheng.supervision.models import Extension, ExtensionState, OrderKind, OrderState, SupervisionOrder
from minsheng.supervision.orders import grades

D = datetime.date

# (seq, kind, grade, state, trigger, issued, deadline, answered, closed, raised: [(day, grade, deadline)])
ORDERS = [
    ("2", OrderKind.ORDER, grades.PROMPT, OrderState.ISSUED, "", D(2024, 5, 20), D(2024, 5, 30), None, None,
     [(D(2024, 5, 31), grades.WARNING, D(2024, 6, 7)), (D(2024, 6, 8), grades.SERIOUS, D(2024, 6, 13))]),
    ("8", OrderKind.ORDER, grades.WARNING, OrderState.ISSUED, "behind_two_months:2024-06", D(2024, 7, 9),
     D(2024, 7, 16), None, None, []),
    ("3", OrderKind.ORDER, grades.PROMPT, OrderState.CLOSED, "", D(2024, 6, 3), D(2024, 6, 13),
     D(2024, 6, 11), D(2024, 6, 14), []),
    ("15", OrderKind.URGE, "", OrderState.ISSUED, "", D(2024, 7, 8), None, None, None, []),
]  # fmt: skip
REASONS = {
    "2": ("截至2024年4月末完成进度明显落后序时进度。", "请分析原因，制定赶超措施，明确完成时限。"),
    "8": (
        "截至2024年5月末、2024年6月末连续两个月落后序时进度。",
        "请分析进度滞后原因，制定赶超进度的具体措施，明确完成时限，按时书面回复督查室。",
    ),
    "3": ("6月上旬现场督查发现部分点位未按计划开工。", "请于10日内完成整改并报送整改情况。"),
    "15": ("项目进度严重滞后，请本周内报送推进措施。", ""),
}


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), SHANGHAI)


def _event(order, action: str, moment, changes: dict, actor_name: str = "演示督查室") -> AuditEvent:
    return AuditEvent(
        at=moment,
        actor_name=actor_name,
        action=action,
        via="demo",
        model=order._meta.label_lower,
        object_id=str(order.pk),
        object_repr=str(order)[:200],
        changes=changes,
    )


@transaction.atomic
def load_demo_orders() -> int:
    """The demo orders of the city's 2024 plan; the number written (0 when they are there already)."""
    plan = Plan.objects.filter(is_demo=True, year=DEMO_YEAR, region__name="济宁市").first()
    if plan is None or SupervisionOrder.objects.filter(project__plan=plan, is_demo=True).exists():
        return 0
    projects = {p.seq: p for p in plan.projects.prefetch_related("unit_roles__unit")}
    with stated_timestamps(SupervisionOrder, AuditEvent, Extension):
        written = _write(projects) + _extensions(plan, projects)
    board.touch(plan.pk)  # an extension dated in June moves colours from then: cached figures are stale
    return written


# (seq, requested, new date, reason, granted on or None)
EXTENSIONS = [
    ("6", D(2024, 6, 20), D(2025, 6, 30), "地质条件复杂，需变更施工方案并重新审批。", D(2024, 6, 25)),
    ("18", D(2024, 7, 10), D(2025, 3, 31), "设备招标两次流标，安装调试须顺延。", None),
]


def _extensions(plan: Plan, projects: dict) -> int:
    """A granted extension (its project's colour moves from that day) and one waiting for the office."""
    events, written = [], 0
    for seq, requested, new_date, reason, granted_on in EXTENSIONS:
        project = projects.get(seq)
        leads = [r.unit for r in project.unit_roles.all() if r.role == UnitRole.LEAD] if project else []
        if not leads:
            continue
        original = project.deadline or plan.ends
        extension = Extension.objects.create(
            project=project,
            unit=leads[0],
            original_date=original,
            new_date=new_date,
            reason=reason,
            state=ExtensionState.GRANTED if granted_on else ExtensionState.REQUESTED,
            requested_at=_at(requested, 15),
            decided_at=_at(granted_on, 11) if granted_on else None,
            granted_on=granted_on,
            note="同意延期，请按新期限倒排工期，每月报送进展。" if granted_on else "",
        )
        written += 1
        events.append(
            _event(
                extension,
                "request",
                _at(requested, 15),
                {"状态": [None, "待决定"], "申请延至": [str(original), str(new_date)]},
                leads[0].name,
            )
        )
        if granted_on:
            events.append(_event(extension, "grant", _at(granted_on, 11), {"状态": ["待决定", "已同意"]}))
    AuditEvent.objects.bulk_create(events)
    return written


def _write(projects: dict) -> int:
    events, number, written = [], 0, 0
    for seq, kind, grade, state, trigger, issued, deadline, answered, closed, raised in ORDERS:
        project = projects.get(seq)
        leads = [r.unit for r in project.unit_roles.all() if r.role == UnitRole.LEAD] if project else []
        if not leads:
            continue
        reasons, measures = REASONS[seq]
        final_grade, final_deadline = (raised[-1][1], raised[-1][2]) if raised else (grade, deadline)
        if kind == OrderKind.ORDER:
            number += 1
        written += 1
        order = SupervisionOrder.objects.create(
            created_at=_at(issued),
            project=project,
            unit=leads[0],
            kind=kind,
            grade=final_grade,
            number=f"督〔{DEMO_YEAR}〕{number}号" if kind == OrderKind.ORDER else "",
            reasons=reasons,
            measures=measures,
            respond_by=final_deadline,
            state=state,
            trigger=trigger,
            response="已召开专题推进会，倒排工期，6月底前完成剩余点位开工。" if answered else "",
            responded_at=_at(answered, 16) if answered else None,
            issued_at=_at(issued),
            closed_at=_at(closed, 9) if closed else None,
            is_demo=True,
        )
        first = {"状态": [None, "已发出"]}
        if kind == OrderKind.ORDER:
            first |= {"编号": [None, order.number], "等级": [None, grades.GRADES[grade].label]}
            first |= {"回复时限": [None, deadline.isoformat()]}
        action = "confirm" if trigger else ("issue" if kind == OrderKind.ORDER else "urge")
        events.append(_event(order, action, _at(issued), first))
        was_grade, was_deadline = grade, deadline
        for day, new, new_deadline in raised:
            events.append(
                _event(
                    order,
                    "raise",
                    _at(day, 6),
                    {
                        "等级": [grades.GRADES[was_grade].label, grades.GRADES[new].label],
                        "回复时限": [was_deadline.isoformat(), new_deadline.isoformat()],
                    },
                    actor_name="系统",
                )
            )
            was_grade, was_deadline = new, new_deadline
        if answered:
            events.append(
                _event(order, "answer", _at(answered, 16), {"状态": ["已发出", "已回复"]}, leads[0].name)
            )
        if closed:
            events.append(_event(order, "close", _at(closed, 9), {"状态": ["已回复", "已办结"]}))
    AuditEvent.objects.bulk_create(events)
    return written
