"""The working year (工作年度) a signed-in user has chosen in the header: the lists and dashboards that
take a year (the watchlist, the dashboard, 考核, the compliance overview) open on it
when the address names no year. Kept in the session; a year the user has no plan of is ignored by the
page reading it, which then falls back to its own default."""

SESSION_KEY = "work_year"


def chosen_year(request) -> int | None:
    session = getattr(request, "session", None)
    value = session.get(SESSION_KEY) if session is not None else None
    return value if isinstance(value, int) else None


def year_or_chosen(request, years) -> int | None:
    """The chosen working year when it is one of `years`, else None (the page's own default)."""
    year = chosen_year(request)
    return year if year is not None and year in set(years) else None
