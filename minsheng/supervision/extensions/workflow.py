"""The steps of an extension request: a lead unit asks (`request_extension`), the plan's office grants or
refuses (`decide`). Each step is audited, moves the request by a conditional UPDATE (a double click does
one thing), and tells the other side in the app. A grant moves the project's due date from today: the
board stamp moves (today's colour changes), the history stamp does not (earlier days keep the original
date). Refusals raise ExtensionError with Chinese messages."""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse

from minsheng.core import limits
from minsheng.core.announce import tell
from minsheng.core.audit import log_action
from minsheng.core.clock import now, today
from minsheng.core.dates import chinese_date
from minsheng.core.errors import DomainError
from minsheng.core.roles import roles_of
from minsheng.plans import board
from minsheng.plans.models import Project, UnitRole
from minsheng.plans.scoping import can_change_plan
from minsheng.supervision.extensions import rules
from minsheng.supervision.extensions.models import Extension, ExtensionState
from minsheng.supervision.orders.messages import STAGE_ORDER, office_users, unit_users
from minsheng.supervision.status.queries import dues_at


class ExtensionError(DomainError):
    default_message = "延期申请未能办理。"


class NotAllowed(ExtensionError):
    status = 403
    default_message = "无权办理该延期申请。"


def base_due(project: Project) -> datetime.date:
    """The project's due date before any extension: its deadline, else its plan's last day."""
    return project.due


def due_today(project: Project) -> datetime.date:
    """The due date in force today (the latest extension granted, else the original), as the status
    engine reads it (`status.queries.dues_at`)."""
    return dues_at([project.plan], today(), [project.pk])[project.pk]


def lead_unit_of(user, project: Project):
    """The user's unit among the project's lead units, or None."""
    mine = roles_of(user).unit_ids
    return next(
        (r.unit for r in project.unit_roles.all() if r.role == UnitRole.LEAD and r.unit_id in mine), None
    )


def may_decide(user, project: Project) -> bool:
    return can_change_plan(user, project.plan)


def _link(extension: Extension) -> str:
    return reverse("extensions:project", args=[extension.project_id]) + f"#extension-{extension.pk}"


def request_extension(project: Project, new_date, reason: str, user) -> Extension:
    reason = (reason or "").strip()
    unit = lead_unit_of(user, project)
    if unit is None:
        raise NotAllowed("只有项目的牵头单位可以申请延期。")
    if too_long := limits.text_error(reason, "延期理由"):
        raise ExtensionError(too_long)
    due = due_today(project)
    waiting = project.extensions.filter(state=ExtensionState.REQUESTED)
    twin = waiting.filter(new_date=new_date, reason=reason, requested_by=user).first()
    if twin:
        return twin  # a double click
    if problems := rules.request_problems(today(), due, new_date, reason, waiting.exists()):
        raise ExtensionError(*problems)
    try:
        with transaction.atomic():
            extension = Extension.objects.create(
                project=project,
                unit=unit,
                original_date=due,
                new_date=new_date,
                reason=reason,
                requested_by=user,
            )
            log_action(
                extension,
                "request",
                user,
                {"状态": [None, str(ExtensionState.REQUESTED.label)], "申请延至": [due, new_date]},
            )
            tell(
                office_users(project),
                f"ext{extension.pk}:request",
                STAGE_ORDER,
                f"【延期申请】{project.seq}. {project.name}",
                f"{unit}申请将完成期限由{chinese_date(due)}延至{chinese_date(new_date)}。\n理由：{reason}\n"
                f"请于{chinese_date(rules.decide_by(today()))}前决定。",
                _link(extension),
            )
    except IntegrityError:  # a concurrent request took the one waiting place
        raise ExtensionError("该项目已有一份延期申请待督查室决定，请勿重复申请。") from None
    return extension


def decide(extension: Extension, grant: bool, note: str, user) -> Extension:
    """The office grants (the new date holds from today) or refuses (with its reason)."""
    note = (note or "").strip()
    project = extension.project
    if not may_decide(user, project):
        raise NotAllowed("只有本计划的督查室可以决定延期申请。")
    if too_long := limits.text_error(note, "决定意见"):
        raise ExtensionError(too_long)
    if extension.state != ExtensionState.REQUESTED:
        return extension  # decided already (a double click)
    if not grant and not note:
        raise ExtensionError("不同意延期时请写明理由。")
    state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
    with transaction.atomic():
        moved = Extension.objects.filter(pk=extension.pk, state=ExtensionState.REQUESTED).update(
            state=state,
            note=note,
            decided_by=user,
            decided_at=now(),
            granted_on=today() if grant else None,
        )
        extension.refresh_from_db()
        if not moved:
            return extension
        log_action(
            extension,
            "grant" if grant else "refuse_extension",
            user,
            {
                "状态": [str(ExtensionState.REQUESTED.label), str(state.label)],
                "决定意见": [None, note or None],
            },
        )
        if grant:
            board.touch(project.plan_id, past=False)  # today's colour reads the new date; earlier days do not
        what = f"同意延至{chinese_date(extension.new_date)}" if grant else "不同意延期"
        tell(
            unit_users([extension.unit_id]),
            f"ext{extension.pk}:decide",
            STAGE_ORDER,
            f"【延期申请{'已同意' if grant else '未同意'}】{project.seq}. {project.name}",
            f"督查室{what}。" + (f"\n意见：{note}" if note else ""),
            _link(extension),
        )
    return extension
