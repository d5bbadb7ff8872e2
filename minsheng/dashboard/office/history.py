"""The status of a plan's projects at several days from one fetch: the month-by-month trend.

`plans_history(plans, days)` reads the plans' records once, up to the last day (`status.fetch`), then
takes the days in order, adding what had been approved, decided or submitted by each (`status.series`),
so a year of month ends costs the same queries as one day, for one plan or a province's, and each day
equals `plan_status(plan, day)`."""

import datetime

from minsheng.plans.models import Plan
from minsheng.supervision.status.fetch import fetch_plans
from minsheng.supervision.status.queries import end_of
from minsheng.supervision.status.rules import ProjectStatus
from minsheng.supervision.status.series import statuses_over


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


def plans_history(plans: list[Plan], days: list[datetime.date]) -> dict[int, dict]:
    """{plan id: {day: {project id: ProjectStatus}}} for every plan, in seven queries for them all and
    one pass over each plan's values (`status.series`)."""
    if not days or not plans:
        return {}
    fetched = fetch_plans(plans, end_of(max(days)))
    return {pk: statuses_over(records, days) for pk, records in fetched.items()}
