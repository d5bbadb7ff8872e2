"""The status of a plan's projects at several days from one fetch: the month-by-month trend.

`plan_history(plan, days)` reads the plan's records once, up to the last day (`status_data.
fetch_records`), then for each day keeps only what had been approved, decided or submitted by its end
and runs the status engine on it, so a year of month ends costs the same queries as one day and each
day equals `plan_status(plan, day)`."""

import datetime

from minsheng.plans.models import Plan
from minsheng.supervision.status.queries import end_of, facts_at, fetch_records, thresholds
from minsheng.supervision.status.rules import ProjectStatus, project_status


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
    if not days:
        return {}
    records = fetch_records(plan, end_of(max(days)))
    limits = thresholds()
    return {
        day: {pk: project_status(facts, day, limits) for pk, facts in facts_at(records, end_of(day)).items()}
        for day in days
    }
