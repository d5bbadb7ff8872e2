"""Leaders' instructions (批示): a leader whose region covers the plan's writes on a project, its lead
units are told in the app and reply once with how it is carried out; the leader is told in turn.
Audited, a double click writes one instruction. Who sees what: instructions_for."""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from minsheng.core import limits
from minsheng.core.announce import tell
from minsheng.core.audit import log_action
from minsheng.core.clock import now
from minsheng.core.roles import roles_of, under
from minsheng.plans.models import Project, UnitRole
from minsheng.supervision.models import Instruction
from minsheng.supervision.orders.messages import unit_users
from minsheng.supervision.orders.workflow import (
    DUPLICATE_WINDOW,
    ActionError,
    NotAllowed,
    lead_units,
)

STAGE_INSTRUCTION = "instruct"  # Notification.stage of these messages

__all__ = ["ActionError", "NotAllowed", "instruct", "instructions_for", "is_leader_of", "may_reply", "reply"]


def instructions_for(user) -> QuerySet[Instruction]:
    """Offices and leaders: the instructions on plans of their regions; a unit: those on the projects
    it leads."""
    roles = roles_of(user)
    items = Instruction.objects.all()
    if roles.is_admin:
        return items
    q = under(roles.read_paths, "project__plan__region__path")
    if roles.unit_ids:
        q |= Q(project__unit_roles__unit__in=roles.unit_ids, project__unit_roles__role=UnitRole.LEAD)
    return items.filter(q).distinct()


def is_leader_of(user, project: Project) -> bool:
    """A leader whose region covers the plan's region."""
    path = project.plan.region.path
    return any(path.startswith(p) for p in roles_of(user).leader_paths)


def may_reply(user, instruction: Instruction) -> bool:
    lead = {r.unit_id for r in instruction.project.unit_roles.all() if r.role == UnitRole.LEAD}
    return bool(roles_of(user).unit_ids & lead)


def instruct(project: Project, text: str, user) -> Instruction:
    """A leader's 批示 on a project; its lead units' users are told."""
    text = (text or "").strip()
    if not is_leader_of(user, project):
        raise NotAllowed("只有分管该地区的领导可以作出批示。")
    if too_long := limits.text_error(text, "批示内容"):
        raise ActionError(too_long)
    if not text:
        raise ActionError("请填写批示内容。")
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()  # serialise double clicks
        twin = Instruction.objects.filter(
            project=project, leader=user, text=text, created_at__gte=now() - DUPLICATE_WINDOW
        ).first()
        if twin:
            return twin
        item = Instruction.objects.create(project=project, leader=user, text=text)
        log_action(item, "instruct", user, {"批示内容": [None, text]})
        who = user.get_full_name() or user.username
        tell(
            unit_users([u.pk for u in lead_units(project)]),
            f"in{item.pk}:new",
            STAGE_INSTRUCTION,
            f"【领导批示】{project.seq}. {project.name}",
            f"{who}批示：\n{text}\n请落实并在平台上回复落实情况。",
            reverse("orders:project", args=[project.pk]) + f"#instruction-{item.pk}",
        )
    return item


def reply(instruction: Instruction, text: str, user) -> Instruction:
    """The lead unit replies once with how the instruction is carried out; the leader is told."""
    text = (text or "").strip()
    if not may_reply(user, instruction):
        raise NotAllowed("只有该项目的牵头单位可以回复批示。")
    if too_long := limits.text_error(text, "落实情况"):
        raise ActionError(too_long)
    if not text:
        raise ActionError("请填写落实情况。")
    with transaction.atomic():
        changed = Instruction.objects.filter(pk=instruction.pk, replied_at__isnull=True).update(
            reply=text, replied_at=now(), replied_by=user
        )
        instruction.refresh_from_db()
        if changed:
            log_action(instruction, "reply", user, {"落实情况": [None, text]})
            if instruction.leader_id:
                project = instruction.project
                tell(
                    [instruction.leader_id],
                    f"in{instruction.pk}:reply",
                    STAGE_INSTRUCTION,
                    f"【批示落实】{project.seq}. {project.name}",
                    text,
                    reverse("orders:project", args=[project.pk]) + f"#instruction-{instruction.pk}",
                )
    return instruction
