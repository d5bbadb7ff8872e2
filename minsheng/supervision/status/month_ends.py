"""Each project's status at the month ends before today, kept in a table (`MonthEndStatus`): a past day's
status moves only when something alters the past (an edit, a correction), and every such change moves
the plan's `history_changed_at` stamp. So a plan's month end is computed once, stored under the stamp and
the rules' fingerprint, and read back until one of them changes, whatever the cache holds.

- `plans_history(plans, days)` → {plan id: {day: {project id: ProjectStatus}}}: the statuses themselves.
- `plans_trend(plans, days)` → {plan id: {day: {colour: Tally}}}: what a trend chart sums, counted by
  the database, so a province's year of month ends is a few hundred rows, not 60,000 statuses.

Both first make sure the days are stored (`stored_days`, one query): what is missing (a new month end,
a plan whose stamp moved) is computed in one pass per group of plans missing the same days
(`status.series`) and written back. Only month ends before today are stored; other days are computed
(an approval made today can still change today and later)."""

import dataclasses
import datetime
import hashlib
import json
from collections import defaultdict
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import Lag

from minsheng.core.clock import today
from minsheng.supervision.models import MonthEndStatus
from minsheng.supervision.status.colour_history import BEHIND
from minsheng.supervision.status.fetch import fetch_plans
from minsheng.supervision.status.queries import end_of, thresholds
from minsheng.supervision.status.rules import ProjectStatus
from minsheng.supervision.status.series import statuses_over

# Raised when the status rules change in a way that alters past colours: every stored row is then
# computed again (the thresholds set in settings are part of the fingerprint already).
RULES_REVISION = 1
_FIELDS = ("colour", "progress", "expected", "gap", "forecast_date", "finished", "overdue_reports", "reasons")


class Tally(NamedTuple):
    """The projects of one colour on one day: how many, the sums of their progress and expected, and
    how many of them were behind at the month end before and are not now (补齐)."""

    count: int
    progress: float
    expected: float
    caught_up: int = 0


def fingerprint() -> str:
    """A short digest of the rules' revision and the thresholds in force."""
    raw = json.dumps([RULES_REVISION, dataclasses.asdict(thresholds())], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def computed_history(plans, days: list[datetime.date]) -> dict[int, dict]:
    """{plan id: {day: {project id: ProjectStatus}}} computed from the reports: the queries of one
    status read for all the plans, and one pass over each plan's values."""
    if not days or not plans:
        return {}
    fetched = fetch_plans(plans, end_of(max(days)))
    return {pk: statuses_over(records, days) for pk, records in fetched.items()}


def _current(plans, days, rules: str):
    """The rows of the plans and days written under each plan's present stamp and these rules."""
    same_stamp = Q(basis=F("plan__history_changed_at")) | Q(
        basis__isnull=True, plan__history_changed_at__isnull=True
    )
    return MonthEndStatus.objects.filter(
        same_stamp, plan__in=[p.pk for p in plans], day__in=days, rules=rules
    )


def _store(plans, history: dict[int, dict], rules: str) -> None:
    """Write the plans' computed days under the stamps they were computed from (read before the values:
    a change made meanwhile moved the stamp, so these rows are never read again)."""
    stamps = {plan.pk: plan.history_changed_at for plan in plans}
    rows = [
        MonthEndStatus(
            plan_id=plan_id,
            project_id=project_id,
            day=day,
            basis=stamps[plan_id],
            rules=rules,
            **{name: getattr(status, name) for name in _FIELDS[:-1]},
            reasons=list(status.reasons),
        )
        for plan_id, by_day in history.items()
        for day, statuses in by_day.items()
        for project_id, status in statuses.items()
    ]
    with transaction.atomic():
        MonthEndStatus.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["project", "day"],
            update_fields=["plan", "basis", "rules", *_FIELDS],
        )


