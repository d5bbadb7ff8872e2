"""The office's actions on a project and the answers to them, as plain workflow functions.

- 催办 (urge): the office of the plan urges a lead unit, with a short reason → issued;
- 督办单 (notice): the office issues a numbered notice (督〔2024〕3号, numbered per region and year of
  issue) with reasons, required measures and a response deadline → issued; the unit answers
  (→ answered); the office closes it (→ closed) or sends it back with a comment (→ issued again);
- proposals of the escalation ladder (state proposed): the office confirms (→ issued, numbered) or
  dismisses them (→ dismissed, never proposed again for the same trigger);
(Leaders' instructions, 批示, are in instructions.py.)

Every change is audited, goes through a conditional UPDATE (a double click does one thing) and tells
the people concerned by an in-app notification (notifications.outbox). Refusals raise ActionError with
Chinese messages. Who sees what: notices_for."""

import datetime
import re

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from minsheng.core import limits
from minsheng.core.audit import log_action
from minsheng.core.clock import now, today
from minsheng.core.models import Membership, Region, Role
from minsheng.core.roles import roles_of, under
from minsheng.notifications import outbox
from minsheng.notifications.messages import APP, Outgoing
from minsheng.plans.models import Project, UnitRole
from minsheng.plans.scoping import can_change_plan
from minsheng.supervision.models import NoticeKind, NoticeState, SupervisionNotice

STAGE_NOTICE = "notice"  # Notification.stage of these messages (max 8 characters)
OPEN_STATES = [NoticeState.ISSUED, NoticeState.ANSWERED]
UNIT_STATES = [NoticeState.ISSUED, NoticeState.ANSWERED, NoticeState.CLOSED]  # what a unit sees
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)
RESPOND_DAYS = 10  # default response time of a 督办单
NUMBER = re.compile(r"督〔(\d{4})〕(\d+)号")


class ActionError(Exception):
    """Refused; `messages` are for the user, in Chinese; `status` the HTTP answer."""

    status = 422

    def __init__(self, *messages: str):
        super().__init__("；".join(messages))
        self.messages = list(messages)


class NotAllowed(ActionError):
    status = 403


# --- who sees and who may do what ----------------------------------------------------------------


def notices_for(user) -> QuerySet[SupervisionNotice]:
    """Offices and leaders: the notices on plans of their regions (proposals included); a unit: the
    notices addressed to it once issued."""
    roles = roles_of(user)
    notices = SupervisionNotice.objects.all()
    if roles.is_admin:
        return notices
    q = under(roles.read_paths, "project__plan__region__path")
    if roles.unit_ids:
        q |= Q(unit__in=roles.unit_ids, state__in=UNIT_STATES)
    return notices.filter(q)


def may_supervise(user, project: Project) -> bool:
    """The office of the plan (or above it) may urge, issue, close and decide proposals."""
    return can_change_plan(user, project.plan)


def lead_units(project: Project) -> list:
    return [r.unit for r in project.unit_roles.all() if r.role == UnitRole.LEAD]


def may_answer(user, notice: SupervisionNotice) -> bool:
    return notice.unit_id in roles_of(user).unit_ids


# --- messages --------------------------------------------------------------------------------------


def unit_users(unit_ids) -> list[int]:
    return sorted(
        set(
            Membership.objects.filter(unit__in=unit_ids, role__in=[Role.REPORTER, Role.APPROVER]).values_list(
                "user_id", flat=True
            )
        )
    )


def _office_users(project: Project) -> list[int]:
    return sorted(
        set(
            Membership.objects.filter(role=Role.OFFICE, region=project.plan.region_id).values_list(
                "user_id", flat=True
            )
        )
    )


def tell(user_ids, key: str, stage: str, title: str, body: str, link: str) -> None:
    stamp = f"{now():%Y%m%d%H%M%S%f}"
    outbox.store(
        [
            Outgoing(
                key=f"{key}:{stamp}"[:120],
                stage=stage,
                channel=APP,
                title=title[:200],
                body=body,
                link=link,
                recipient_id=user_id,
            )
            for user_id in user_ids
        ]
    )


def notice_label(notice: SupervisionNotice) -> str:
    return f"督办单 {notice.number}" if notice.kind == NoticeKind.NOTICE else "催办"


def notice_title(notice: SupervisionNotice, event: str = "") -> str:
    """【催办】3. 项目名 when issued; 【已办结】督办单 督〔2024〕1号：3. 项目名 for a later event."""
    project = f"{notice.project.seq}. {notice.project.name}"
    if not event:
        return f"【{notice_label(notice)}】{project}"
    return f"【{event}】{notice_label(notice)}：{project}"


def notice_body(notice: SupervisionNotice, extra: str = "") -> str:
    lines = [f"{notice.unit}：", f"事由：{notice.reasons}"]
    if notice.measures:
        lines.append(f"要求：{notice.measures}")
    if notice.respond_by:
        lines.append(f"请于 {notice.respond_by:%Y-%m-%d} 前在平台上回复。")
    if extra:
        lines.append(extra)
    return "\n".join(lines)


