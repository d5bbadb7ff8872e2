"""Warming a plan's cache after a change commits: once a report is submitted or approved, an acceptance
decided or the plan edited (`plans.board.touch`), a job for the background worker computes the plan's
status of the day (shared by the public board, the status API and the dashboards) and its month-end
history, so the next visitor finds them cached instead of paying for them, also in a month-end burst.

The job is queued after the commit, so it reads what committed; losing one (a crash in between) costs
only a cold entry. Jobs are cheap when repeated: the second finds the entries cached. Only where the
cache is shared (MINSHENG_WARM_CACHE, on unless the cache is each process's memory)."""

from django.conf import settings
from django.db import transaction
from django_tasks import task

from minsheng.dashboard import cache
from minsheng.dashboard.office.history import month_ends
from minsheng.plans.board import plan_touched
from minsheng.plans.models import Plan
from minsheng.supervision.status.queries import default_as_of


@task()
def warm_plan(plan_id: int) -> str:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return "gone"
    as_of = default_as_of(plan)
    cache.day_statuses([plan], as_of)
    cache.plans_history([plan], month_ends(plan.begins, as_of) or [as_of])
    return "warm"


def _after_commit(sender, lookup: dict, **kwargs) -> None:
    if settings.WARM_CACHE:  # off with each process's own memory cache: the worker's would be its own
        transaction.on_commit(lambda: _enqueue(lookup))


def _enqueue(lookup: dict) -> None:
    """A job per plan the touch selected (a report's or a unit's plans are found after the commit)."""
    ids = (
        [lookup["pk"]]
        if lookup.keys() == {"pk"}
        else Plan.objects.filter(**lookup).values_list("pk", flat=True)
    )
    for plan_id in ids:
        warm_plan.enqueue(plan_id)


plan_touched.connect(_after_commit, dispatch_uid="minsheng.dashboard.warming")
