"""The status of a plan's projects at several days: the month-by-month trend.

`plans_history(plans, days)` reads the month ends before today from the table they are kept in and
computes only what it lacks (`supervision.status.month_ends`): one fetch for the plans missing the same
days, then one pass over their values (`status.series`), so a year of month ends costs the same queries
as one day, for one plan or a province's, and each day equals `plan_status(plan, day)`."""

import datetime

from minsheng.plans.models import Plan
from minsheng.supervision.status.month_ends import plans_history
from minsheng.supervision.status.rules import ProjectStatus

__all__ = ["month_ends", "plan_history", "plans_history"]


def month_ends(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month end from `first`'s month to before `last`, then `last` itself."""
    days = []
    year, month = first.year, first.month
    while True:
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        end = following - datetime.timedelta(days=1)
        if end >= last:
            break
        days.append(end)
        year, month = following.year, following.month
    return [*days, last] if last >= first else []


def plan_history(plan: Plan, days: list[datetime.date]) -> dict[datetime.date, dict[int, ProjectStatus]]:
    """{day: {project id: ProjectStatus}} for each day, in the queries of one `plan_status`."""
    return plans_history([plan], days).get(plan.pk, {})