def stored_days(plans, days: list[datetime.date], later: list[datetime.date] = ()) -> dict[int, dict]:
    """Make sure every plan's `days` (all before today) are stored; the statuses computed on the way,
    with those of `later` (computed, not stored), as {plan id: {day: {project id: status}}}."""
    rules = fingerprint()
    present: dict[int, set] = defaultdict(set)
    if days:
        for plan_id, day in _current(plans, days, rules).values_list("plan_id", "day").distinct():
            present[plan_id].add(day)
    groups: dict[tuple, list] = defaultdict(list)  # the days a plan lacks → the plans lacking them
    for plan in plans:
        missing = tuple(d for d in days if d not in present[plan.pk])
        if missing or later:
            groups[missing].append(plan)
    computed: dict[int, dict] = {}
    for missing, group in groups.items():  # usually one group: every plan lacks the same month end
        found = computed_history(group, [*missing, *later])
        if missing:
            _store(group, {pk: {d: by_day[d] for d in missing} for pk, by_day in found.items()}, rules)
        computed |= found
    return computed


def _kept(day: datetime.date) -> bool:
    """Whether a day's statuses are stored: a month end before today (other days are computed)."""
    return day < today() and (day + datetime.timedelta(days=1)).day == 1


def _split(days) -> tuple[list, list]:
    days = sorted(set(days))
    return [d for d in days if _kept(d)], [d for d in days if not _kept(d)]


def plans_history(plans, days: list[datetime.date]) -> dict[int, dict]:
    """{plan id: {day: {project id: ProjectStatus}}} for every plan and day: past month ends from the
    table (computing and storing what it lacks), other days computed."""
    plans, (past, later) = list(plans), _split(days)
    if not plans or not (past or later):
        return {}
    computed = stored_days(plans, past, later)
    result: dict[int, dict] = {plan.pk: defaultdict(dict) for plan in plans}
    unread = [plan for plan in plans if any(d not in computed.get(plan.pk, {}) for d in past)]
    if unread:
        rows = _current(unread, past, fingerprint()).values_list("plan_id", "day", "project_id", *_FIELDS)
        for plan_id, day, project_id, *fields in rows:
            status = dict(zip(_FIELDS, fields, strict=True))
            status["reasons"] = tuple(status["reasons"])  # JSON keeps a list
            result[plan_id][day][project_id] = ProjectStatus(**status)
    for pk, by_day in computed.items():
        result[pk].update(by_day)
    wanted = list(dict.fromkeys(days))  # the caller's order
    return {pk: {day: dict(by_day.get(day, {})) for day in wanted} for pk, by_day in result.items()}


def plans_trend(plans, days: list[datetime.date]) -> dict[int, dict]:
    """{plan id: {day: {colour: Tally}}} for the month ends before today among `days`, counted by the
    database once stored."""
    plans, (past, _) = list(plans), _split(days)
    result: dict[int, dict] = {plan.pk: {day: {} for day in past} for plan in plans}
    if not plans or not past:
        return result
    stored_days(plans, past)
    previous = Window(Lag("colour"), partition_by=[F("project_id")], order_by=F("day").asc())
    inner = (
        _current(plans, past, fingerprint())
        .annotate(previous=previous)
        .values("plan_id", "day", "colour", "progress", "expected", "previous")
    )
    sql, params = inner.query.sql_with_params()
    behind = ", ".join(["%s"] * len(BEHIND))
    counted = f"""SELECT plan_id, day, colour, COUNT(*), SUM(progress), SUM(expected),
        SUM(CASE WHEN previous IN ({behind}) AND colour NOT IN ({behind}) THEN 1 ELSE 0 END)
        FROM ({sql}) AS month_end GROUP BY plan_id, day, colour"""
    day_field = MonthEndStatus._meta.get_field("day")
    with connection.cursor() as cursor:
        cursor.execute(counted, [*sorted(BEHIND), *sorted(BEHIND), *params])  # in the order they appear
        for plan_id, day, colour, n, progress, expected, caught_up in cursor.fetchall():
            day = day_field.to_python(day)  # SQLite answers text
            result[plan_id][day][colour] = Tally(n, float(progress), float(expected), int(caught_up or 0))
    return result