def _link(notice: SupervisionNotice) -> str:
    return reverse("actions:notice", args=[notice.pk])


def _tell_unit(notice: SupervisionNotice, what: str, title: str, extra: str = "") -> None:
    tell(
        unit_users([notice.unit_id]),
        f"sn{notice.pk}:{what}",
        STAGE_NOTICE,
        title,
        notice_body(notice, extra),
        _link(notice),
    )


# --- numbering -------------------------------------------------------------------------------------


def next_number(region: Region, year: int) -> str:
    """The next 督办单 number of a region for a year: 督〔2024〕N号. Call inside the transaction that
    stores it, after locking the region (see _lock_region), so two offices never take the same."""
    numbers = SupervisionNotice.objects.filter(
        kind=NoticeKind.NOTICE, project__plan__region=region, number__startswith=f"督〔{year}〕"
    ).values_list("number", flat=True)
    used = [int(m.group(2)) for n in numbers if (m := NUMBER.fullmatch(n))]
    return f"督〔{year}〕{max(used, default=0) + 1}号"


def _lock_region(region_id: int) -> Region:
    return Region.objects.select_for_update().get(pk=region_id)


# --- the office's actions --------------------------------------------------------------------------


def _check_unit(project: Project, unit) -> None:
    if unit is None or unit.pk not in {u.pk for u in lead_units(project)}:
        raise ActionError("请选择该项目的牵头单位。")


def _recent_twin(project: Project, **same) -> SupervisionNotice | None:
    """The same notice issued moments ago (a double click): returned instead of a second one."""
    return (
        SupervisionNotice.objects.filter(project=project, created_at__gte=now() - DUPLICATE_WINDOW, **same)
        .order_by("-pk")
        .first()
    )


def urge(project: Project, unit, reasons: str, user) -> SupervisionNotice:
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
        twin = _recent_twin(
            project, unit=unit, kind=NoticeKind.URGE, reasons=reasons, state=NoticeState.ISSUED
        )
        if twin:
            return twin
        notice = SupervisionNotice.objects.create(
            project=project, unit=unit, kind=NoticeKind.URGE, reasons=reasons,
            state=NoticeState.ISSUED, issued_at=now(), issued_by=user,
        )  # fmt: skip
        log_action(notice, "urge", user, {"状态": [None, "已发出"], "催办事由": [None, reasons]})
        _tell_unit(notice, "urge", notice_title(notice))
    return notice


def _check_notice_fields(reasons: str, respond_by) -> None:
    errors = []
    if not reasons:
        errors.append("请填写督办事由。")
    if respond_by is None:
        errors.append("请填写回复时限。")
    elif respond_by < today():
        errors.append(f"回复时限（{respond_by:%Y-%m-%d}）不能早于今天。")
    if errors:
        raise ActionError(*errors)


def issue_notice(project: Project, unit, reasons: str, measures: str, respond_by, user) -> SupervisionNotice:
    """督办单: numbered per region and year of issue, with a response deadline."""
    reasons, measures = (reasons or "").strip(), (measures or "").strip()
    if not may_supervise(user, project):
        raise NotAllowed("只有本计划的督查室可以下发督办单。")
    _check_unit(project, unit)
    _check_notice_fields(reasons, respond_by)
    if errors := limits.errors_of({"督办事由": (reasons, limits.LONG), "整改要求": (measures, limits.LONG)}):
        raise ActionError(*errors)
    with transaction.atomic():
        region = _lock_region(project.plan.region_id)
        twin = _recent_twin(
            project, unit=unit, kind=NoticeKind.NOTICE, reasons=reasons, state=NoticeState.ISSUED
        )
        if twin:
            return twin
        notice = SupervisionNotice.objects.create(
            project=project, unit=unit, kind=NoticeKind.NOTICE, number=next_number(region, today().year),
            reasons=reasons, measures=measures, respond_by=respond_by, state=NoticeState.ISSUED,
            issued_at=now(), issued_by=user,
        )  # fmt: skip
        log_action(
            notice, "issue", user,
            {"状态": [None, "已发出"], "编号": [None, notice.number], "回复时限": [None, respond_by]},
        )  # fmt: skip
        _tell_unit(notice, "issue", notice_title(notice))
    return notice


def _claim(notice: SupervisionNotice, states, **values) -> bool:
    """Move the notice on if it is still in one of `states`; False when someone (or a double click)
    already did."""
    changed = SupervisionNotice.objects.filter(pk=notice.pk, state__in=states).update(**values)
    notice.refresh_from_db()
    return bool(changed)


