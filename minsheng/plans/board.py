"""The public board's freshness stamp: each plan records when data shown to the public last changed
(a report approved, a project accepted, a photo made public, the plan edited). Public pages are
cached under this stamp, so every app process sees a change at once without a shared cache server.
A second stamp, `history_changed_at`, moves only with changes that can alter an earlier day: the
dashboards' month ends before today are cached under it, so approvals do not make them stale."""

from django.dispatch import Signal

from minsheng.core.clock import now
from minsheng.plans.models import Plan

# Sent after a plan's stamp moved (plan_id, past): the dashboard app warms the plan's cache once the
# change commits (`dashboard.warming`).
plan_touched = Signal()


def touch(plan_id: int, *, past: bool = True) -> None:
    """Move the plan's stamp. With `past` (the default) also its history stamp: the change may alter how
    the plan stood on an earlier day (an edit, a correction, values imported with earlier dates), not
    only from now on (a report submitted or approved now), so the cached month ends are stale too."""
    moment = now()
    if past:
        Plan.objects.filter(pk=plan_id).update(board_changed_at=moment, history_changed_at=moment)
    else:
        Plan.objects.filter(pk=plan_id).update(board_changed_at=moment)
    plan_touched.send(sender=Plan, plan_id=plan_id, past=past)
