"""Ranking, totals and the unit × period matrix of reporting compliance, as plain functions.

They take what `compliance.tally` takes — `expected` as (unit, project, period) for every lead unit's
report due, `received` as {(project, period key): first submission} — so the page and the API count
alike. A matrix cell is 按时 (on time), 迟报 (late), 未报 (missing) or 未到期 (not due yet)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.compliance.rules import Tally

ON_TIME, LATE, MISSING, NOT_DUE = "on_time", "late", "missing", "not_due"
WORDS = {ON_TIME: "按时", LATE: "迟报", MISSING: "未报", NOT_DUE: "未到期"}
MARKS = {ON_TIME: "✓", LATE: "迟报", MISSING: "未报", NOT_DUE: "未到期"}
SEVERITY = [MISSING, LATE, ON_TIME, NOT_DUE]  # a cell shows its worst state


@dataclass(frozen=True)
class Ranked:
    rank: int | None  # None when nothing was due yet: not ranked
    tally: Tally


def rank(tallies: list[Tally]) -> list[Ranked]:
    """Best completeness, then timeliness first; equal rates share a rank (1, 1, 3); rows with nothing
    due come last, unranked."""
    rows = sorted(tallies, key=lambda t: (t.expected == 0, -t.completeness, -t.timeliness, t.unit))
    out, previous, place = [], None, 0
    for n, t in enumerate(rows, start=1):
        if t.expected == 0:
            out.append(Ranked(None, t))
            continue
        rates = (t.completeness, t.timeliness)
        if rates != previous:
            place, previous = n, rates
        out.append(Ranked(place, t))
    return out


def total(tallies, label: str) -> Tally:
    row = Tally(label)
    for t in tallies:
        row.expected += t.expected
        row.received += t.received
        row.on_time += t.on_time
    return row


def totals_by(groups: list[tuple[str, Tally]]) -> list[Tally]:
    """Sum tallies that share a label (e.g. the plans of one region), in first-seen order."""
    by_label: dict[str, list[Tally]] = defaultdict(list)
    for label, t in groups:
        by_label[label].append(t)
    return [total(rows, label) for label, rows in by_label.items()]


def status(
    submitted: datetime.datetime | None,
    period: calendar.Period,
    moment: datetime.datetime,
    rules: calendar.CalendarRules = calendar.DEFAULT_RULES,
) -> str:
    """One expected report at a moment."""
    if submitted is not None and submitted <= moment:
        return ON_TIME if calendar.is_on_time(submitted, period, rules) else LATE
    return NOT_DUE if calendar.due_at(period, rules) > moment else MISSING


@dataclass
class Cell:
    on_time: int = 0
    late: int = 0
    missing: int = 0
    not_due: int = 0

    def add(self, state: str) -> None:
        setattr(self, state, getattr(self, state) + 1)

    @property
    def count(self) -> int:
        return self.on_time + self.late + self.missing + self.not_due

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def state(self) -> str:
        return next((s for s in SEVERITY if getattr(self, s)), NOT_DUE)

    @property
    def label(self) -> str:
        """ "✓" for one report on time; for several, each state with its count ("✓2 迟报1")."""
        if self.count <= 1:
            return MARKS[self.state]
        parts = [(MARKS[s], getattr(self, s)) for s in (ON_TIME, LATE, MISSING, NOT_DUE) if getattr(self, s)]
        return " ".join(f"{mark}{n}" for mark, n in parts)

    @property
    def title(self) -> str:
        return "，".join(
            f"{WORDS[s]} {getattr(self, s)}" for s in (ON_TIME, LATE, MISSING, NOT_DUE) if getattr(self, s)
        )


@dataclass
class MatrixRow:
    unit: str
    cells: list[Cell]


def matrix(
    leads: list[tuple[str, int]],
    periods: list[calendar.Period],
    received: dict,
    moment: datetime.datetime,
    rules: calendar.CalendarRules = calendar.DEFAULT_RULES,
    order: list[str] | None = None,
) -> tuple[list[MatrixRow], list[Cell]]:
    """Per unit and period, the state of the unit's reports for its projects (`leads` lists
    (unit, project)); with the column totals. Rows follow `order` (the ranking), then name."""
    rows: dict[str, MatrixRow] = {}
    columns = [Cell() for _ in periods]
    for unit, project in leads:
        row = rows.setdefault(unit, MatrixRow(unit, [Cell() for _ in periods]))
        for n, period in enumerate(periods):
            state = status(received.get((project, period.key)), period, moment, rules)
            row.cells[n].add(state)
            columns[n].add(state)
    place = {unit: n for n, unit in enumerate(order or [])}
    ordered = sorted(rows.values(), key=lambda r: (place.get(r.unit, len(place)), r.unit))
    return ordered, columns


def shown_periods(
    kind: str, first: datetime.date, last: datetime.date, as_of: datetime.date, limit: int = 13
) -> list[calendar.Period]:
    """The matrix columns: the plan's periods that have begun by `as_of`, the latest `limit` of them."""
    if as_of < first:
        return []
    return calendar.periods(kind, first, min(last, as_of))[-limit:]
