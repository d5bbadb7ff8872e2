"""The working year (工作年度) a signed-in user has chosen in the header: the lists and dashboards that
take a year (the watchlist, the dashboard, 考核, the compliance overview) open on it when the address
names no year. Kept in the session; a year the page has no plan of is ignored, and the page falls back
to its own default.

`year_to_open` is that rule, the one every such page reads its year through (each page's filters or
choice parsing: supervision/watch/filters.py, dashboard/scope.py, supervision/assessment/views.py
`_choice`, reporting/compliance/filters.py)."""

from collections.abc import Collection
from typing import TypeVar

SESSION_KEY = "work_year"

Default = TypeVar("Default")


def chosen_year(request) -> int | None:
    session = getattr(request, "session", None)
    value = session.get(SESSION_KEY) if session is not None else None
    return value if isinstance(value, int) else None


def year_to_open(
    asked: int | None, work_year: int | None, years: Collection[int], default: Default
) -> int | Default:
    """The year a page opens on: the one its address asks for (`asked`); else the working year when the
    page has plans of it (`years`); else the page's own `default`."""
    if asked is not None:
        return asked
    if work_year is not None and work_year in years:
        return work_year
    return default
