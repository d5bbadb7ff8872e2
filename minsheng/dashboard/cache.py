"""The public board's cache: Django's cache (LocMem unless settings say otherwise) under a key made of
the view, its arguments, the normalised query string, the plan's `board_changed_at` stamp and today
(a project's colour moves with the day). Approving a report or deciding an acceptance touches the
stamp (`minsheng.plans.board.touch`), and so do edits of what the board shows (`signals.py`), so a
stale entry is never read again: no deletion is needed, and every process sees the change at once.

Only what is the same for every visitor is cached (the page content and the files), never the page
chrome with the signed-in user's name."""

from minsheng.core.clock import today
from minsheng.supervision.status import month_ends
from minsheng.supervision.status.cached import PREFIX, TIMEOUT, cached, cached_many, day_statuses, key

__all__ = ["PREFIX", "TIMEOUT", "cached", "cached_many", "day_statuses", "key", "normalise"]

MAX_PARAM = 100  # longer query values are cut: a search box is not a way to fill the cache


def normalise(query, allowed: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The query parameters that matter, stripped, in a fixed order; others are ignored."""
    pairs = []
    for name in allowed:
        value = (query.get(name) or "").strip()[:MAX_PARAM]
        if value:
            pairs.append((name, value))
    return tuple(pairs)


def public_status(plan, as_of):
    """`plan_status` of a public plan, cached under its stamp: the status moves only when a report is
    submitted or approved, an acceptance decided or the plan edited (all touch the stamp), or the day
    changes (part of every key). The same entry as the dashboards' and the watchlist's."""
    return day_statuses([plan], as_of)[plan.pk]


def plans_history(plans, days) -> dict:
    """{plan id: {day: {project id: status}}}: each project's status at these days, cached per plan. Days
    before today come from the month-end table (`supervision.status.month_ends`) and are cached under the
    history stamp (approvals made now do not change them); today and later under the board stamp, each
    day's status then read for all the plans at once."""
    past = [d for d in days if d < today()]
    result: dict = {plan.pk: {} for plan in plans}
    if past:
        found = cached_many(
            "history",
            plans,
            (tuple(past),),
            lambda m: month_ends.plans_history(m, past),
            "history_changed_at",
        )
        for pk, history in found.items():
            result[pk].update(history)
    for day in (d for d in days if d >= today()):
        for pk, statuses in day_statuses(plans, day).items():
            result[pk][day] = statuses
    return {pk: {day: history[day] for day in days} for pk, history in result.items()}


def plans_trend(plans, days) -> dict:
    """{plan id: {day: {colour: Tally}}} for days before today: what the trend chart sums, counted by
    the database from the month-end table, cached per plan under its history stamp."""
    past = tuple(d for d in days if d < today())
    if not past:
        return {plan.pk: {} for plan in plans}
    return cached_many(
        "trend", plans, (past,), lambda m: month_ends.plans_trend(m, list(past)), "history_changed_at"
    )


def plan_history(plan, days):
    """The dashboards' month-end status history of a plan, cached under its stamp."""
    return plans_history([plan], days).get(plan.pk, {})


def plans_compliance(plans, as_of, kind) -> dict:
    """{plan id: [Tally]}: reporting completeness and timeliness of each plan's units, cached per plan."""
    from minsheng.reporting.compliance.queries import plans_compliance as compute

    return cached_many("compliance", plans, (as_of, kind), lambda missing: compute(missing, as_of, kind))
