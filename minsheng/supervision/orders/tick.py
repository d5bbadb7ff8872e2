"""The escalation ladder's part of `minsheng tick`: read the status of every published plan on the
ladder's checkpoints, apply the rules of escalation.py and store what they propose as SupervisionNotice
rows in state "proposed" for the office to confirm or dismiss. Nothing is issued here.

Safe to run again and in two processes at once: a trigger already used for a project and unit (in any
state) is skipped, and the unique constraint `one_open_proposal_per_trigger` refuses a second open
proposal that a concurrent tick tries to insert. Cost: the status engine's queries per published plan
and checkpoint (none for a plan outside the ladder's windows), plus five: plans, lead units, stored
orders, project names, and one bulk insert of the new proposals with their audit rows (as core.audit.log_action
would write them, one statement for all)."""

import datetime
from collections import defaultdict
from dataclasses import fields

from django.conf import settings
from django.db import IntegrityError, transaction

from minsheng.core.models import AuditEvent, UnitKind
from minsheng.core.retry import when_locked
from minsheng.plans.models import Plan, PlanState, Project, ProjectUnit, UnitRole
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.supervision.models import OrderKind, OrderState, SupervisionOrder
from minsheng.supervision.orders import escalation
from minsheng.supervision.status.queries import plan_status, thresholds

OPEN_STATES = [OrderState.PROPOSED, OrderState.ISSUED, OrderState.ANSWERED]


def ladder() -> escalation.Ladder:
    given = getattr(settings, "MINSHENG_ESCALATION", {}) or {}
    names = {f.name for f in fields(escalation.Ladder)}
    return escalation.Ladder(**{k: v for k, v in given.items() if k in names})


def candidates(day: datetime.date) -> list[tuple[int, escalation.Proposal]]:
    """(project id, proposal) for every published plan, before looking at what is stored."""
    limits, rules = thresholds(), ladder()
    out = []
    for plan in Plan.objects.filter(state=PlanState.PUBLISHED).select_related("calendar").order_by("pk"):
        points = escalation.checkpoints(day, plan.begins, plan.ends, rules)
        if not points:
            continue
        by_day = {d: plan_status(plan, d) for d in sorted(set(points.values()))}
        for project_id in sorted(next(iter(by_day.values()))):
            statuses = {name: by_day[d][project_id] for name, d in points.items()}
            out += [(project_id, p) for p in escalation.proposals(day, points, statuses, limits, rules)]
    return out


def _lead_units(project_ids: set[int]) -> dict[int, list[int]]:
    """Per project the units a proposal goes to: its lead units, leaving out collective references
    ("各县市区政府") unless the project has no other lead unit."""
    rows = defaultdict(list)
    for project_id, unit_id, kind in (
        ProjectUnit.objects.filter(project__in=project_ids, role=UnitRole.LEAD)
        .order_by("project", "order", "pk")
        .values_list("project_id", "unit_id", "unit__kind")
    ):
        rows[project_id].append((unit_id, kind))
    return {
        project_id: [u for u, k in units if k != UnitKind.COLLECTIVE] or [u for u, _ in units]
        for project_id, units in rows.items()
    }


def _audit(order: SupervisionOrder) -> AuditEvent:
    """The audit row log_action writes for a proposal by the system, built for a bulk insert."""
    return AuditEvent(
        actor=None,
        actor_name="系统",
        action="propose",
        via="cli",
        model=order._meta.label_lower,
        object_id=str(order.pk),
        object_repr=str(order)[:200],
        changes={
            "状态": [None, str(OrderState.PROPOSED.label)],
            "触发规则": [None, escalation.rule_name(order.trigger)],
        },
    )


@when_locked
def _store_one(order: SupervisionOrder) -> bool:
    try:
        with transaction.atomic():
            order.save(force_insert=True)
            _audit(order).save()
    except IntegrityError:  # a concurrent tick stored the same proposal first
        return False
    return True


@when_locked
def _store(orders: list[SupervisionOrder]) -> int:
    """Insert the proposals and their audit rows in two statements; if a concurrent tick stored one of
    them meanwhile (the unique constraint refuses it), one by one, skipping those."""
    try:
        with transaction.atomic():
            SupervisionOrder.objects.bulk_create(orders)
            AuditEvent.objects.bulk_create([_audit(n) for n in orders])
    except IntegrityError:
        for order in orders:
            order.pk = None
        return sum(_store_one(n) for n in orders)
    return len(orders)


@when_locked  # SQLite's shared cache (the tests) answers "table is locked" to a reader, too; all safe to rerun
def propose_escalations(moment: datetime.datetime) -> int:
    """Store the ladder's new proposals as of `moment`; the number stored."""
    day = moment.astimezone(SHANGHAI).date()
    found = candidates(day)
    if not found:
        return 0
    project_ids = {project_id for project_id, _ in found}
    units = _lead_units(project_ids)
    projects = Project.objects.only("pk", "seq", "name").in_bulk(project_ids)  # for the audit rows
    taken, open_order = defaultdict(set), set()
    for project_id, unit_id, trigger, kind, state in SupervisionOrder.objects.filter(
        project__in=project_ids
    ).values_list("project_id", "unit_id", "trigger", "kind", "state"):
        if trigger:
            taken[project_id, unit_id].add(trigger)
        if kind == OrderKind.ORDER and state in OPEN_STATES:
            open_order.add((project_id, unit_id))
    new = []
    for project_id, proposal in found:
        for unit_id in units.get(project_id, []):
            key = (project_id, unit_id)
            if not escalation.still_wanted(proposal, taken[key], key in open_order):
                continue
            taken[key].add(proposal.trigger)
            if proposal.kind == OrderKind.ORDER:
                open_order.add(key)
            new.append(
                SupervisionOrder(
                    project=projects[project_id],
                    unit_id=unit_id,
                    kind=proposal.kind,
                    grade=proposal.grade,
                    reasons=proposal.reasons,
                    measures=proposal.measures,
                    respond_by=proposal.respond_by,
                    state=OrderState.PROPOSED,
                    trigger=proposal.trigger,
                )
            )
    return _store(new) if new else 0
