"""Which reminders are due at a moment: a plain function over plain data, no database.

For every published plan and every expected report — each lead unit × project × period of the plan's
calendar — that has not been submitted:
- 提醒 (remind) from `lead` days before the due moment until it;
- 催报 (urge) from the due moment until the end of the grace days;
- 再次催报 (urge again) from the end of the grace days until the period locks.
After the lock nothing is sent (the office reopens a period by hand). One reminder groups all the
missing reports of a unit for one plan, period and stage, so a unit missing ten reports gets one
message listing them. Its `key` names it for good: a reminder with the same key is never sent twice.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.calendar.rules import CalendarRules, Period

REMIND, URGE, URGE_AGAIN = "remind", "urge", "urge2"
STAGES = (REMIND, URGE, URGE_AGAIN)
PUBLISHED = "published"
# Days before the due moment when the reminder goes out (settings.MINSHENG_REMINDER_LEAD_DAYS).
DEFAULT_LEAD_DAYS = {calendar.WEEK: 1, calendar.MONTH: 3}


@dataclass(frozen=True)
class PlanInfo:
    id: int
    name: str  # "济宁市2024年民生实事"
    region_id: int
    state: str
    begins: datetime.date
    ends: datetime.date
    rules: CalendarRules = calendar.DEFAULT_RULES


@dataclass(frozen=True)
class Lead:
    """A lead unit of a project."""

    plan_id: int
    project_id: int
    project: str  # "3. 建设200处老年人食堂"
    unit_id: int
    unit: str


@dataclass(frozen=True)
class Reminder:
    stage: str
    plan: PlanInfo
    unit_id: int
    unit: str
    period: Period
    projects: tuple[tuple[int, str], ...] = field(default=())  # (project id, label), in plan order

    @property
    def key(self) -> str:
        return f"{self.stage}:p{self.plan.id}:u{self.unit_id}:{self.period.key}"

    @property
    def due(self) -> datetime.datetime:
        return calendar.due_at(self.period, self.plan.rules)

    @property
    def on_time_until(self) -> datetime.datetime:
        return calendar.on_time_until(self.period, self.plan.rules)

    @property
    def locks(self) -> datetime.datetime:
        return calendar.locks_at(self.period, self.plan.rules)


def stage_at(moment: datetime.datetime, period: Period, rules: CalendarRules, lead_days: int) -> str | None:
    """The stage of a missing report of `period` at `moment`, or None (too early, or locked)."""
    due = calendar.due_at(period, rules)
    if moment < due - datetime.timedelta(days=lead_days):
        return None
    if moment < due:
        return REMIND
    if moment < calendar.on_time_until(period, rules) and moment < calendar.locks_at(period, rules):
        return URGE
    if moment < calendar.locks_at(period, rules):
        return URGE_AGAIN
    return None


def open_periods(
    moment: datetime.datetime, plan: PlanInfo, lead_days: dict[str, int] = DEFAULT_LEAD_DAYS
) -> list[tuple[Period, str]]:
    """The periods of a published plan with a stage at `moment`, each with its stage."""
    if plan.state != PUBLISHED:
        return []
    day = moment.astimezone(calendar.SHANGHAI).date()
    out = []
    for kind in (calendar.WEEK, calendar.MONTH):
        lead = lead_days.get(kind, 0)
        # A period's due day lies inside it, so only periods near `moment` can have a stage.
        first = max(plan.begins, day - datetime.timedelta(days=plan.rules.lock_days + 1))
        last = min(plan.ends, day + datetime.timedelta(days=lead + 1))
        if first > last:
            continue
        for period in calendar.periods(kind, first, last):
            if stage := stage_at(moment, period, plan.rules, lead):
                out.append((period, stage))
    return out


def due_reminders(
    moment: datetime.datetime,
    plans: list[PlanInfo],
    leads: list[Lead],
    submitted: set[tuple[int, str]],
    lead_days: dict[str, int] = DEFAULT_LEAD_DAYS,
) -> list[Reminder]:
    """The reminders due at `moment`. `submitted` holds (project id, period key) of every report that
    has been submitted."""
    by_plan = defaultdict(list)
    for lead in leads:
        by_plan[lead.plan_id].append(lead)
    out = []
    for plan in plans:
        for period, stage in open_periods(moment, plan, lead_days):
            missing: dict[tuple[int, str], list[tuple[int, str]]] = {}
            for lead in by_plan[plan.id]:
                if (lead.project_id, period.key) not in submitted:
                    missing.setdefault((lead.unit_id, lead.unit), []).append((lead.project_id, lead.project))
            for (unit_id, unit), projects in missing.items():
                out.append(Reminder(stage, plan, unit_id, unit, period, tuple(projects)))
    return out


def period_keys(moment: datetime.datetime, plans: list[PlanInfo], lead_days=DEFAULT_LEAD_DAYS) -> set[str]:
    """The period keys any reminder at `moment` can be about (to fetch only their reports)."""
    return {period.key for plan in plans for period, _ in open_periods(moment, plan, lead_days)}
