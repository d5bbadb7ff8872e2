"""The public board's freshness stamp: each plan records when data shown to the public last changed
(a report approved, a project accepted, a photo made public, the plan edited). Public pages are
cached under this stamp, so every app process sees a change at once without a shared cache server."""

from minsheng.core.clock import now
from minsheng.plans.models import Plan


def touch(plan_id: int) -> None:
    Plan.objects.filter(pk=plan_id).update(board_changed_at=now())