def answer(notice: SupervisionNotice, response: str, user) -> SupervisionNotice:
    """The unit answers an issued urge or notice."""
    response = (response or "").strip()
    if not may_answer(user, notice) or notice.state not in UNIT_STATES:
        raise NotAllowed("只有被督办单位可以回复。")
    if too_long := limits.text_error(response, "回复内容"):
        raise ActionError(too_long)
    if not response:
        raise ActionError("请填写回复内容。")
    if notice.state == NoticeState.ANSWERED and notice.response == response:
        return notice  # a double click
    if notice.state != NoticeState.ISSUED:
        raise ActionError(f"该事项{notice.get_state_display()}，不能再回复。")
    with transaction.atomic():
        if _claim(notice, [NoticeState.ISSUED], state=NoticeState.ANSWERED, response=response,
                  responded_at=now(), responded_by=user):  # fmt: skip
            log_action(notice, "answer", user, {"状态": ["已发出", "已回复"], "回复内容": [None, response]})
            tell(
                _office_users(notice.project), f"sn{notice.pk}:answer", STAGE_NOTICE,
                notice_title(notice, "已回复"),
                f"{notice.unit}回复：\n{response}", _link(notice),
            )  # fmt: skip
    return notice


def close(notice: SupervisionNotice, user) -> SupervisionNotice:
    """The office closes an answered notice (an urge also before it is answered)."""
    if not may_supervise(user, notice.project):
        raise NotAllowed("只有本计划的督查室可以办结。")
    states = [NoticeState.ANSWERED] + ([NoticeState.ISSUED] if notice.kind == NoticeKind.URGE else [])
    if notice.state == NoticeState.CLOSED:
        return notice
    if notice.state not in states:
        raise ActionError("督办单须待单位回复后才能办结。" if notice.state == NoticeState.ISSUED
                          else f"该事项{notice.get_state_display()}，不能办结。")  # fmt: skip
    before = notice.get_state_display()
    with transaction.atomic():
        if _claim(notice, states, state=NoticeState.CLOSED, closed_at=now()):
            log_action(notice, "close", user, {"状态": [before, "已办结"]})
            _tell_unit(notice, "close", notice_title(notice, "已办结"))
    return notice


def send_back(notice: SupervisionNotice, comment: str, user) -> SupervisionNotice:
    """The office finds the answer wanting: the notice is issued again with a comment; the unit's
    answer stays on it for the unit to revise."""
    comment = (comment or "").strip()
    if not may_supervise(user, notice.project):
        raise NotAllowed("只有本计划的督查室可以退回。")
    if too_long := limits.text_error(comment, "退回意见"):
        raise ActionError(too_long)
    if not comment:
        raise ActionError("退回时请填写退回意见。")
    if notice.state == NoticeState.ISSUED:
        return notice  # sent back already (a double click)
    if notice.state != NoticeState.ANSWERED:
        raise ActionError(f"该事项{notice.get_state_display()}，不能退回。")
    with transaction.atomic():
        if _claim(notice, [NoticeState.ANSWERED], state=NoticeState.ISSUED):
            log_action(notice, "send_back", user, {"状态": ["已回复", "已发出"], "退回意见": [None, comment]})
            _tell_unit(
                notice, "back", notice_title(notice, "退回重办"),
                f"督查室退回意见：{comment}",
            )  # fmt: skip
    return notice


def confirm(
    notice: SupervisionNotice, user, reasons=None, measures=None, respond_by=None
) -> SupervisionNotice:
    """The office confirms a proposal of the escalation ladder, possibly edited: it is issued (a
    督办单 gets its number now)."""
    if not may_supervise(user, notice.project):
        raise NotAllowed("只有本计划的督查室可以确认发出。")
    if notice.state != NoticeState.PROPOSED:
        return notice  # confirmed or dismissed already (a double click)
    reasons = (reasons if reasons is not None else notice.reasons).strip()
    measures = (measures if measures is not None else notice.measures).strip()
    if respond_by is None and notice.kind == NoticeKind.NOTICE:
        # As proposed, unless the proposal waited past its deadline: then the same time from today.
        respond_by = notice.respond_by
        if respond_by is None or respond_by < today():
            respond_by = today() + datetime.timedelta(days=RESPOND_DAYS)
    if notice.kind == NoticeKind.NOTICE:
        _check_notice_fields(reasons, respond_by)
    elif not reasons:
        raise ActionError("请填写催办事由。")
    with transaction.atomic():
        region = _lock_region(notice.project.plan.region_id)
        number = next_number(region, today().year) if notice.kind == NoticeKind.NOTICE else ""
        if _claim(notice, [NoticeState.PROPOSED], state=NoticeState.ISSUED, number=number, reasons=reasons,
                  measures=measures, respond_by=respond_by, issued_at=now(), issued_by=user):  # fmt: skip
            changes = {"状态": ["拟办（待督查室确认）", "已发出"]}
            if number:
                changes["编号"] = [None, number]
            log_action(notice, "confirm", user, changes)
            _tell_unit(notice, "issue", notice_title(notice))
    return notice


def dismiss(notice: SupervisionNotice, user) -> SupervisionNotice:
    """The office declines a proposal; the ladder never proposes the same trigger again."""
    if not may_supervise(user, notice.project):
        raise NotAllowed("只有本计划的督查室可以处理拟办事项。")
    with transaction.atomic():
        if _claim(notice, [NoticeState.PROPOSED], state=NoticeState.DISMISSED):
            log_action(notice, "dismiss", user, {"状态": ["拟办（待督查室确认）", "不予发出"]})
    return notice
