"""Reopening a locked period: a period locks `lock_days` after its due date unless the supervision office
reopens it for a plan, until a day it names, with a reason, so late reports can still be filed.

`is_reopened` is what the report workflow asks before refusing a locked period; `check_reopening` is
the plain rule for the office's request; `reopen` and `close` write it, audited on the plan."""

import datetime

from django.db import transaction

from minsheng.core.audit import log_action
from minsheng.core.clock import now
from minsheng.core.errors import DomainError
from minsheng.plans.scoping import changeable_plans
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.models import PeriodReopening

LONGEST = datetime.timedelta(days=92)  # a reopening is a short extension, not a new calendar


class ReopenError(DomainError):
    """Refused; `messages` are for the user, in Chinese."""

    default_message = "未能开放补报。"


def _plan_id(plan) -> int:
    return getattr(plan, "pk", plan)


def is_reopened(plan, period: calendar.Period | str, moment: datetime.datetime) -> bool:
    """Whether the office has reopened this period of the plan beyond `moment`."""
    if isinstance(period, str):
        period = calendar.parse_period(period)
    return PeriodReopening.objects.filter(
        plan_id=_plan_id(plan), kind=period.kind, period=period.key, until__gt=moment
    ).exists()


def end_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), calendar.SHANGHAI)


def check_reopening(
    period_key: str,
    until: datetime.date | None,
    reason: str,
    begins: datetime.date,
    ends: datetime.date,
    moment: datetime.datetime,
    rules: calendar.CalendarRules = calendar.DEFAULT_RULES,
) -> tuple[calendar.Period, datetime.datetime]:
    """(period, open until the end of that day) for a valid request; otherwise ReopenError."""
    errors = []
    try:
        period = calendar.parse_period((period_key or "").strip())
    except calendar.PeriodError as e:
        raise ReopenError(str(e)) from None
    if period.end < begins or period.start > ends:
        errors.append(f"{period.label}不在计划年度内。")
    elif not calendar.is_locked(moment, period, rules):
        locks = calendar.locks_at(period, rules)
        errors.append(f"{period.label}尚未锁定（{locks:%Y-%m-%d %H:%M} 锁定），仍可正常填报，无需开放。")
    closing = end_of_day(until) if until else None
    if closing is None:
        errors.append("请填写开放截止日期。")
    elif closing <= moment:
        errors.append("开放截止日期须晚于今天。")
    elif closing - moment > LONGEST:
        errors.append(f"开放期限最长 {LONGEST.days} 天，请缩短。")
    if not (reason or "").strip():
        errors.append("请填写开放补报的原因。")
    if errors:
        raise ReopenError(*errors)
    return period, closing


def _describe(item: PeriodReopening | None) -> str | None:
    return f"开放至 {item.until.astimezone(calendar.SHANGHAI):%Y-%m-%d %H:%M}" if item else None


def reopen(plan, period_key: str, until, reason: str, user, moment=None) -> PeriodReopening:
    """Reopen (or extend) a locked period of the plan; only the plan's office may."""
    moment = moment or now()
    if not changeable_plans(user).filter(pk=plan.pk).exists():
        raise ReopenError("只有该计划所属的督查室可以开放补报。")
    from minsheng.reporting.reports.workflow import (
        rules_for,  # here, not on top: the workflow imports this module for is_reopened
    )

    period, closing = check_reopening(
        period_key, until, reason, plan.begins, plan.ends, moment, rules_for(plan)
    )
    with transaction.atomic():
        before = (
            PeriodReopening.objects.select_for_update()
            .filter(plan=plan, kind=period.kind, period=period.key)
            .first()
        )
        was = _describe(before) if before and before.until > moment else None
        item, _ = PeriodReopening.objects.update_or_create(
            plan=plan,
            kind=period.kind,
            period=period.key,
            defaults={"until": closing, "reason": reason.strip(), "created_by": user},
        )
        log_action(
            plan,
            "reopen",
            user,
            {f"{period.label}{_kind(period)}补报": [was, _describe(item)], "原因": [None, item.reason]},
            via="web",
        )
    return item


def close(item: PeriodReopening, user, moment=None) -> PeriodReopening:
    """End a reopening now: the period is locked again."""
    moment = moment or now()
    if not changeable_plans(user).filter(pk=item.plan_id).exists():
        raise ReopenError("只有该计划所属的督查室可以结束补报。")
    with transaction.atomic():
        was = _describe(item)
        changed = PeriodReopening.objects.filter(pk=item.pk, until__gt=moment).update(until=moment)
        item.refresh_from_db()
        if changed:
            period = calendar.parse_period(item.period)
            log_action(
                item.plan, "close_reopening", user, {f"{period.label}{_kind(period)}补报": [was, "已结束"]}
            )
    return item


def current(plan, moment: datetime.datetime):
    """The plan's reopenings still open at `moment`, soonest to close first."""
    return (
        PeriodReopening.objects.filter(plan=plan, until__gt=moment)
        .select_related("created_by")
        .order_by("until")
    )


def _kind(period: calendar.Period) -> str:
    return "周台账" if period.kind == calendar.WEEK else "月报"


def locked_periods(plan, moment: datetime.datetime, rules=calendar.DEFAULT_RULES) -> list[calendar.Period]:
    """The plan's periods that have locked by `moment`, newest first: months, then weeks."""
    out = []
    for kind in (calendar.MONTH, calendar.WEEK):
        spans = calendar.periods(kind, plan.begins, plan.ends)
        out += [p for p in reversed(spans) if calendar.is_locked(moment, p, rules)]
    return out
