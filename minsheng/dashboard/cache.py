"""The public board's cache: Django's cache (LocMem unless settings say otherwise) under a key made of
the view, its arguments, the normalised query string, the plan's `board_changed_at` stamp and today
(a project's colour moves with the day). Approving a report or deciding an acceptance touches the
stamp (`minsheng.plans.board.touch`), and so do edits of what the board shows (`signals.py`), so a
stale entry is never read again: no deletion is needed, and every process sees the change at once.

Only what is the same for every visitor is cached (the page content and the files), never the page
chrome with the signed-in user's name."""

import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache

from minsheng.core.clock import today

PREFIX = "minsheng:public:"
TIMEOUT = 24 * 3600
MAX_PARAM = 100  # longer query values are cut: a search box is not a way to fill the cache


def normalise(query, allowed: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The query parameters that matter, stripped, in a fixed order; others are ignored."""
    pairs = []
    for name in allowed:
        value = (query.get(name) or "").strip()[:MAX_PARAM]
        if value:
            pairs.append((name, value))
    return tuple(pairs)


def key(*parts) -> str:
    raw = json.dumps([*parts, today().isoformat()], default=str, ensure_ascii=False)
    return PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def cached(parts: tuple, build: Callable[[], object], timeout: int = TIMEOUT):
    """The value cached under `parts` (which must include the stamp), built and stored on a miss."""
    name = key(*parts)
    value = cache.get(name)
    if value is None:
        value = build()
        cache.set(name, value, timeout)
    return value


def public_status(plan, as_of):
    """`plan_status` of a public plan, cached under its stamp: the status moves only when a report is
    submitted or approved, an acceptance decided or the plan edited (all touch the stamp), or the day
    changes (part of every key)."""
    from minsheng.supervision.status.queries import plan_status

    return cached(("status", plan.pk, plan.board_changed_at, as_of), lambda: plan_status(plan, as_of))


def plan_history(plan, days):
    """The dashboards' month-end status history of a plan, cached under its stamp."""
    from minsheng.dashboard.office.history import plan_history as compute

    return cached(("history", plan.pk, plan.board_changed_at, tuple(days)), lambda: compute(plan, days))


def plan_compliance(plan, as_of, kind):
    """Reporting completeness and timeliness of a plan's units, cached under its stamp (a submission
    touches it)."""
    from minsheng.reporting.compliance.queries import plan_compliance as compute

    return cached(
        ("compliance", plan.pk, plan.board_changed_at, as_of, kind), lambda: compute(plan, as_of, kind)
    )
