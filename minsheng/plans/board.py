"""The public board's freshness stamp: each plan records when data shown to the public last changed
(a report approved, a project accepted, a photo made public, the plan edited). Public pages are
cached under this stamp, so every app process sees a change at once without a shared cache server.
A second stamp, `history_changed_at`, moves only with changes that can alter an earlier day: the
dashboards' month ends before today are cached under it, so approvals do not make them stale."""

from django.dispatch import Signal

from minsheng.core.clock import now
from minsheng.plans.models import Plan

# Sent after plans' stamps moved (lookup: the plans, as a filter; past): the dashboard app warms their
# cache once the change commits (`dashboard.warming`).
plan_touched = Signal()


def touch(plan_id: int, *, past: bool = True) -> None:
    """Move the plan's stamp. With `past` (the default) also its history stamp: the change may alter how
    the plan stood on an earlier day (an edit, a correction, values imported with earlier dates), not
    only from now on (a report submitted or approved now), so the cached month ends are stale too."""
    touch_where(past=past, pk=plan_id)


def touch_where(*, past: bool = True, **lookup) -> None:
    """Move the stamps of the plans the lookup selects (one UPDATE; see `touch` for `past`)."""
    moment = now()
    stamps = (
        {"board_changed_at": moment, "history_changed_at": moment} if past else {"board_changed_at": moment}
    )
    Plan.objects.filter(**lookup).update(**stamps)
    plan_touched.send(sender=Plan, lookup=lookup, past=past)
