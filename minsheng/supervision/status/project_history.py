"""A project's colour history from the database: its status at each month end before the day looked at
(the month-end table, `month_ends`) and on the day itself (the shared status entry), read as plain rules
(`colour_history`). The project page shows it through the "plans.colour_history" hook."""

import datetime

from minsheng.core.clock import today
from minsheng.supervision.status import month_ends
from minsheng.supervision.status.cached import day_statuses
from minsheng.supervision.status.colour_history import MonthColour, colour_history
from minsheng.supervision.status.queries import default_as_of
from minsheng.supervision.status.trajectory import month_ends as month_ends_through


def project_colours(project, as_of: datetime.date | None = None) -> list[MonthColour]:
    """The project's colour at each month end of its plan up to `as_of` (default today, or the last
    day of an ended plan), then on `as_of` itself."""
    plan = project.plan
    as_of = as_of or default_as_of(plan)
    if as_of < plan.begins:
        return []
    days = [d for d in month_ends_through(plan.begins, as_of) if d < as_of]
    past = [d for d in days if d < today()]
    history = month_ends.plans_history([plan], past)[plan.pk] if past else {}
    if as_of >= today():
        history[as_of] = day_statuses([plan], as_of)[plan.pk]
    else:
        history |= month_ends.plans_history([plan], [as_of])[plan.pk]
    return colour_history(
        (day, statuses[project.pk]) for day, statuses in history.items() if project.pk in statuses
    )
