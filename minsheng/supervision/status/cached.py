"""Each plan's status of a day, cached under the plan's stamp: one entry per plan and day, shared by the
public board, the status API, the dashboards and the watchlist, and warmed by the background worker
after a change commits (`dashboard.warming`). A key carries the plan's `board_changed_at` stamp and
today, so a stale entry is never read again and nothing needs deleting."""

import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache

from minsheng.core.clock import today
from minsheng.supervision.status.queries import plans_status_by_plan

PREFIX = "minsheng:public:"
TIMEOUT = 24 * 3600


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


def cached_many(
    kind: str, plans, extra: tuple, build: Callable[[list], dict], stamp: str = "board_changed_at"
) -> dict:
    """{plan id: value} for every plan, each cached under its own stamp; the plans whose entry is missing
    are built together by one call of `build(plans)` → {plan id: value}, so a cold province costs the
    queries of one plan."""
    names = {plan.pk: key(kind, plan.pk, getattr(plan, stamp), *extra) for plan in plans}
    found = cache.get_many(list(names.values()))
    result = {pk: found[name] for pk, name in names.items() if name in found}
    missing = [plan for plan in plans if plan.pk not in result]
    if missing:
        built = build(missing)
        cache.set_many({names[pk]: value for pk, value in built.items()}, TIMEOUT)
        result |= built
    return result


def day_statuses(plans, day) -> dict:
    """{plan id: {project id: status}} as of one day, cached per plan under its board stamp; the plans
    missing are read together (`plans_status_by_plan`)."""
    return cached_many("status", plans, (day,), lambda missing: plans_status_by_plan(missing, day))
