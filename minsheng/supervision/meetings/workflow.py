"""Recording the decisions of a quarterly topic meeting and marking them done, audited. The office of a
leader's region records them (only for projects the leader is in charge of); ActionError refuses with
Chinese messages."""

from django.db import transaction

from minsheng.core import limits
from minsheng.core.audit import log_action
from minsheng.core.clock import now
from minsheng.core.errors import DomainError
from minsheng.core.models import Person
from minsheng.core.roles import roles_of, under
from minsheng.supervision.meetings.models import DecisionState, MeetingDecision


class DecisionError(DomainError):
    default_message = "议定事项未能保存。"


class NotAllowed(DecisionError):
    status = 403
    default_message = "只有分管领导所在地区的督查室可以记录议定事项。"


def may_record(user, leader: Person) -> bool:
    roles = roles_of(user)
    return roles.is_admin or any(leader.region.path.startswith(p) for p in roles.office_paths)


def decisions_for(user):
    """The decisions the user may read: of the leaders of an office's regions, or a leader's own."""
    roles = roles_of(user)
    found = MeetingDecision.objects.select_related("leader", "project", "unit")
    if roles.is_admin:
        return found
    mine = (
        found.filter(under(roles.office_paths, "leader__region__path"))
        if roles.office_paths
        else found.none()
    )
    if roles.person_id:
        mine = mine | found.filter(leader=roles.person_id)
    return mine


def record(leader: Person, year: int, quarter: int, text: str, user, project=None, unit=None, due_date=None):
    text = (text or "").strip()
    if not may_record(user, leader):
        raise NotAllowed()
    if too_long := limits.text_error(text, "议定事项"):
        raise DecisionError(too_long)
    if not text:
        raise DecisionError("请填写议定事项。")
    if project is not None and not project.leaders.filter(pk=leader.pk).exists():
        raise DecisionError(f"“{project.name}”不是{leader.name}同志分管的项目。")
    with transaction.atomic():
        decision = MeetingDecision.objects.create(
            leader=leader, year=year, quarter=quarter, project=project, unit=unit, text=text,
            due_date=due_date, created_by=user,
        )  # fmt: skip
        log_action(decision, "create", user, {"议定事项": [None, text], "状态": [None, "落实中"]})
    return decision


def mark_done(decision: MeetingDecision, note: str, user) -> MeetingDecision:
    note = (note or "").strip()
    if not may_record(user, decision.leader):
        raise NotAllowed()
    if too_long := limits.text_error(note, "落实情况"):
        raise DecisionError(too_long)
    if not note:
        raise DecisionError("请填写落实情况。")
    with transaction.atomic():
        moved = MeetingDecision.objects.filter(pk=decision.pk, state=DecisionState.OPEN).update(
            state=DecisionState.DONE, done_note=note, done_at=now()
        )
        decision.refresh_from_db()
        if moved:
            log_action(decision, "done", user, {"状态": ["落实中", "已落实"], "落实情况": [None, note]})
    return decision
