"""The watchlist (重点关注) as plain functions: rank projects by risk and filter them. No ORM.

Risk order, most urgent first: colour (红 > 橙 > 黄 > 绿 > 蓝), then the gap to pace in points, the
forecast delay in days (forecast completion date − due date), overdue reports, open problems and open
orders; ties keep the plan's own order."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from minsheng.supervision.status.rules import COLOURS, ProjectStatus

COLOUR_RANK = {c: colour.rank for c, colour in COLOURS.items()}
RISK = "risk"  # the filter value for 黄、橙、红 together
RISK_COLOURS = frozenset(c for c, colour in COLOURS.items() if colour.rank >= COLOURS["yellow"].rank)
RISK_WORDS = "、".join(colour.label for c, colour in COLOURS.items() if c in RISK_COLOURS)  # 黄、橙、红
COLOUR_CHOICES = [(RISK, f"需关注（{RISK_WORDS}）")] + [
    (c, colour.name) for c, colour in reversed(COLOURS.items())
]


@dataclass(frozen=True)
class Row:
    project_id: int
    status: ProjectStatus | None  # None only while filtering on everything but the colour
    due: datetime.date
    order: tuple = ()  # the project's place in its plan, for ties
    region_id: int | None = None
    category_id: int | None = None
    unit_ids: frozenset[int] = field(default_factory=frozenset)  # lead units
    leader_ids: frozenset[int] = field(default_factory=frozenset)
    open_problems: int = 0
    open_orders: int = 0
    proposals: int = 0
    item: object = None  # whatever the page shows (the project)

    @property
    def known(self) -> ProjectStatus:
        """The status, which every row that is ranked, counted or filtered by colour has."""
        if self.status is None:
            raise ValueError("a watchlist row without its status is filtered only on what is not colour")
        return self.status

    @property
    def delay_days(self) -> int | None:
        """Days the forecast completion falls after the due date (negative: before); None when
        finished or when there is no forecast."""
        status = self.known
        if status.finished or status.forecast_date is None:
            return None
        return (status.forecast_date - self.due).days

    @property
    def ahead(self) -> float | None:
        """Points ahead of pace, when ahead."""
        return -self.known.gap if self.known.gap < 0 else None

    @property
    def delay_late(self) -> int | None:
        delay = self.delay_days
        return delay if delay is not None and delay > 0 else None

    @property
    def delay_early(self) -> int | None:
        delay = self.delay_days
        return -delay if delay is not None and delay < 0 else None


def risk_key(row: Row) -> tuple:
    status = row.known
    return (
        -COLOUR_RANK[status.colour],
        -status.gap,
        -(row.delay_days or 0),
        -status.overdue_reports,
        -row.open_problems,
        -row.open_orders,
        row.order,
    )


def rank(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=risk_key)


@dataclass(frozen=True)
class Filters:
    region_id: int | None = None
    category_id: int | None = None
    unit_id: int | None = None
    leader_id: int | None = None
    colour: str = ""


def matches(row: Row, f: Filters) -> bool:
    if f.region_id is not None and row.region_id != f.region_id:
        return False
    if f.category_id is not None and row.category_id != f.category_id:
        return False
    if f.unit_id is not None and f.unit_id not in row.unit_ids:
        return False
    if f.leader_id is not None and f.leader_id not in row.leader_ids:
        return False
    if f.colour == RISK:
        return row.known.colour in RISK_COLOURS
    return not f.colour or row.known.colour == f.colour


def select(rows: list[Row], f: Filters) -> list[Row]:
    """The rows that pass the filters, most at risk first."""
    return rank([r for r in rows if matches(r, f)])


def colour_counts(rows: list[Row]) -> list[tuple[str, str, int]]:
    """(colour, label, count) from red to blue."""
    counts = Counter(r.known.colour for r in rows)
    return [(c, COLOURS[c].label, counts[c]) for c in sorted(COLOURS, key=lambda c: -COLOUR_RANK[c])]
