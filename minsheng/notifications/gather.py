"""The database side of deciding reminders: read published plans, lead units, submitted reports,
recipients and robots in a handful of queries (none per project), then call the plain functions."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Q

from minsheng.core.models import Membership, Role
from minsheng.core.retry import when_locked
from minsheng.notifications import reminders
from minsheng.notifications.messages import Outgoing, Person, Robot, compose
from minsheng.notifications.models import RobotWebhook
from minsheng.plans.models import Plan, PlanState, ProjectUnit, UnitRole
from minsheng.reporting.models import Report
from minsheng.reporting.reports.workflow import rules_for


def lead_days() -> dict[str, int]:
    return getattr(settings, "MINSHENG_REMINDER_LEAD_DAYS", reminders.DEFAULT_LEAD_DAYS)


def published_plans(moment: datetime.datetime) -> list[reminders.PlanInfo]:
    """Published plans that have a period with a reminder stage at `moment` (one query)."""
    plans = Plan.objects.filter(state=PlanState.PUBLISHED).select_related("region", "calendar")
    infos = [
        reminders.PlanInfo(
            id=p.pk,
            name=f"{p.region.name}{p.year}年民生实事",
            region_id=p.region_id,
            state=p.state,
            begins=p.begins,
            ends=p.ends,
            rules=rules_for(p),
        )
        for p in plans
    ]
    return [p for p in infos if reminders.open_periods(moment, p, lead_days())]


def _label(seq: str, name: str) -> str:
    return f"{seq}. {name if len(name) <= 60 else name[:59] + '…'}"


def leads_of(plan_ids: list[int]) -> list[reminders.Lead]:
    rows = (
        ProjectUnit.objects.filter(role=UnitRole.LEAD, project__plan_id__in=plan_ids)
        .order_by("project__plan_id", "project__order", "project_id", "order")
        .values_list(
            "project__plan_id", "project_id", "project__seq", "project__name", "unit_id", "unit__name"
        )
    )
    return [
        reminders.Lead(plan, project, _label(seq, name), unit, unit_name)
        for plan, project, seq, name, unit, unit_name in rows
    ]


def submitted_reports(plan_ids: list[int], period_keys: set[str]) -> set[tuple[int, str]]:
    return set(
        Report.objects.filter(
            project__plan_id__in=plan_ids, period__in=sorted(period_keys), submitted_at__isnull=False
        ).values_list("project_id", "period")
    )


@when_locked
def due_reminders(moment: datetime.datetime) -> list[reminders.Reminder]:
    plans = published_plans(moment)
    if not plans:
        return []
    ids = [p.id for p in plans]
    submitted = submitted_reports(ids, reminders.period_keys(moment, plans, lead_days()))
    return reminders.due_reminders(moment, plans, leads_of(ids), submitted, lead_days())


def people_of(unit_ids: set[int]) -> dict[int, list[Person]]:
    """Active reporters and approvers of each unit, each user once."""
    out, seen = defaultdict(list), set()
    rows = (
        Membership.objects.filter(
            unit_id__in=unit_ids, role__in=[Role.REPORTER, Role.APPROVER], user__is_active=True
        )
        .order_by("unit_id", "user_id")
        .values_list("unit_id", "user_id", "user__email")
    )
    for unit_id, user_id, email in rows:
        if (unit_id, user_id) not in seen:
            seen.add((unit_id, user_id))
            out[unit_id].append(Person(user_id, (email or "").strip()))
    return out


def robots_of(unit_ids: set[int], region_ids: set[int]) -> tuple[dict, dict]:
    by_unit, by_region = defaultdict(list), defaultdict(list)
    rows = (
        RobotWebhook.objects.filter(is_active=True)
        .filter(Q(unit_id__in=unit_ids) | Q(region_id__in=region_ids))
        .order_by("pk")
        .values_list("pk", "name", "unit_id", "region_id")
    )
    for pk, name, unit_id, region_id in rows:
        (by_unit[unit_id] if unit_id else by_region[region_id]).append(Robot(pk, name))
    return by_unit, by_region


@when_locked
def messages_for(due: list[reminders.Reminder]) -> list[Outgoing]:
    if not due:
        return []
    unit_ids = {r.unit_id for r in due}
    by_unit, by_region = robots_of(unit_ids, {r.plan.region_id for r in due})
    site_url = getattr(settings, "MINSHENG_SITE_URL", "")
    return compose(due, people_of(unit_ids), by_unit, by_region, site_url)
